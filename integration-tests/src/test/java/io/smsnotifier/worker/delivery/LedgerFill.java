package io.smsnotifier.worker.delivery;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * Fills a migrated database as a busy worker leaves it, with SQL ({@code insert ... select from generate_series}), for
 * {@link LedgerQueryBenchmark}: {@code deliveries} over the last 30 days, each row in its day's partition, oldest
 * first (ids rise with time, as claims make them), the {@code admin_audit} of 400 days of API sends and changes, a
 * day of {@code outcome_minutes}, and one retired service version. A table's indexes are dropped while it fills and built again afterwards (from
 * their own definitions, whatever the migrations made them): building an index once is several times faster than
 * adding 10,000,000 entries one by one. Times are relative to the database's {@code now()}, which the code reads.
 */
final class LedgerFill {

    /** The days the ledger's rows are spread over. */
    static final int DAYS = 30;

    private LedgerFill() {
    }

    /**
     * {@code rows} ledger rows: 30 % login codes (an event each), 50 % approvals and 10 % cc (events of 100), 10 %
     * notifications (events of 10), a rare {@code api.send}; 60 % at {@code aliyun-main}, 30 % at
     * {@code tencent-backup} (its reports pulled), 10 % at {@code webhook-gw}; 2,000,000 numbers and 200,000
     * members. Statuses: 2 % FAILED, 1 % SKIPPED, login codes also EXPIRED (1 %) and RATE_LIMITED (0.5 %); of the
     * rest about 2 % UNDELIVERED and 96 % DELIVERED by a report seconds to hours later, SENT still waiting for one
     * within the last five minutes (70 %), at tencent-backup with no report from the vendor (5 %, asked every few
     * minutes; past 72 hours marked NO_RECEIPT), at aliyun-main 1.5 % that never got one, at webhook-gw none (every
     * report came); the last minute's rows partly PENDING or UNKNOWN, claimed and not published.
     */
    static void deliveries(JdbcTemplate jdbc, long rows) {
        withoutIndexes(jdbc, "deliveries", () -> jdbc.execute("""
                insert into deliveries (event_id, ledger_day, recipient_key, channel, kind, member_id, phone_masked,
                                        status, service, provider_message_id, error_code, reason, attempt, created_at,
                                        updated_at, sending_at, outcome_published, claim_token, claim_until,
                                        receipt_code, receipt_message, handset_at, receipt_at, receipt_pulled_at)
                select event_id, (at at time zone 'UTC')::date, number, 'sms', kind, member, '+86139****' || right(number, 4), status,
                       case when status not in ('SKIPPED', 'PENDING') then service end,
                       case when sent then 'biz-' || block || '-' || g %% 10 end,
                       case status when 'FAILED' then '46002' when 'SKIPPED' then '46001' end,
                       case status when 'FAILED' then 'isv.MOBILE_NUMBER_ILLEGAL' when 'SKIPPED' then 'no number' end,
                       1, at, coalesce(receipt_at, at + interval '50 milliseconds'),
                       case when sent or status in ('FAILED', 'UNKNOWN') then at + interval '20 milliseconds' end,
                       status not in ('PENDING', 'UNKNOWN'),
                       case when status in ('PENDING', 'UNKNOWN') then 'bench|m#1|approval.reached/0/' || block end,
                       case when status in ('PENDING', 'UNKNOWN') then now() + interval '60 seconds' end,
                       case when receipt_at is null then null when status = 'SENT' then 'NO_RECEIPT'
                            when status = 'DELIVERED' then 'DELIVERED' else 'MK:0001' end,
                       case when status = 'UNDELIVERED' then 'handset unreachable' end,
                       case when status in ('DELIVERED', 'UNDELIVERED') then receipt_at - interval '2 seconds' end,
                       receipt_at,
                       case when service = 'tencent-backup' and sent and at < now() - interval '5 minutes'
                            then coalesce(receipt_at, now() - (r %% 600) * interval '1 second') end
                  from (select *, case when status in ('DELIVERED', 'UNDELIVERED')
                                           then least(now(), at + (3 + r %% 60) * interval '1 second'
                                                      + case when status = 'UNDELIVERED' and r %% 3 = 0
                                                             then interval '2 hours' else interval '0' end)
                                       when status = 'SENT' and service = 'tencent-backup'
                                            and at < now() - interval '72 hours' then at + interval '72 hours'
                                  end as receipt_at
                          from (select *, status in ('SENT', 'DELIVERED', 'UNDELIVERED') as sent
                                  from (select *,
                                               case when at > now() - interval '1 minute' and r < 100 then 'PENDING'
                                                    when at > now() - interval '1 minute' and r < 150 then 'UNKNOWN'
                                                    when r < 20 then 'FAILED'
                                                    when r < 30 then 'SKIPPED'
                                                    when kind = 'login.code' and r < 40 then 'EXPIRED'
                                                    when kind = 'login.code' and r < 45 then 'RATE_LIMITED'
                                                    when at > now() - interval '5 minutes' and r >= 300 then 'SENT'
                                                    when service = 'tencent-backup' and r >= 950 then 'SENT'
                                                    when service = 'aliyun-main' and r >= 985 then 'SENT'
                                                    when r < 65 then 'UNDELIVERED'
                                                    else 'DELIVERED' end as status
                                          from (select g, block, at, kind, r, number,
                                                       case kind when 'login.code' then 'lc-' || g
                                                                 when 'sms.notify' then 'sn-' || g / 10
                                                                 when 'api.send' then 'api-' || g
                                                                 else 'ap-' || block end as event_id,
                                                       case when kind like 'approval.%%'
                                                            then 'u-' || (g * 31) %% 200000 end as member,
                                                       case when g %% 10 < 6 then 'aliyun-main'
                                                            when g %% 10 < 9 then 'tencent-backup'
                                                            else 'webhook-gw' end as service
                                                  from (select g, g / 100 as block,
                                                               now() - (%1$d - g) * (interval '30 days' / %1$d) as at,
                                                               case when g %% 50021 = 0 then 'api.send'
                                                                    when (g / 100) %% 10 < 3 then 'login.code'
                                                                    when (g / 100) %% 10 < 8 then 'approval.reached'
                                                                    when (g / 100) %% 10 < 9 then 'approval.cc'
                                                                    else 'sms.notify' end as kind,
                                                               (g * 2654435761) %% 1000 as r,
                                                               '+86139' || lpad(((g * 7919) %% 2000000)::text, 8, '0')
                                                                   as number
                                                          from generate_series(0::bigint, %1$d - 1) g) base) named)
                                        statused) sent) receipted
                """.formatted(rows)));
    }

    /**
     * {@code rows} audit entries over 400 days (the retention): 95 % {@code sms.send} by five API clients, each
     * naming its own request; the rest changes by three operators, a {@code secrets.reseal} every 100,000.
     */
    static void audit(JdbcTemplate jdbc, long rows) {
        withoutIndexes(jdbc, "admin_audit", () -> jdbc.execute("""
                insert into admin_audit (at, actor, action, target, changes)
                select now() - (%1$d - g) * (interval '400 days' / %1$d),
                       case when g %% 20 = 0 then (array['admin', 'ops-alice', 'ops-bob'])[1 + g %% 3]
                            else 'api-client-' || g %% 5 end,
                       case when g %% 100000 = 0 then 'secrets.reseal'
                            when g %% 20 = 0 then (array['service.update', 'template.update', 'deadletter.replay',
                                                         'directory.import'])[1 + g / 20 %% 4]
                            else 'sms.send' end,
                       case when g %% 20 = 0 then 'service:aliyun-main' else 'request:' || md5(g::text) end,
                       case when g %% 20 = 0 then '{"enabled": [true, false]}'
                            else '{"template": "ORDER_NOTIFY", "recipients": 3}' end::jsonb
                  from generate_series(0::bigint, %1$d - 1) g
                """.formatted(rows)));
    }

    /** A day of minutes (what OutcomeRollup keeps) of four statuses, four kinds and three services. */
    static void outcomeMinutes(JdbcTemplate jdbc) {
        jdbc.execute("""
                insert into outcome_minutes (minute, status, kind, service, count)
                select date_trunc('minute', now()) - m * interval '1 minute', status, kind, service, 1 + m %% 50
                  from generate_series(0, 1439) m,
                       unnest(array['SENT', 'DELIVERED', 'UNDELIVERED', 'FAILED']) status,
                       unnest(array['login.code', 'approval.reached', 'approval.cc', 'sms.notify']) kind,
                       unnest(array['aliyun-main', 'tencent-backup', 'webhook-gw']) service
                """.replace("%%", "%"));
    }

    /** A version of tencent-backup replaced two hours ago, which ServiceRevisions.purge looks at. */
    static void retiredServiceVersion(JdbcTemplate jdbc) {
        jdbc.update("""
                insert into sms_service_revisions (name, version, settings, retired_at)
                values ('tencent-backup', 3, '{}', now() - interval '2 hours')""");
    }

    /** Runs {@code load} with the table's indexes and unique or primary keys gone, then makes them again. */
    private static void withoutIndexes(JdbcTemplate jdbc, String table, Runnable load) {
        List<String> keys = jdbc.queryForList("""
                select 'alter table ' || conrelid::regclass || ' add constraint ' || quote_ident(conname) || ' '
                       || pg_get_constraintdef(oid)
                  from pg_constraint where conrelid = cast(? as regclass) and contype in ('p', 'u')""",
                String.class, table);
        List<String> dropKeys = jdbc.queryForList("""
                select 'alter table ' || conrelid::regclass || ' drop constraint ' || quote_ident(conname)
                  from pg_constraint where conrelid = cast(? as regclass) and contype in ('p', 'u')""",
                String.class, table);
        List<String> indexes = jdbc.queryForList("""
                select pg_get_indexdef(i.indexrelid) from pg_index i
                 where i.indrelid = cast(? as regclass)
                   and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)""",
                String.class, table);
        List<String> dropIndexes = jdbc.queryForList("""
                select 'drop index ' || i.indexrelid::regclass from pg_index i
                 where i.indrelid = cast(? as regclass)
                   and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)""",
                String.class, table);
        dropIndexes.forEach(jdbc::execute);
        dropKeys.forEach(jdbc::execute);
        load.run();
        keys.forEach(jdbc::execute);
        // A partitioned table's index reads "ON ONLY": as such it would be built on none of the partitions.
        indexes.forEach(index -> jdbc.execute(index.replace(" ON ONLY ", " ON ")));
    }
}
