-- Who changed what through the admin API (AuditLog): one row per change, read newest first at GET /api/audit.
-- actor is the token's name (notifier.admin.tokens.<name>, or admin); changes never hold a secret, a phone
-- number or a message's text. (V14 belongs to a change made alongside this one.)
create table admin_audit (
    id      bigserial   primary key,
    at      timestamptz not null default now(),
    actor   text        not null,
    action  text        not null,
    target  text        not null,
    changes jsonb       not null default '{}'
);
create index admin_audit_at on admin_audit (at desc);
