package io.smsnotifier.worker.delivery;

import io.smsnotifier.it.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every statement a person (the search API, the console) or a timer (receipt pulls, handset statistics and their
 * alert, retention, the overview's outcome counts) runs against a ledger of 10,000,000 rows (30 days) and an audit
 * log of 2,000,000 entries, under {@code EXPLAIN (ANALYZE, BUFFERS)} as the code issues it ({@link PlanRecorder}).
 * Prints a line per query (the scans, rows read, buffers, time; planned for its parameters and generically) and
 * writes every plan to {@code target/benchmark/ledger-queries.md}. Tagged {@code benchmark}; the command and a summary
 * are in docs/LEDGER-QUERIES.md.
 *
 * <p>{@code -Dbenchmark.ledger-rows} (10,000,000) and {@code -Dbenchmark.audit-rows} (2,000,000) size the tables;
 * {@code -Dbenchmark.ledger-database=<jdbc url>} uses that database instead of a fresh one and fills it only when
 * its ledger is empty, so that a change can be measured on the same rows before and after (Flyway migrates it
 * first). Asserts only that each query answers, never timings.
 */
@Tag("benchmark")
class LedgerQueryBenchmark {

    private static final long ROWS = Long.getLong("benchmark.ledger-rows", 10_000_000);
    private static final long AUDIT_ROWS = Long.getLong("benchmark.audit-rows", 2_000_000);
    private static final Path REPORT = Path.of("target", "benchmark", "ledger-queries.md");

    private static SingleConnectionDataSource dataSource;
    private static PlanRecorder recorder;
    private static JdbcTemplate plain;

    @BeforeAll
    static void fill() {
        String given = System.getProperty("benchmark.ledger-database");
        dataSource = new SingleConnectionDataSource(given != null ? given : TestPostgres.freshDatabaseUrl(), true);
        Flyway.configure().dataSource(dataSource).load().migrate();
        plain = new JdbcTemplate(dataSource);
        if (Boolean.FALSE.equals(plain.queryForObject("select exists (select 1 from deliveries)", Boolean.class))) {
            long started = System.nanoTime();
            plain.execute("set maintenance_work_mem = '256MB'");
            plain.execute("set synchronous_commit = off");
            LedgerFill.deliveries(plain, ROWS);
            LedgerFill.audit(plain, AUDIT_ROWS);
            LedgerFill.outcomeMinutes(plain);
            LedgerFill.retiredServiceVersion(plain);
            System.out.printf("%n[benchmark] filled %,d ledger rows and %,d audit entries in %.0f s%n", ROWS,
                    AUDIT_ROWS, (System.nanoTime() - started) / 1e9);
        }
        // As autovacuum leaves a table that stopped growing: statistics, hint bits and the visibility map.
        long started = System.nanoTime();
        plain.execute("vacuum analyze deliveries, admin_audit, outcome_minutes, sms_service_revisions");
        System.out.printf("[benchmark] vacuum analyze in %.0f s; ledger %s, audit %s%n",
                (System.nanoTime() - started) / 1e9, size("deliveries"), size("admin_audit"));
        recorder = new PlanRecorder(dataSource);
    }

    @Test
    void everyLedgerQueryAPersonOrATimerRuns() throws IOException {
        List<LedgerQueries.Result> results = new ArrayList<>();
        for (LedgerQueries.Query query : new LedgerQueries(new NamedParameterJdbcTemplate(recorder), plain).all()) {
            results.add(new LedgerQueries.Result(query, recorder.capture(query.call(), query.writes())));
            System.out.println("[benchmark] " + results.getLast().line());
        }
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, LedgerQueries.report(results, ROWS, AUDIT_ROWS));
        System.out.println("[benchmark] every plan: " + REPORT.toAbsolutePath());
    }

    private static String size(String table) {
        return plain.queryForObject("select pg_size_pretty(pg_total_relation_size(cast(? as regclass)))",
                String.class, table);
    }
}
