package io.smsnotifier.worker.delivery;

import io.smsnotifier.it.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery search ({@link DeliverySearch}, behind {@code GET /api/deliveries}) on a ledger of 1,000,000 rows:
 * 10,000 events of 100 recipients over 30 days, 200,000 distinct numbers and 50,000 members, mostly SENT. Prints
 * p50 / p95 per query shape and each shape's plan; asserts only that each shape finds rows, never timings. Tagged
 * {@code benchmark}; the command is in docs/PERFORMANCE.md.
 */
@Tag("benchmark")
class DeliverySearchBenchmark {

    private static final int ROWS = 1_000_000;
    private static final int EVENTS = 10_000;
    private static final int NUMBERS = 200_000;
    private static final int MEMBERS = 50_000;
    private static final int WARM_UP = 20;
    private static final int MEASURED = 200;
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private static DeliverySearch search;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void load() {
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(TestPostgres.freshDatabaseUrl(), true);
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        long started = System.nanoTime();
        jdbc.execute("""
                insert into deliveries (event_id, recipient_key, channel, kind, member_id, phone_masked, status,
                                        service, provider_message_id, attempt, created_at, updated_at,
                                        outcome_published)
                select 'e-' || (g / 100), '+86139' || lpad((g %% %1$d)::text, 8, '0'), 'sms',
                       case when g %% 10 = 0 then 'login.code' else 'approval.reached' end,
                       'u-' || (g %% %2$d), '+86139****' || lpad((g %% 10000)::text, 4, '0'),
                       case when g %% 50 = 0 then 'FAILED' when g %% 97 = 0 then 'SKIPPED' else 'SENT' end,
                       case when g %% 3 = 0 then 'tencent-backup' else 'aliyun-main' end, 'm-' || g, 1,
                       timestamptz '%3$s' - (g / 100) * interval '259 seconds',
                       timestamptz '%3$s' - (g / 100) * interval '259 seconds', true
                  from generate_series(0, %4$d) g
                """.formatted(NUMBERS, MEMBERS, NOW, ROWS - 1));
        jdbc.execute("vacuum analyze deliveries");
        System.out.printf("%n[benchmark] loaded %,d ledger rows in %.1f s%n", ROWS,
                (System.nanoTime() - started) / 1e9);
        search = new DeliverySearch(new NamedParameterJdbcTemplate(dataSource));
    }

    @Test
    void eachQueryShapeOnAMillionRowLedger() {
        Random random = new Random(7);
        List<String> lines = new ArrayList<>();
        lines.add(shape("one event's recipients", i -> search.ofEvent("e-" + random.nextInt(EVENTS)).size()));
        lines.add(shape("by event id", i -> page(query("e-" + random.nextInt(EVENTS), null, null, null, null))));
        lines.add(shape("by phone", i -> page(query(null, phone(random.nextInt(NUMBERS)), null, null, null))));
        lines.add(shape("by member", i -> page(query(null, null, "u-" + random.nextInt(MEMBERS), null, null))));
        lines.add(shape("by phone and status FAILED", i -> page(query(null, phone(random.nextInt(NUMBERS / 50) * 50),
                null, "FAILED", null))));
        lines.add(shape("status FAILED, last day", i -> page(query(null, null, null, "FAILED",
                NOW.minusSeconds(86_400)))));
        lines.add(shape("kind login.code, last hour", i -> search.find(new DeliverySearch.Query(null, null, null,
                null, "login.code", null, NOW.minusSeconds(3_600), null), 0, 50).items().size()));
        // Without a key the search covers a window (the API's widest: 7 days); the ledger ends at NOW.
        lines.add(shape("status SKIPPED, service tencent, 7 days", i -> search.find(new DeliverySearch.Query(null,
                null, null, "SKIPPED", null, "tencent-backup", NOW.minus(DeliverySearch.MAX_WINDOW), NOW), 0, 50)
                .items().size()));
        lines.add(shape("newest 50, no filter", i -> search.find(new DeliverySearch.Query(null, null, null, null,
                null, null, null, NOW), 0, 50).items().size()));
        System.out.printf("%n[benchmark] Delivery search on %,d rows, ms (%d measured runs after %d warm-up)%n",
                ROWS, MEASURED, WARM_UP);
        System.out.printf("%-32s %8s %8s %8s %8s%n", "query shape", "p50", "p95", "max", "rows");
        lines.forEach(System.out::println);
        System.out.println();
        System.out.println("[benchmark] plan, by phone: " + plan("recipient_key = '" + phone(4242) + "'"));
        System.out.println("[benchmark] plan, by member: " + plan("member_id = 'u-4242'"));
        System.out.println("[benchmark] plan, FAILED last day: " + plan("status = 'FAILED' and created_at >= '"
                + NOW.minusSeconds(86_400) + "'"));
    }

    private static DeliverySearch.Query query(String eventId, String phone, String member, String status,
                                              Instant from) {
        return new DeliverySearch.Query(eventId, phone, member, status, null, null, from, null);
    }

    private static int page(DeliverySearch.Query query) {
        return search.find(query, 0, 50).items().size();
    }

    private static String phone(int n) {
        return "+86139" + String.format("%08d", n % NUMBERS);
    }

    private static String shape(String name, IntFunction<Integer> run) {
        for (int i = 0; i < WARM_UP; i++) {
            run.apply(i);
        }
        double[] millis = new double[MEASURED];
        int rows = 0;
        for (int i = 0; i < MEASURED; i++) {
            long started = System.nanoTime();
            rows += run.apply(i);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        assertThat(rows).as(name + " finds rows").isPositive();
        return String.format("%-32s %8.2f %8.2f %8.2f %8.1f", name, millis[MEASURED / 2],
                millis[(int) (MEASURED * 0.95)], millis[MEASURED - 1], rows / (double) MEASURED);
    }

    private static String plan(String where) {
        return String.join(" | ", jdbc.queryForList("explain (analyze, costs off, timing off) select * from deliveries"
                + " where " + where + " order by created_at desc, id desc limit 51", String.class));
    }
}
