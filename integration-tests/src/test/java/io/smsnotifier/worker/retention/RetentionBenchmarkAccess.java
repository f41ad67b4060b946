package io.smsnotifier.worker.retention;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Duration;

/** The retention purge on a template of the caller's with the default settings, for benchmarks in other packages. */
public final class RetentionBenchmarkAccess {

    private RetentionBenchmarkAccess() {
    }

    /**
     * One run of every purge, as the schedule runs it. No dead-letter history (it reads the broker): that purge is
     * left out, as it is when the broker cannot tell.
     */
    public static Runnable purge(NamedParameterJdbcTemplate jdbc) {
        RetentionProperties defaults = new RetentionProperties(Duration.ofDays(30), Duration.ofDays(1),
                Duration.ofDays(90), Duration.ofDays(400), 1000, Duration.ofMinutes(10));
        return new RetentionPurger(jdbc, defaults, null)::purge;
    }
}
