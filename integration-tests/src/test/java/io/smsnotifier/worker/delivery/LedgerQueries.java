package io.smsnotifier.worker.delivery;

import io.smsnotifier.worker.audit.AuditBenchmarkAccess;
import io.smsnotifier.worker.audit.AuditLog;
import io.smsnotifier.worker.catalog.CatalogBenchmarkAccess;
import io.smsnotifier.worker.retention.RetentionBenchmarkAccess;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queries {@link LedgerQueryBenchmark} explains, each as its caller makes it: who runs it, what it is, and the
 * call into the application's own code (built on the benchmark's {@link PlanRecorder}). Values (an event, a number,
 * a member) are read from the filled ledger first.
 */
final class LedgerQueries {

    private static final String TABLES = "deliveries,admin_audit,outcome_minutes";

    private final NamedParameterJdbcTemplate jdbc;
    private final JdbcTemplate plain;

    LedgerQueries(NamedParameterJdbcTemplate jdbc, JdbcTemplate plain) {
        this.jdbc = jdbc;
        this.plain = plain;
    }

    /** One query: who runs it, what it is, whether it writes, the call. */
    record Query(String who, String name, boolean writes, Runnable call) {

        Query(String who, String name, Runnable call) {
            this(who, name, false, call);
        }

        static Query writing(String who, String name, Runnable call) {
            return new Query(who, name, true, call);
        }
    }

    List<Query> all() {
        DeliverySearch search = new DeliverySearch(jdbc);
        AuditLog audit = AuditBenchmarkAccess.auditLog(jdbc);
        ReceiptPulls pulls = new ReceiptPulls(jdbc);
        ReceiptLedger receipts = new ReceiptLedger(jdbc);
        OutcomeCounts outcomes = new OutcomeCounts(jdbc.getJdbcTemplate());
        String event = plain.queryForObject("select event_id from deliveries where kind = 'approval.reached'"
                + " order by id desc offset 5000 limit 1", String.class);
        String phone = plain.queryForObject("select recipient_key from deliveries where status = 'FAILED'"
                + " and id > (select max(id) / 2 from deliveries) limit 1", String.class);
        DeliverySearch.Cursor deep = plain.queryForObject("select created_at, id from deliveries"
                + " order by created_at desc, id desc offset 200000 limit 1", (rs, n) -> new DeliverySearch.Cursor(
                rs.getTimestamp(1).toInstant(), rs.getLong(2)));
        // Read before, not inside the calls: a query's plan comes when the next statement does (PlanRecorder).
        List<Receipts.Receipt> sent = fresh(100);
        List<Receipts.Receipt> repeated = repeated(100);
        String person = "API (GET /api/deliveries) and console";
        String auditors = "API (GET /api/audit) and console";
        String timer = "timer: ";
        Instant now = Instant.now();
        return List.of(
                new Query("API and console", "one event's recipients", () -> search.ofEvent(event)),
                find(search, person, "by event id", query(event, null, null, null, null, null), 0, 50),
                find(search, person, "by phone", query(null, phone, null, null, null, null), 0, 50),
                find(search, person, "by member", query(null, null, "u-4242", null, null, null), 0, 50),
                find(search, person, "by phone and status FAILED", query(null, phone, null, "FAILED", null, null), 0,
                        50),
                find(search, person, "status FAILED", query(null, null, null, "FAILED", null, null), 0, 50),
                find(search, person, "status PENDING (rare)", query(null, null, null, "PENDING", null, null), 0, 50),
                find(search, person, "status UNKNOWN, from 7 days ago", new DeliverySearch.Query(null, null, null,
                        "UNKNOWN", null, null, now.minus(Duration.ofDays(7)), null), 0, 50),
                find(search, person, "kind api.send (rare)", query(null, null, null, null, "api.send", null), 0, 50),
                find(search, person, "service webhook-gw, status SKIPPED (none)", query(null, null, null, "SKIPPED",
                        null, "webhook-gw"), 0, 50),
                find(search, person, "kind login.code, last hour", new DeliverySearch.Query(null, null, null, null,
                        "login.code", null, now.minus(Duration.ofHours(1)), null), 0, 50),
                find(search, person, "newest 50, no filter", query(null, null, null, null, null, null), 0, 50),
                // Deeper than 10,000 rows by number the API refuses (page 1,000 of 200 read 200,202 rows); a cursor
                // goes on from any depth.
                find(search, person, "page 50 of 200 (the deepest by number), no filter", query(null, null, null, null,
                        null, null), 50, 200),
                new Query(person, "the page after a cursor 200,000 rows deep, no filter",
                        () -> search.find(query(null, null, null, null, null, null), deep, 0, 200)),
                find(search, person, "status DELIVERED, page 200 of 50 (the deepest)", query(null, null, null,
                        "DELIVERED", null, null), 200, 50),
                new Query(auditors, "audit: newest 50", () -> audit.list(null, null, null, null, null, 0, 50)),
                new Query(auditors, "audit: actor ops-alice, page 2", () -> audit.list("ops-alice", null, null, null,
                        null, 2, 50)),
                new Query(auditors, "audit: action secrets.reseal (rare)", () -> audit.list(null, "secrets.reseal",
                        null, null, null, 0, 50)),
                new Query(auditors, "audit: page 20 of 500 (the deepest)", () -> audit.list(null, null, null, null,
                        null, 20, 500)),
                new Query("console overview (every 10 s)", "outcome counts, last hour",
                        () -> assertThat(outcomes.within(Duration.ofHours(1))).isNotEmpty()),
                new Query("console overview, API, " + timer + "alert check each minute", "handset statistics, last hour",
                        // A new one each time: the statistics are kept for 5 s.
                        () -> assertThat(new HandsetStats(jdbc).lastHour()).isNotEmpty()),
                Query.writing(timer + "receipt pull each minute", "claim due rows, tencent-backup",
                        () -> pulls.claim("tencent-backup", Duration.ofMinutes(5), Duration.ofHours(72), 50)),
                // Each run after the first starts where the last got to (the warm-up run is the first); a full pass
                // of the window comes once an hour, as a fresh instance's first run.
                Query.writing(timer + "receipt pull each minute", "claim due rows, webhook-gw (none due)",
                        () -> pulls.claim("webhook-gw", Duration.ofMinutes(5), Duration.ofHours(72), 50)),
                Query.writing(timer + "receipt pull, once an hour", "claim due rows, webhook-gw, full pass",
                        () -> new ReceiptPulls(jdbc).claim("webhook-gw", Duration.ofMinutes(5), Duration.ofHours(72),
                                50)),
                Query.writing(timer + "receipt pull each minute", "mark NO_RECEIPT, tencent-backup",
                        () -> pulls.markNoReceipt("tencent-backup", Duration.ofHours(72), 1000)),
                Query.writing(timer + "receipt pull, once an hour", "mark NO_RECEIPT, tencent-backup, full pass",
                        () -> new ReceiptPulls(jdbc).markNoReceipt("tencent-backup", Duration.ofHours(72), 1000)),
                Query.writing(timer + "retention every 10 min", "retention purge (every table)",
                        RetentionBenchmarkAccess.purge(jdbc)),
                Query.writing("catalog: each service change", "purge of replaced service versions",
                        CatalogBenchmarkAccess.purgeServiceVersions(jdbc)),
                Query.writing("receipt push (not a read: what V25's index costs it)", "apply 100 receipts",
                        () -> assertThat(receipts.change(sent)).isNotEmpty()),
                Query.writing("receipt push, for comparison", "apply 100 receipts, deliveries_receipted dropped",
                        () -> {
                            // Inside the call's transaction, which is rolled back: the index comes back.
                            plain.execute("drop index if exists deliveries_receipted");
                            assertThat(receipts.change(sent)).isNotEmpty();
                        }),
                new Query("receipt push", "classify 100 repeated receipts", () -> receipts.classify(repeated)));
    }

    private static Query find(DeliverySearch search, String who, String name, DeliverySearch.Query query, int page,
                              int size) {
        return new Query(who, name, () -> search.find(query, page, size));
    }

    private static DeliverySearch.Query query(String eventId, String phone, String member, String status,
                                              String kind, String service) {
        return new DeliverySearch.Query(eventId, phone, member, status, kind, service, null, null);
    }

    /** Receipts for SENT rows of the last minutes (of the newest row: a kept ledger ages), as a vendor pushes them. */
    private List<Receipts.Receipt> fresh(int count) {
        return plain.query("""
                select service, provider_message_id, recipient_key from deliveries
                 where created_at > (select max(created_at) - interval '4 minutes' from deliveries)
                   and status = 'SENT' and claim_token is null
                   and outcome_published and provider_message_id is not null
                 order by created_at limit ?""", (rs, n) -> new Receipts.Receipt(rs.getString(1), rs.getString(2),
                rs.getString(3), true, "DELIVERED", null, null), count);
    }

    /** Receipts that came already: repeats of DELIVERED rows' reports. */
    private List<Receipts.Receipt> repeated(int count) {
        return plain.query("""
                select service, provider_message_id, recipient_key from deliveries
                 where created_at > (select max(created_at) - interval '1 hour' from deliveries)
                   and status = 'DELIVERED'
                 order by created_at limit ?""", (rs, n) -> new Receipts.Receipt(rs.getString(1), rs.getString(2),
                rs.getString(3), true, "DELIVERED", null, null), count);
    }

    /** A query's plans. */
    record Result(Query query, PlanRecorder.Captured captured) {

        String line() {
            return String.format(Locale.ROOT, "%-44s | %s | generic: %s", query.name(), summary(captured.custom()),
                    summary(captured.generic()));
        }

        static String summary(List<PlanRecorder.Plan> plans) {
            long rows = 0;
            long hit = 0;
            long read = 0;
            double millis = 0;
            for (PlanRecorder.Plan plan : plans) {
                for (String table : TABLES.split(",")) {
                    rows += plan.rowsRead(table);
                }
                hit += plan.buffersHit();
                read += plan.buffersRead();
                millis += plan.millis();
            }
            return String.format(Locale.ROOT, "%s | %,d rows read | %,d buffers (%,d read) | %.1f ms",
                    String.join(" + ", plans.stream().map(PlanRecorder.Plan::shape).distinct().toList()), rows,
                    hit + read, read, millis);
        }
    }

    /** The report: a table of every query, then each one's plans. */
    static String report(List<Result> results, long rows, long auditRows) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, """
                # Ledger queries on %,d ledger rows and %,d audit entries

                | who | query | plan (for its parameters) | generic plan |
                |---|---|---|---|
                """, rows, auditRows));
        for (Result result : results) {
            out.append("| ").append(result.query().who()).append(" | ").append(result.query().name()).append(" | ")
                    .append(Result.summary(result.captured().custom()).replace("|", ";")).append(" | ")
                    .append(Result.summary(result.captured().generic()).replace("|", ";")).append(" |\n");
        }
        for (Result result : results) {
            out.append("\n## ").append(result.query().name()).append(" (").append(result.query().who())
                    .append(")\n\nPlanned for its parameters:\n\n```\n");
            result.captured().custom().forEach(plan -> out.append(plan.text()).append('\n'));
            out.append("```\n\nGeneric plan:\n\n```\n");
            result.captured().generic().forEach(plan -> out.append(plan.text()).append('\n'));
            out.append("```\n");
        }
        return out.toString();
    }
}
