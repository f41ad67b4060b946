package io.smsnotifier.worker.delivery;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.util.concurrent.TimeUnit;

/**
 * The claim's statement ({@link Deliveries#claim}), and whether it must look into the ledger from before partitions
 * ({@code deliveries_before_partitions}, V26) as well as each event's day. Thread-safe.
 * <p>
 * Every row is found by the ledger's whole key, the day an equality, so that PostgreSQL looks into one day's primary
 * key per number: {@code ledger_day in (r.day, '-infinity')} became an {@code or} that neither pruned the days nor
 * used the key. The days are named once more as constants ({@link #dayList}), so that PostgreSQL plans for those
 * days' partitions alone ({@link LedgerStatements#lockedInKeyOrder} says why): planned for every day, a claim of
 * 1,000 numbers read today's whole partition by hash (a day of 19,000 rows: 69 ms to plan, 276 ms to run, growing
 * with the day; the delivery benchmark's backlog drained at 20 SMS/s). The old ledger is looked into only while it
 * is there: {@code = any(array[r.day, '-infinity'])}, which keeps the key. Rows are locked whatever their state, in
 * ledger-key order as every other statement takes them, and whether one may be taken is worked out on the version
 * locked: with the state as a filter, statistics that saw few open rows made the planner read the whole day.
 * A row inserted by another copy after the statement's snapshot is seen as missing; its insert at sending then
 * finds it, and nothing is sent to it ({@link SharedWrites}).
 */
final class ClaimStatement {

    /** The holder's instance (the token's first part, see ClaimHolders) has no recent heartbeat. */
    private static final String HOLDER_GONE = """
            not exists (select 1 from worker_instances w
                         where w.instance_id = split_part(d.claim_token, '|', 1)
                           and w.heartbeat_at > now() - :expiryMillis * interval '1 millisecond')""";
    private static final String TEMPLATE = """
            with r as (
                select * from unnest(cast(:eventIds as text[]), cast(:days as date[]), cast(:keys as text[]),
                                     cast(:channels as text[]), cast(:tokens as text[]))
                       as r(event_id, day, key, channel, token)
            ), takeable as (
                select d.id, d.ledger_day, r.token,
                       d.status in ('PENDING', 'UNKNOWN')
                       and (d.claim_token is null or d.claim_token = r.token or d.claim_until < now() or %1$s) as free
                  from deliveries d
                  join r on d.event_id = r.event_id and d.recipient_key = r.key and d.channel = r.channel
                        and d.ledger_day %2$s
                 where d.ledger_day = any(cast(:dayList as date[]))
                 order by d.event_id, d.recipient_key, d.channel
                   for no key update of d
            ), taken as (
                update deliveries d set claim_token = t.token,
                                        claim_until = now() + :leaseMillis * interval '1 millisecond'
                  from takeable t where d.id = t.id and d.ledger_day = t.ledger_day and t.free
                   and d.ledger_day = any(cast(:dayList as date[]))
                returning d.id, d.status, d.attempt, d.service, d.service_revision, d.request_out_id, d.sending_at
            )
            select r.event_id, r.key, coalesce(d.id, nextval('deliveries_id_seq')) as id, d.id is not null as written,
                   coalesce(d.ledger_day, r.day)::text as ledger_day,
                   t.id is not null as taken, coalesce(t.status, d.status) as status,
                   coalesce(t.attempt, d.attempt) as attempt, coalesce(t.service, d.service) as service,
                   coalesce(t.service_revision, d.service_revision) as service_revision,
                   coalesce(t.request_out_id, d.request_out_id) as request_out_id,
                   coalesce(t.sending_at, d.sending_at) as sending_at,
                   d.member_id, d.phone_masked, d.provider_message_id, d.error_code, d.provider_error_code,
                   d.updated_at, d.outcome_published, d.claim_token
              from r
              left join deliveries d on d.event_id = r.event_id and d.recipient_key = r.key and d.channel = r.channel
                                    and d.ledger_day %2$s and d.ledger_day = any(cast(:dayList as date[]))
              left join taken t on t.id = d.id
            """;
    private static final String DAY_ONLY = TEMPLATE.formatted(HOLDER_GONE, "= r.day");
    private static final String WITH_BEFORE = TEMPLATE.formatted(HOLDER_GONE,
            "= any(array[r.day, cast('-infinity' as date)])");
    private static final long RECHECK_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final NamedParameterJdbcTemplate jdbc;
    private volatile boolean beforePartitions = true;
    private volatile boolean checked;
    private volatile long checkedAt;

    ClaimStatement(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The {@code :dayList} of a claim of rows of {@code days}: each once, and the old ledger's while it is there. */
    String[] dayList(String[] days) {
        String[] distinct = RowColumns.dayList(days);
        if (!beforePartitions) {
            return distinct;
        }
        String[] withBefore = java.util.Arrays.copyOf(distinct, distinct.length + 1);
        withBefore[distinct.length] = LedgerDays.BEFORE_PARTITIONS;
        return withBefore;
    }

    /** The statement as the ledger is now: the old ledger, once dropped, never comes back. */
    String sql() {
        if (beforePartitions && (!checked || System.nanoTime() - checkedAt > RECHECK_NANOS)) {
            beforePartitions = Boolean.TRUE.equals(jdbc.queryForObject(
                    "select to_regclass('deliveries_before_partitions') is not null", new MapSqlParameterSource(),
                    Boolean.class));
            checkedAt = System.nanoTime();
            checked = true;
        }
        return beforePartitions ? WITH_BEFORE : DAY_ONLY;
    }
}
