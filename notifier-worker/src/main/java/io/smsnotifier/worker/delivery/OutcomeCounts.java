package io.smsnotifier.worker.delivery;

import io.smsnotifier.worker.support.ReadDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.util.List;

/**
 * How many outcomes of each status were published lately, per kind: the console overview's chart. Read from the
 * per-minute rollup ({@link OutcomeRollup}, {@code outcome_minutes}): at most an hour of minutes, never the ledger.
 * A row that went SENT then DELIVERED counts once in each; a republished outcome counts again. Thread-safe.
 */
@Repository
public class OutcomeCounts {

    private final JdbcTemplate jdbc;

    /** On the read replica when there is one. */
    @Autowired
    OutcomeCounts(ReadDatabase reads) {
        this(reads.plain());
    }

    OutcomeCounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Outcomes of one status and kind within the window; {@code kind} is the event's topic. */
    public record Count(String status, String kind, long count) {
    }

    /** The outcomes published within {@code window} before now (to the minute), by status and kind, most first. */
    public List<Count> within(Duration window) {
        return jdbc.query("""
                        select status, kind, sum(count) as n
                          from outcome_minutes
                         where minute > now() - make_interval(secs => ?)
                         group by status, kind
                         order by n desc, status, kind
                        """,
                (rs, row) -> new Count(rs.getString("status"), rs.getString("kind"), rs.getLong("n")),
                (double) window.toSeconds());
    }
}
