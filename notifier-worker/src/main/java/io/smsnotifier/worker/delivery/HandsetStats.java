package io.smsnotifier.worker.delivery;

import io.smsnotifier.worker.support.ReadDatabase;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the handsets made of the last hour's SMS, per service: the handset reports that came in (the row's
 * {@code receipt_at} within the hour, found through {@code deliveries_receipted}, V25, which only receipted rows
 * enter), the share of them that said {@code DELIVERED}, how long after the request went out ({@code sending_at},
 * which settling leaves alone) the phone got it, and the rows sent within the hour still {@code SENT}, waiting for
 * their report. One statement, kept for {@value #CACHE_SECONDS} s: however many consoles are open and however often
 * the alert check asks, the ledger is read at most that often. Thread-safe.
 */
@Repository
public class HandsetStats {

    public static final Duration WINDOW = Duration.ofHours(1);
    static final int CACHE_SECONDS = 5;
    /**
     * A report counts only for a send made within this long: vendors report within minutes, and give up
     * (UNDELIVERED) within hours.
     */
    static final Duration HORIZON = Duration.ofDays(1);
    /**
     * The rows awaiting a report are looked for among those made within this long, through
     * {@code deliveries_created} (V12): {@code sending_at} has no index (settling writes the row in place, V9), and a
     * send's retries come within minutes of its first try. A row resent much later (a dead letter replayed) is not
     * counted as waiting.
     */
    static final Duration AWAITING_HORIZON = WINDOW.plusHours(1);

    private static final String SECONDS_TO_HANDSET =
            "extract(epoch from greatest(coalesce(handset_at, receipt_at) - sending_at, interval '0'))";

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private @Nullable Cached cached;

    /** On the read replica when there is one. */
    @Autowired
    HandsetStats(ReadDatabase reads) {
        this(reads.jdbc(), Clock.systemUTC());
    }

    HandsetStats(NamedParameterJdbcTemplate jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    /** With the clock that ages the kept result: for tests. */
    HandsetStats(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * One service's last hour.
     *
     * @param delivered   reports of {@code DELIVERED} received within the hour
     * @param undelivered reports of {@code UNDELIVERED} received within the hour
     * @param p50         median time from the request going out to the handset ({@code handset_at}, or when the
     *                    report came when the vendor did not say) over the {@code DELIVERED} ones; null without any
     * @param p95         the same, 95th percentile
     * @param awaiting    rows sent within the hour still {@code SENT}: no report yet
     */
    public record Service(String service, long delivered, long undelivered, @Nullable Duration p50,
                          @Nullable Duration p95, long awaiting) {

        public long receipts() {
            return delivered + undelivered;
        }

        /** DELIVERED / (DELIVERED + UNDELIVERED), from 0 to 1; null without a report. */
        public @Nullable Double rate() {
            return receipts() == 0 ? null : (double) delivered / receipts();
        }
    }

    /** Every service with a report or a send in the last hour, by name; at most {@value #CACHE_SECONDS} s old. */
    public synchronized List<Service> lastHour() {
        Instant now = clock.instant();
        if (cached == null || cached.readAt().isBefore(now.minusSeconds(CACHE_SECONDS))) {
            cached = new Cached(now, read());
        }
        return cached.services();
    }

    private List<Service> read() {
        // The time to handset is clamped at zero: the vendor's clock is not ours, and a report "before" the send
        // would otherwise pull the percentiles down.
        return jdbc.query("""
                with reported as (
                       select service,
                              count(*) filter (where status = 'DELIVERED') as delivered,
                              count(*) filter (where status = 'UNDELIVERED') as undelivered,
                              percentile_cont(0.5) within group (order by %1$s)
                                  filter (where status = 'DELIVERED') as p50,
                              percentile_cont(0.95) within group (order by %1$s)
                                  filter (where status = 'DELIVERED') as p95
                         from deliveries
                        where receipt_at > now() - %2$s
                          and created_at > now() - %3$s
                          and status in ('DELIVERED', 'UNDELIVERED') and service is not null
                        group by service),
                     awaiting as (
                       select service, count(*) as awaiting
                         from deliveries
                        where created_at > now() - %4$s
                          and status = 'SENT' and sending_at > now() - %2$s
                          and service is not null
                        group by service)
                select service, coalesce(r.delivered, 0) as delivered, coalesce(r.undelivered, 0) as undelivered,
                       coalesce(a.awaiting, 0) as awaiting, r.p50, r.p95
                  from reported r full join awaiting a using (service)
                 order by service
                """.formatted(SECONDS_TO_HANDSET, interval(WINDOW), interval(HORIZON), interval(AWAITING_HORIZON)),
                // Constants, not parameters: PostgreSQL plans the statement for the real window each time it plans
                // it. With parameters, a pooled connection's generic plan read a day of rows by deliveries_created
                // instead of the hour's reports (LedgerQueryBenchmark: 352,000 rows, 5 s).
                new MapSqlParameterSource(),
                (rs, row) -> new Service(rs.getString("service"), rs.getLong("delivered"),
                        rs.getLong("undelivered"), seconds(rs, "p50"), seconds(rs, "p95"), rs.getLong("awaiting")));
    }

    /** An interval literal. */
    private static String interval(Duration duration) {
        return "interval '" + duration.toSeconds() + " seconds'";
    }

    private static @Nullable Duration seconds(ResultSet rs, String column) throws SQLException {
        double seconds = rs.getDouble(column);
        return rs.wasNull() ? null : Duration.ofMillis(Math.round(seconds * 1000));
    }

    private record Cached(Instant readAt, List<Service> services) {
    }
}
