package io.smsnotifier.it.benchmark;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.faults.FaultDatabase;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.smsnotifier.it.AdminApiClient.json;
import static io.smsnotifier.it.benchmark.DeliveryBenchmark.fmt;
import static io.smsnotifier.it.benchmark.DeliveryBenchmark.say;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery receipts (issue 20): how many Alibaba Cloud handset reports one worker instance takes per second, pushed
 * to its receipt address ({@code POST /receipts/aliyun/aliyun-main/<secret>}) in batches of
 * {@code benchmark.receipt-batch} (100) by {@code benchmark.receipt-clients} (4) concurrent HTTP clients, and how
 * long from a push to its {@code DELIVERED} outcome on {@code sms.delivery}. Goals: ≥ 5,000 receipts/s, p99 ≤ 1 s.
 * <p>
 * The in-process KRaft broker, a fresh PostgreSQL database, the real worker in a child JVM ({@link BenchWorker}, as
 * {@link DeliveryBenchmark} runs it, Alibaba Cloud service {@code aliyun-main}). The ledger is filled directly with SQL
 * ({@code benchmark.receipts}, default 50,000, plus a warm-up of 2,000): settled {@code SENT} rows, outcome published,
 * let go by their round, one event and one BizId per batch, a number of their own each — what the worker leaves
 * behind after sending. Then: a warm-up push of every warm-up batch (not measured); the measured pushes, each
 * batch once; the same batches again (every report a duplicate: nothing changes, nothing is published). A plain
 * consumer on {@code sms.delivery} notes when each outcome arrives. Finally {@code EXPLAIN (ANALYZE, BUFFERS)} of
 * {@code ReceiptLedger}'s statements for one batch (a copy of their text, rolled back).
 * <p>
 * Asserts only correctness: every push answered 200, every row DELIVERED with exactly one outcome, the duplicates
 * publishing nothing. The command is in docs/PERFORMANCE.md ("Delivery receipts"); output lines start with
 * {@code [benchmark]} and also go to {@code integration-tests/target/benchmark/report.md}.
 */
@Tag("benchmark")
class ReceiptBenchmark {

    static final int RECEIPTS = Integer.getInteger("benchmark.receipts", 50_000);
    static final int BATCH = Integer.getInteger("benchmark.receipt-batch", 100);
    static final int CLIENTS = Integer.getInteger("benchmark.receipt-clients", 4);
    static final int WARM_UP = Integer.getInteger("benchmark.receipt-warm-up", 2_000);
    static final int PARTITIONS = DeliveryBenchmark.PARTITIONS;
    static final String HEAP = DeliveryBenchmark.HEAP;
    static final String SERVICE = "aliyun-main";
    /** Mainland numbers 138 0000 0000 onwards, one per row. */
    static final long FIRST_NUMBER = 13_800_000_000L;
    static final String ACCEPTED = "{\"code\":0,\"msg\":\"接收成功\"}";

    private static EmbeddedKafkaKraftBroker broker;
    private static AliyunSmsSimulator aliyun;

    @BeforeAll
    static void start() throws Exception {
        java.nio.file.Files.createDirectories(BenchWorker.dir());
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, Topics.LOGIN_CODE, Topics.APPROVAL_REACHED,
                Topics.DELIVERY);
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.afterPropertiesSet();
        aliyun = new AliyunSmsSimulator(DeliveryBenchmark.ALIYUN_KEY, DeliveryBenchmark.ALIYUN_SECRET)
                .signName(DeliveryBenchmark.SIGN_NAME);
        say("receipts: machine " + Runtime.getRuntime().availableProcessors() + " CPUs, JDK " + Runtime.version()
                + ", PostgreSQL " + FaultDatabase.serverVersion() + ", " + PARTITIONS + " partitions; "
                + RECEIPTS + " receipts in pushes of " + BATCH + " from " + CLIENTS + " clients, worker -Xmx" + HEAP);
    }

    @AfterAll
    static void stop() {
        if (aliyun != null) {
            aliyun.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void receiptThroughputAndLatency() throws Exception {
        int batches = Math.ceilDiv(RECEIPTS, BATCH);
        int warmBatches = Math.ceilDiv(WARM_UP, BATCH);
        try (FaultDatabase db = FaultDatabase.create();
             BenchWorker worker = startWorker(db)) {
            String receiptUrl = json(worker.admin().get("/api/sms/services/" + SERVICE)).path("receiptUrl")
                    .asString();
            assertThat(receiptUrl).contains("/receipts/aliyun/" + SERVICE + "/");
            // Batches 0 .. warmBatches-1 warm up, the next `batches` are measured, one more is for EXPLAIN.
            long start = System.nanoTime();
            int rows = fillLedger(db, (warmBatches + batches + 1) * BATCH);
            say(String.format(Locale.ROOT, "receipts: %,d SENT rows inserted and analyzed in %.1f s", rows,
                    (System.nanoTime() - start) / 1e9));
            try (Outcomes outcomes = Outcomes.start(broker.getBrokersAsString())) {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                        .version(HttpClient.Version.HTTP_1_1).build();

                Pushes warm = push(http, receiptUrl, 0, warmBatches);
                outcomes.await(warmBatches * BATCH);
                assertThat(warm.failures).as("warm-up pushes answered 200").isEmpty();

                DeliveryBenchmark.Window window = DeliveryBenchmark.Window.open(worker);
                Pushes measured = push(http, receiptUrl, warmBatches, batches);
                DeliveryBenchmark.Measured m = window.close(measured.lastAnswer);
                boolean all = outcomes.await((warmBatches + batches) * BATCH);
                Instant lastOutcome = outcomes.lastSeen();
                double untilLastOutcome = DeliveryBenchmark.millis(measured.firstPush, lastOutcome) / 1000;

                List<Double> seenLatency = new ArrayList<>();
                List<Double> recordLatency = new ArrayList<>();
                int outcomesMeasured = 0;
                for (Outcomes.Seen seen : outcomes.seen) {
                    Instant pushedAt = measured.pushedAt.get(seen.eventId());
                    if (pushedAt != null) {
                        outcomesMeasured++;
                        seenLatency.add(DeliveryBenchmark.millis(pushedAt, seen.seenAt()));
                        recordLatency.add(DeliveryBenchmark.millis(pushedAt, seen.recordTime()));
                    }
                }
                int duplicateOutcomes = outcomes.seen.size() - outcomes.distinct();

                // The plans as the pushes met them: statistics from before any row was DELIVERED (autovacuum may
                // have analyzed since), then every report once more (nothing to change, nothing to publish), then
                // again after ANALYZE.
                explain(db, warmBatches + batches, warmBatches, "statistics as they are");
                int before = outcomes.seen.size();
                Pushes duplicates = push(http, receiptUrl, warmBatches, batches);
                analyze(db);
                explain(db, -1, warmBatches, "after ANALYZE");
                Pushes analyzed = push(http, receiptUrl, warmBatches, batches);
                BenchWorker.sleep(2_000);
                int afterDuplicates = outcomes.seen.size() - before;

                Map<String, Integer> ledger = db.statusCounts();
                Map<String, String> row = new LinkedHashMap<>();
                row.put("receipts / pushes / clients", RECEIPTS + " / " + batches + " of " + BATCH + " / " + CLIENTS);
                row.put("wall time (first push → last answer)", fmt(m.seconds()) + " s");
                row.put("**receipts/s (first push → last answer)**", "**" + fmt(batches * (double) BATCH / m.seconds())
                        + "**");
                row.put("receipts/s (first push → last outcome seen)", fmt(batches * (double) BATCH / untilLastOutcome));
                row.put("push answer time p50 / p95 / p99 / max (ms)", DeliveryBenchmark.Percentiles
                        .of(measured.answerMillis).toString());
                row.put("**push → DELIVERED outcome seen on sms.delivery, p50 / p95 / p99 / max (ms)**", "**"
                        + DeliveryBenchmark.Percentiles.of(seenLatency) + "** (" + outcomesMeasured + " outcomes)");
                row.put("push → outcome record's timestamp, p50 / p95 / p99 / max (ms)",
                        DeliveryBenchmark.Percentiles.of(recordLatency).toString());
                row.put("duplicates: receipts/s (same pushes again)", "**" + fmt(batches * (double) BATCH
                        / duplicates.seconds()) + "** (" + fmt(duplicates.seconds()) + " s; answer p50 / p95 / p99 / max ms "
                        + DeliveryBenchmark.Percentiles.of(duplicates.answerMillis) + ")");
                row.put("duplicates after ANALYZE: receipts/s", "**" + fmt(batches * (double) BATCH
                        / analyzed.seconds()) + "** (" + fmt(analyzed.seconds()) + " s; answer p50 / p95 / p99 / max ms "
                        + DeliveryBenchmark.Percentiles.of(analyzed.answerMillis) + ")");
                row.put("outcomes published by the duplicates", String.valueOf(afterDuplicates));
                row.put("worker CPU", fmt(m.cpuSeconds()) + " s = " + String.format(Locale.ROOT, "%.2f",
                        m.cpuSeconds() / m.seconds()) + " cores of " + Runtime.getRuntime().availableProcessors());
                row.put("worker heap: peak used after GC / peak used / committed (MB)", m.heap().peakAfterGcMb()
                        + " / " + m.heap().peakUsedMb() + " / " + m.heap().committedMb() + " (" + m.heap().collections()
                        + " GCs)");
                row.put("ledger", ledger.toString());
                StringBuilder out = new StringBuilder("\n[benchmark] receipts\n\n| figure | receipts |\n|---|---|\n");
                row.forEach((k, v) -> out.append("| ").append(k).append(" | ").append(v).append(" |\n"));
                say(out.toString());
                DeliveryBenchmark.profile("receipts", worker, m);

                assertThat(measured.failures).as("measured pushes answered 200").isEmpty();
                assertThat(duplicates.failures).as("duplicate pushes answered 200").isEmpty();
                assertThat(analyzed.failures).as("duplicate pushes answered 200").isEmpty();
                assertThat(all).as("an outcome for every receipt").isTrue();
                assertThat(duplicateOutcomes).as("one outcome per row").isZero();
                assertThat(afterDuplicates).as("duplicates publish nothing").isZero();
                assertThat(ledger.get("DELIVERED")).isEqualTo((warmBatches + batches) * BATCH);
            }
        }
    }

    // ---- the ledger ----

    /**
     * Inserts {@code count} settled rows as the worker leaves them after a send: {@code SENT}, outcome published, no
     * claim; batch {@code b} (event {@code rb-<b>}, BizId {@code <900000000000+b>^0}) holds rows
     * {@code b*BATCH .. b*BATCH+BATCH-1}, row {@code i} the number {@code +86<FIRST_NUMBER+i>}.
     */
    static int fillLedger(FaultDatabase db, int count) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url()); Statement s = c.createStatement()) {
            int rows = s.executeUpdate("""
                    insert into deliveries (event_id, recipient_key, channel, kind, member_id, phone_masked, status,
                                            service, provider_message_id, attempt, outcome_published, claim_token,
                                            sending_at, created_at, updated_at)
                    select 'rb-' || (g / %1$d), '+86' || (%2$d + g), 'sms', '%3$s', 'm' || g,
                           '138****' || lpad((g %% 10000)::text, 4, '0'), 'SENT', '%4$s',
                           (900000000000 + g / %1$d) || '^0', 1, true, null,
                           now() - interval '10 seconds', now() - interval '10 seconds', now() - interval '10 seconds'
                      from generate_series(0, %5$d - 1) g
                    """.formatted(BATCH, FIRST_NUMBER, Topics.APPROVAL_REACHED, SERVICE, count));
            s.execute("analyze deliveries");
            return rows;
        }
    }

    static String bizId(int batch) {
        return (900_000_000_000L + batch) + "^0";
    }

    /** An Alibaba Cloud SmsReport push for batch {@code b}: every number delivered. */
    static String body(int batch) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < BATCH; i++) {
            long number = FIRST_NUMBER + (long) batch * BATCH + i;
            if (i > 0) {
                body.append(',');
            }
            body.append("""
                    {"phone_number":"%d","send_time":"2026-12-07 10:00:00","report_time":"2026-12-07 10:00:05",\
                    "success":true,"err_code":"DELIVERED","err_msg":"用户接收成功","sms_size":"1","biz_id":"%s",\
                    "out_id":"rb-%d"}""".formatted(number, bizId(batch), batch));
        }
        return body.append(']').toString();
    }

    // ---- pushing ----

    /** What a series of pushes did. */
    static final class Pushes {
        final Map<String, Instant> pushedAt = new java.util.concurrent.ConcurrentHashMap<>();
        final List<Double> answerMillis = new CopyOnWriteArrayList<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        Instant firstPush;
        Instant lastAnswer;
        long startNanos;
        long endNanos;

        double seconds() {
            return Math.max(0.001, (endNanos - startNanos) / 1e9);
        }
    }

    /** Pushes batches {@code from .. from+count-1} from {@link #CLIENTS} threads, each batch once. */
    static Pushes push(HttpClient http, String url, int from, int count) {
        List<String> bodies = new ArrayList<>(count);
        for (int b = from; b < from + count; b++) {
            bodies.add(body(b));
        }
        Pushes pushes = new Pushes();
        AtomicInteger next = new AtomicInteger();
        AtomicLong lastAnswer = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        pushes.startNanos = System.nanoTime();
        pushes.firstPush = Instant.now();
        for (int t = 0; t < CLIENTS; t++) {
            threads.add(Thread.ofPlatform().name("receipt-push-" + t).start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    int batch = from + i;
                    Instant at = Instant.now();
                    pushes.pushedAt.put("rb-" + batch, at);
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i), StandardCharsets.UTF_8))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                        long now = System.nanoTime();
                        pushes.answerMillis.add((now - sent) / 1e6);
                        lastAnswer.accumulateAndGet(now, Math::max);
                        if (answer.statusCode() != 200 || !ACCEPTED.equals(answer.body())) {
                            pushes.failures.add("batch " + batch + ": " + answer.statusCode() + " " + answer.body());
                        }
                    } catch (Exception e) {
                        pushes.failures.add("batch " + batch + ": " + e);
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        pushes.endNanos = lastAnswer.get() == 0 ? System.nanoTime() : lastAnswer.get();
        pushes.lastAnswer = pushes.firstPush.plusNanos(pushes.endNanos - pushes.startNanos);
        if (!pushes.failures.isEmpty()) {
            say("receipts: " + pushes.failures.size() + " pushes failed, e.g. " + pushes.failures.getFirst());
        }
        return pushes;
    }

    // ---- sms.delivery ----

    /** A plain consumer on {@code sms.delivery} from its end at start: when each DELIVERED outcome arrived. */
    static final class Outcomes implements AutoCloseable {
        record Seen(String eventId, String phone, Instant seenAt, Instant recordTime) {
        }

        final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
        private final KafkaConsumer<String, String> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        private Outcomes(KafkaConsumer<String, String> consumer) {
            this.consumer = consumer;
            this.thread = Thread.ofPlatform().name("receipt-outcomes").start(this::run);
        }

        static Outcomes start(String bootstrap) {
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10));
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topics.DELIVERY)) {
                partitions.add(new TopicPartition(Topics.DELIVERY, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            return new Outcomes(consumer);
        }

        private void run() {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    Instant now = Instant.now();
                    SmsDelivered outcome = EventJson.mapper().readValue(record.value(), SmsDelivered.class);
                    if (outcome.status() == DeliveryStatus.DELIVERED) {
                        seen.add(new Seen(outcome.eventId(), outcome.phone() + "|" + outcome.memberId(), now,
                                Instant.ofEpochMilli(record.timestamp())));
                    }
                }
            }
        }

        /** Waits up to 2 minutes for {@code count} outcomes; whether they came. */
        boolean await(int count) {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (seen.size() < count && System.nanoTime() < deadline) {
                BenchWorker.sleep(20);
            }
            return seen.size() >= count;
        }

        Instant lastSeen() {
            return seen.stream().map(Seen::seenAt).max(Instant::compareTo).orElse(Instant.now());
        }

        int distinct() {
            return (int) seen.stream().map(s -> s.eventId() + "|" + s.phone()).distinct().count();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
            consumer.close();
        }
    }

    // ---- the worker and the plans ----

    private static BenchWorker startWorker(FaultDatabase db) {
        String svc = "notifier.sms.services." + SERVICE + ".";
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=it",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.datasource.url=" + db.url(),
                "--notifier.sms.services.sandbox.enabled=false",
                "--notifier.topics.partitions=" + PARTITIONS,
                "--logging.level.io.smsnotifier=INFO",
                "--" + svc + "type=aliyun", "--" + svc + "endpoint=http://" + aliyun.endpoint(),
                "--" + svc + "access-key=" + DeliveryBenchmark.ALIYUN_KEY,
                "--" + svc + "access-secret=" + DeliveryBenchmark.ALIYUN_SECRET,
                "--" + svc + "sign-name=" + DeliveryBenchmark.SIGN_NAME));
        String workerArgs = System.getProperty("benchmark.worker-args", "").strip();
        for (String arg : workerArgs.isEmpty() ? new String[0] : workerArgs.split("\\s+")) {
            String key = arg.contains("=") ? arg.substring(0, arg.indexOf('=') + 1) : arg;
            args.removeIf(existing -> existing.startsWith(key));
            args.add(arg);
        }
        long start = System.nanoTime();
        BenchWorker worker = BenchWorker.start("receipts", HEAP, args, Duration.ofMinutes(3));
        say(String.format(Locale.ROOT, "receipts: worker pid %d healthy in %.1f s (log %s)", worker.pid(),
                (System.nanoTime() - start) / 1e9, worker.log()));
        return worker;
    }

    /** The receipts of batch {@code b} as {@code ReceiptLedger}'s unnest() relation, literal arrays. */
    private static String receipts(int batch) {
        List<String> services = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> idx = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            services.add(SERVICE);
            keys.add("+86" + (FIRST_NUMBER + (long) batch * BATCH + i));
            idx.add(String.valueOf(i));
        }
        return ("unnest(cast('{%s}' as text[]), cast('{%s}' as text[]), cast('{%s}' as text[]), cast('{%s}' as text[]),"
                + " cast('{%s}' as text[]), cast('{%s}' as text[]), cast(cast('{%s}' as text[]) as timestamptz[]),"
                + " cast('{%s}' as integer[])) as r(service, biz_id, recipient_key, status, code, message, handset_at, idx)")
                .formatted(String.join(",", services), String.join(",", java.util.Collections.nCopies(BATCH,
                                "\"" + bizId(batch) + "\"")), String.join(",", keys),
                        String.join(",", java.util.Collections.nCopies(BATCH, "DELIVERED")),
                        String.join(",", java.util.Collections.nCopies(BATCH, "DELIVERED")),
                        String.join(",", java.util.Collections.nCopies(BATCH, "ok")),
                        String.join(",", java.util.Collections.nCopies(BATCH, "\"2026-12-07T02:00:05Z\"")),
                        String.join(",", idx));
    }

    private static void analyze(FaultDatabase db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url()); Statement s = c.createStatement()) {
            s.execute("analyze deliveries");
        }
    }

    /**
     * EXPLAIN (ANALYZE, BUFFERS), rolled back, of copies of ReceiptLedger's statements: change for batch
     * {@code fresh} (SENT rows; skipped when negative), classify for batch {@code delivered} (DELIVERED rows).
     */
    private static void explain(FaultDatabase db, int fresh, int delivered, String when) {
        int batch = Math.max(fresh, 0);
        String changeable = "d.status = 'SENT' and d.claim_token is null and d.outcome_published";
        String change = """
                with r as (select * from %s),
                     locked as (select d.id, r.* from deliveries d
                                  join r on d.recipient_key = r.recipient_key and d.service = r.service
                                        and d.provider_message_id = r.biz_id
                                 where %2$s
                                 order by d.event_id, d.recipient_key, d.channel for no key update of d)
                update deliveries d set status = v.status, receipt_code = v.code, receipt_message = v.message,
                                        handset_at = v.handset_at, receipt_at = now(), updated_at = now()
                  from locked v
                 where d.id = v.id and %2$s
                returning v.idx, d.event_id
                """.formatted(receipts(batch), changeable);
        String classify = """
                select r.idx,
                       case when exists (select 1 from deliveries d
                                          where d.recipient_key = r.recipient_key and d.service = r.service
                                            and d.provider_message_id = r.biz_id
                                            and d.status in ('DELIVERED', 'UNDELIVERED')) then 'DUPLICATE'
                            when exists (select 1 from deliveries d
                                          where d.recipient_key = r.recipient_key and d.service = r.service
                                            and (d.status = 'UNKNOWN'
                                                 or (d.status = 'SENT' and d.provider_message_id = r.biz_id)))
                                 then 'EARLY'
                            else 'UNMATCHED' end as verdict
                  from %s
                """.formatted(receipts(delivered));
        try (Connection c = DriverManager.getConnection(db.url()); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            StringBuilder out = new StringBuilder();
            if (fresh >= 0) {
                out.append("\n[benchmark] receipts: EXPLAIN (ANALYZE, BUFFERS) of a copy of ReceiptLedger.change, ")
                        .append(BATCH).append(" receipts of SENT rows (rolled back), ").append(when).append(":\n");
                plan(s, change, out);
            }
            out.append("\n[benchmark] receipts: EXPLAIN (ANALYZE, BUFFERS) of a copy of ReceiptLedger.classify, ")
                    .append(BATCH).append(" receipts of DELIVERED rows (duplicates), ").append(when).append(":\n");
            plan(s, classify, out);
            c.rollback();
            say(out.toString());
        } catch (SQLException e) {
            say("receipts: EXPLAIN failed: " + e.getMessage());
        }
    }

    private static void plan(Statement s, String sql, StringBuilder out) throws SQLException {
        try (ResultSet rs = s.executeQuery("explain (analyze, buffers) " + sql)) {
            while (rs.next()) {
                out.append("    ").append(rs.getString(1)).append('\n');
            }
        }
    }
}
