package io.smsnotifier.worker.delivery;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger's side of pulled receipts: which {@code SENT} rows are due to be asked about, and which are past
 * asking. A row is waiting when its round let go of it, its {@code SENT} outcome is out, the vendor gave it an id
 * and no report came yet; it is due when it was made between {@code horizon} and {@code after} ago and not asked
 * within {@code after}. Rows are found through {@code deliveries_created}: the horizon bounds the scan, and so does
 * where the last run got to. Each run starts where the one before found the oldest row still waiting (or, marking,
 * where it stopped), less {@link #MARGIN}: rows before it had their report, or went elsewhere, and stay so. Once
 * every {@link #FULL_PASS_EVERY} (and at start) a run reads the whole window again, for a row that was held by a
 * round or not yet published when a run passed it. Without this, a run read the whole window each time: for a
 * service whose every report came, 72 hours of rows a minute (1,000,000 of a ledger of 10,000,000 over 30 days).
 * The resume points are this instance's own. Thread-safe; each call is its own statement.
 */
@Repository
public class ReceiptPulls {

    /** How far before where the last run got to the next one starts: a round lets its rows go within seconds. */
    static final Duration MARGIN = Duration.ofMinutes(10);
    /** How often a run reads its whole window again, in case a row came back into it. */
    static final Duration FULL_PASS_EVERY = Duration.ofHours(1);

    private static final Timestamp EVER = Timestamp.from(Instant.EPOCH);
    private static final String WAITING = """
            d.service = :service and d.status = 'SENT' and d.claim_token is null and d.outcome_published
              and d.provider_message_id is not null and d.receipt_at is null""";

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    /** Per service, where the claims' scan starts (the oldest row still waiting, less the margin). */
    private final Map<String, Resume> claimFrom = new ConcurrentHashMap<>();
    /** Per service, where the no-receipt marks' scan starts (where the last complete run stopped, less the margin). */
    private final Map<String, Resume> markFrom = new ConcurrentHashMap<>();

    @Autowired
    ReceiptPulls(NamedParameterJdbcTemplate jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    /** With the clock that times the full passes: for tests. */
    ReceiptPulls(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * A row to ask about.
     *
     * @param revision  the stored service's version it went out with (null: a configured service)
     * @param phone     its E.164 number
     * @param messageId the vendor's id for it
     * @param sentAt    when its request went out (when it was made, for rows that did not record it)
     */
    public record Due(long id, String service, @Nullable Long revision, String phone, String messageId,
                      Instant sentAt) {
    }

    /** Where a scan starts ({@code from}, the database's time), and when the last full pass began. */
    private record Resume(Instant from, Instant fullPassAt) {
    }

    /**
     * Claims the oldest due rows of {@code service}, at most {@code limit}: marks them asked now and commits, so that
     * another instance skips them (rows it holds are skipped too) and none asks again within {@code after}.
     */
    public List<Due> claim(String service, Duration after, Duration horizon, int limit) {
        Instant now = clock.instant();
        Resume resume = current(claimFrom, service, now);
        MapSqlParameterSource params = params(service, after, horizon).addValue("from", from(resume));
        Map<String, Object> oldest = jdbc.queryForMap("""
                select (select d.created_at from deliveries d
                         where d.created_at > now() - cast(:horizon as interval) and d.created_at >= :from
                           and d.created_at <= now() - cast(:after as interval)
                           and %s
                         order by d.created_at
                         limit 1) as waiting,
                       now() - cast(:after as interval) as upper
                """.formatted(WAITING), params);
        Timestamp waiting = (Timestamp) oldest.get("waiting");
        Instant reached = waiting != null ? waiting.toInstant() : ((Timestamp) oldest.get("upper")).toInstant();
        claimFrom.put(service, new Resume(reached.minus(MARGIN), resume != null ? resume.fullPassAt() : now));
        if (waiting == null) {
            return List.of();
        }
        return jdbc.query("""
                with due as (select d.id from deliveries d
                              where d.created_at > now() - cast(:horizon as interval) and d.created_at >= :waiting
                                and d.created_at <= now() - cast(:after as interval)
                                and %s
                                and (d.receipt_pulled_at is null
                                     or d.receipt_pulled_at <= now() - cast(:after as interval))
                              order by d.created_at
                              limit :limit
                                for no key update skip locked)
                update deliveries d set receipt_pulled_at = now()
                  from due
                 where d.id = due.id
                returning d.id, d.service, d.service_revision, d.recipient_key, d.provider_message_id,
                          coalesce(d.sending_at, d.created_at) as sent_at
                """.formatted(WAITING), params.addValue("waiting", waiting).addValue("limit", limit), (rs, row) ->
                new Due(rs.getLong("id"), rs.getString("service"), rs.getObject("service_revision", Long.class),
                        rs.getString("recipient_key"), rs.getString("provider_message_id"),
                        rs.getTimestamp("sent_at").toInstant()));
    }

    /**
     * Marks the rows of {@code service} that passed the horizon without a report as having none: receipt code
     * {@value #NO_RECEIPT}, receipt time now, status still {@code SENT} (the vendor took the message; whether the
     * handset got it nobody will say). Search and the console show it; the row is not asked about again. Only rows
     * within one more horizon are looked at, so that the scan stays bounded: an instance stopped longer than that
     * leaves older rows without the mark. A report that comes after all still changes the row.
     *
     * @return how many it marked
     */
    public int markNoReceipt(String service, Duration horizon, int limit) {
        Instant now = clock.instant();
        Resume resume = current(markFrom, service, now);
        Map<String, Object> result = jdbc.queryForMap("""
                with past as (select d.id from deliveries d
                               where d.created_at > now() - 2 * cast(:horizon as interval) and d.created_at >= :from
                                 and d.created_at <= now() - cast(:horizon as interval)
                                 and %s
                               order by d.created_at
                               limit :limit
                                 for no key update skip locked),
                     marked as (update deliveries d set receipt_code = :code, receipt_at = now()
                                  from past
                                 where d.id = past.id
                                returning d.id)
                select (select count(*) from marked) as marked, now() - cast(:horizon as interval) as upper
                """.formatted(WAITING), params(service, horizon, horizon).addValue("from", from(resume))
                .addValue("limit", limit).addValue("code", NO_RECEIPT));
        int marked = ((Number) result.get("marked")).intValue();
        Instant fullPassAt = resume != null ? resume.fullPassAt() : now;
        if (marked < limit) {
            // Everything up to the horizon is marked: the next run starts there.
            markFrom.put(service, new Resume(((Timestamp) result.get("upper")).toInstant().minus(MARGIN), fullPassAt));
        } else if (resume == null) {
            // A backlog: the next run goes on from the same start.
            markFrom.put(service, new Resume(Instant.EPOCH, fullPassAt));
        }
        return marked;
    }

    /** The receipt code of a row whose report never came within the pull horizon. */
    public static final String NO_RECEIPT = "NO_RECEIPT";

    /** Where {@code service}'s scan starts; null for a full pass (the first, or one due). */
    private static @Nullable Resume current(Map<String, Resume> resumes, String service, Instant now) {
        Resume resume = resumes.get(service);
        return resume == null || resume.fullPassAt().isBefore(now.minus(FULL_PASS_EVERY)) ? null : resume;
    }

    private static Timestamp from(@Nullable Resume resume) {
        return resume == null ? EVER : Timestamp.from(resume.from());
    }

    private static MapSqlParameterSource params(String service, Duration after, Duration horizon) {
        return new MapSqlParameterSource("service", service).addValue("after", after.toMillis() + " milliseconds")
                .addValue("horizon", horizon.toMillis() + " milliseconds");
    }
}
