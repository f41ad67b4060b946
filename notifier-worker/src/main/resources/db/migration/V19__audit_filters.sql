-- The audit log's filters (GET /api/audit and the console: actor, action, target, each exact, newest first) each
-- get an index in the page's order, so that a filtered page and its capped count read only the matching entries
-- instead of walking the whole log by time. The time index takes the page's tie-break (id) too, and serves the
-- unfiltered page and the retention purge (RetentionPurger, notifier.retention.audit). The log is written rarely
-- (one row per admin change or API send), so four indexes cost little.
-- (V18 is left to a change made alongside this one.)
create index admin_audit_actor on admin_audit (actor, at desc, id desc);
create index admin_audit_action on admin_audit (action, at desc, id desc);
create index admin_audit_target on admin_audit (target, at desc, id desc);
drop index admin_audit_at;
create index admin_audit_at on admin_audit (at desc, id desc);
