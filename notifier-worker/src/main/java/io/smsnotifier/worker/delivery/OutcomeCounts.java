package io.smsnotifier.worker.delivery;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.util.List;

/**
 * How many deliveries reached each status lately, per kind: the console overview's chart. One grouped count over
 * the ledger rows updated within the window, which the {@code (status, updated_at)} index serves. Thread-safe.
 */
@Repository
public class OutcomeCounts {

    private final JdbcTemplate jdbc;

    OutcomeCounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Rows of one status and kind updated within the window; {@code kind} is the event's topic. */
    public record Count(String status, String kind, long count) {
    }

    /** The ledger rows updated within {@code window} before now, by status and kind, most first. */
    public List<Count> within(Duration window) {
        return jdbc.query("""
                        select status, kind, count(*) as n
                          from deliveries
                         where updated_at > now() - make_interval(secs => ?)
                         group by status, kind
                         order by n desc, status, kind
                        """,
                (rs, row) -> new Count(rs.getString("status"), rs.getString("kind"), rs.getLong("n")),
                (double) window.toSeconds());
    }
}
