package io.smsnotifier.it.benchmark;

import io.smsnotifier.it.faults.FaultDatabase;

import io.smsnotifier.events.ApprovalReached;
import io.smsnotifier.events.EventPublisher;
import io.smsnotifier.events.Initiator;
import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.AliyunSmsSimulator.AliyunCall;
import io.smsnotifier.it.simulators.TencentSmsSimulator;
import io.smsnotifier.it.simulators.TencentSmsSimulator.TencentCall;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery throughput and latency of the whole worker: an in-process KRaft broker, a fresh PostgreSQL database, the
 * Alibaba Cloud and Tencent Cloud simulators (with {@code -Dbenchmark.latency}) in this JVM, and the real worker in a
 * child JVM (so its CPU time and heap are its own). For each workload it publishes events while the worker runs,
 * waits until every number reached the simulator and prints one Markdown table: events/s, SMS/s, vendor
 * requests/s, end-to-end latency (publish → the simulator receiving the request) p50/p95/p99, worker CPU and heap,
 * the worker's ledger writes per number (from {@code pg_stat_user_tables}, {@link LedgerWrites}), and ceilings with
 * the worker's share of each: (i) a plain Kafka consumer reading the same topic, (ii) the bare vendor SDK driving the
 * same simulator with the same threads and numbers per request, and, for login codes one per request, (iii) a
 * hand-written pipeline with the worker's guarantees for a code ({@link HandWrittenPipeline}) in a child JVM of its
 * own, on the worker's records, database, broker and simulator once the worker has stopped.
 *
 * <p>Workloads ({@code -Dbenchmark.workload=a|b|c|d|all}, comma-separated allowed):
 * <ul>
 *   <li>a: {@code login.code}, one number per request, through Alibaba Cloud, then through Tencent Cloud;</li>
 *   <li>b: {@code approval.reached} to a department of {@code benchmark.department-size} members, numbers batched
 *       (up to 1,000 per Alibaba Cloud request, 200 per Tencent Cloud request);</li>
 *   <li>c: a and b with 50 ms vendor latency;</li>
 *   <li>d: login codes at {@code benchmark.login-rate}/s (50) while a backlog of {@code benchmark.backlog}
 *       {@code approval.reached} events (each to {@code benchmark.backlog-fanout} members) drains, Alibaba Cloud.</li>
 * </ul>
 * Each workload and service runs on its own worker and database. Asserts only that every number was received.
 * The command is in docs/PERFORMANCE.md; output lines start with {@code [benchmark]} and also go to
 * {@code integration-tests/target/benchmark/report.md}.
 */
@Tag("benchmark")
class DeliveryBenchmark {

    static final int PARTITIONS = Integer.getInteger("benchmark.partitions", 6);
    /** The worker's consumers per topic: its default. Requests in flight come from its own default (128). */
    static final int CONCURRENCY = Integer.getInteger("benchmark.concurrency", 2);
    /** Ceiling (ii)'s threads: the worker's requests in flight ({@code notifier.delivery.requests-in-flight}). */
    static final int SDK_THREADS = Integer.getInteger("benchmark.sdk-threads", 128);
    static final String WORKLOAD = System.getProperty("benchmark.workload", "all");
    static final Duration LATENCY = parseDuration(System.getProperty("benchmark.latency", "0ms"));
    static final Integer EVENTS = Integer.getInteger("benchmark.events");
    static final int DEPARTMENT_SIZE = Integer.getInteger("benchmark.department-size", 1_000);
    static final int BACKLOG = Integer.getInteger("benchmark.backlog", 100_000);
    static final int BACKLOG_FANOUT = Integer.getInteger("benchmark.backlog-fanout", 2);
    static final int LOGIN_RATE = Integer.getInteger("benchmark.login-rate", 50);
    static final long CODE_WINDOW_SECONDS = 20;
    /**
     * How long a benchmark code stays valid: long enough that neither the worker on a busy machine nor ceiling (iii),
     * which reads the same records minutes later, finds one expired (either would then send nothing for it).
     */
    static final Duration CODE_VALIDITY = Duration.ofMinutes(30);
    static final int MAX_QPS = Integer.getInteger("benchmark.max-qps", 5_000);
    static final String HEAP = System.getProperty("benchmark.worker-heap", "1g");
    static final boolean JFR = Boolean.parseBoolean(System.getProperty("benchmark.jfr", "true"));
    static final Duration MAX_WAIT = Duration.ofMinutes(Integer.getInteger("benchmark.max-wait-minutes", 5));
    /** Whether workload a (one code per request) also runs ceiling (iii), {@link HandWrittenPipeline}. */
    static final boolean PIPELINE = Boolean.parseBoolean(System.getProperty("benchmark.ceiling-pipeline", "true"));

    static final String ALIYUN_KEY = "LTAI5tBenchKeyId0001";
    static final String ALIYUN_SECRET = "benchAliyunSecret4e1b77";
    static final String TENCENT_ID = "AKIDbenchSecretId0001";
    static final String TENCENT_KEY = "benchTencentSecretKey9d2";
    static final String SDK_APP_ID = "1400000000";
    static final String SIGN_NAME = "MyCompany";
    static final String APPROVAL_TEMPLATE = "SMS_123456789";
    static final String APPROVAL_TENCENT = "1234567";
    static final String LOGIN_TEMPLATE = "SMS_LOGIN_1";
    static final String LOGIN_TENCENT = "7654321";

    private static final PrintStream CONSOLE = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
            StandardCharsets.UTF_8);

    private static EmbeddedKafkaKraftBroker broker;
    private static AliyunSmsSimulator aliyun;
    private static TencentSmsSimulator tencent;
    private static final AtomicInteger phoneBase = new AtomicInteger(ThreadLocalRandom.current().nextInt(10_000_000));
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Map<String, String>> results = new LinkedHashMap<>();

    enum Vendor { ALIYUN, TENCENT }

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(BenchWorker.dir());
        Files.writeString(report(), "");
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, Topics.LOGIN_CODE, Topics.APPROVAL_REACHED,
                Topics.DELIVERY, HandWrittenPipeline.OUTCOMES);
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.afterPropertiesSet();
        aliyun = new AliyunSmsSimulator(ALIYUN_KEY, ALIYUN_SECRET).signName(SIGN_NAME)
                .template(APPROVAL_TEMPLATE, "${userNick} submitted ${processTitle}, please approve")
                .template(LOGIN_TEMPLATE, "Your login code is ${code}. It expires in 5 minutes.");
        tencent = new TencentSmsSimulator(TENCENT_ID, TENCENT_KEY).smsSdkAppId(SDK_APP_ID).signName(SIGN_NAME)
                .template(APPROVAL_TENCENT, 2).template(LOGIN_TENCENT, 1);
        say("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, JDK " + Runtime.version()
                + ", PostgreSQL " + FaultDatabase.serverVersion() + ", broker " + broker.getBrokersAsString()
                + ", " + PARTITIONS + " partitions, worker consumers per approval topic " + CONCURRENCY
                + " and for login codes " + PARTITIONS + ", bare-SDK threads " + SDK_THREADS + ", max-qps " + MAX_QPS);
    }

    @AfterAll
    static void stop() {
        if (aliyun != null) {
            aliyun.close();
        }
        if (tencent != null) {
            tencent.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void deliveryThroughputAndLatency() {
        Set<String> selected = Set.of(WORKLOAD.toLowerCase(Locale.ROOT).replace(" ", "").split(","));
        boolean all = selected.contains("all");
        say("workload " + WORKLOAD + ", vendor latency " + LATENCY.toMillis() + " ms, worker heap -Xmx" + HEAP);
        String suffix = LATENCY.isZero() ? "" : "@" + LATENCY.toMillis() + "ms";
        if (all || selected.contains("a")) {
            loginCodes("a-aliyun" + suffix, Vendor.ALIYUN, LATENCY, false);
            loginCodes("a-aliyun-batched" + suffix, Vendor.ALIYUN, LATENCY, true);
            loginCodes("a-tencent" + suffix, Vendor.TENCENT, LATENCY, false);
        }
        if (all || selected.contains("b")) {
            approvals("b-aliyun" + suffix, Vendor.ALIYUN, LATENCY);
            approvals("b-tencent" + suffix, Vendor.TENCENT, LATENCY);
        }
        if (all || selected.contains("c")) {
            Duration c = Duration.ofMillis(50);
            loginCodes("c-a-aliyun@50ms", Vendor.ALIYUN, c, false);
            loginCodes("c-a-aliyun-batched@50ms", Vendor.ALIYUN, c, true);
            loginCodes("c-a-tencent@50ms", Vendor.TENCENT, c, false);
            approvals("c-b-aliyun@50ms", Vendor.ALIYUN, c);
            approvals("c-b-tencent@50ms", Vendor.TENCENT, c);
        }
        if (all || selected.contains("d")) {
            loginCodesDuringBacklog("d-aliyun" + suffix);
        }
        printSummary();
        assertThat(failures).as("every number reached the simulator").isEmpty();
    }

    static Duration parseDuration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        return Duration.ofMillis(Long.parseLong(v));
    }

    // ---- workload a / c: login codes, one number per request ----

    /** @param batched whether the worker may put codes that arrive together into one SendBatchSms */
    private void loginCodes(String run, Vendor vendor, Duration latency, boolean batched) {
        int events = EVENTS != null ? EVENTS : 20_000;
        int warmUp = Math.min(500, Math.max(100, events / 5));
        try (FaultDatabase db = FaultDatabase.create();
             BenchWorker worker = startWorker(run, vendor, db, "--notifier.delivery.batch-login-codes=" + batched)) {
            resetSimulators(latency);
            try (EventPublisher publisher = publisher()) {
                // Where the worker's records begin: ceiling (iii) reads the same ones, warm-up first.
                Map<Integer, Long> warmFrom = Ceilings.endOffsets(broker.getBrokersAsString(), Topics.LOGIN_CODE);
                Map<String, Instant> warm = new ConcurrentHashMap<>();
                publishLoginCodes(publisher, run + "-warm", warmUp, vendor, warm, 0);
                awaitNumbers(run + " warm-up", () -> received(vendor, LOGIN_TEMPLATE, warm.keySet()), warm.size(), null);
                resetSimulators(latency);
                LedgerWrites.Reading writesBefore = LedgerWrites.settled(db.url());
                Map<Integer, Long> measureFrom = Ceilings.endOffsets(broker.getBrokersAsString(), Topics.LOGIN_CODE);

                Window window = Window.open(worker);
                Map<String, Instant> published = new ConcurrentHashMap<>();
                Progress progress = new Progress(run, worker, () -> published.size(),
                        () -> received(vendor, LOGIN_TEMPLATE, published.keySet()), events, () -> requests(vendor));
                publishLoginCodes(publisher, run, events, vendor, published, 0);
                awaitNumbers(run, () -> received(vendor, LOGIN_TEMPLATE, published.keySet()), events, progress);
                Measured m = window.close(lastArrival(vendor));
                // Nothing else publishes login codes: the end now is the end of the worker's records.
                Records records = new Records(warmFrom, measureFrom,
                        Ceilings.endOffsets(broker.getBrokersAsString(), Topics.LOGIN_CODE));
                List<Double> latencies = new ArrayList<>();
                long numbers = 0;
                List<List<String>> requestNumbers = new ArrayList<>();
                for (Sent sent : sent(vendor)) {
                    requestNumbers.add(sent.numbers());
                    for (String phone : sent.numbers()) {
                        Instant at = published.get(phone);
                        if (at != null) {
                            latencies.add(millis(at, sent.arrivedAt()));
                            numbers++;
                        }
                    }
                }
                check(run, events, numbers, received(vendor, LOGIN_TEMPLATE, published.keySet()));
                Map<String, String> row = figures(run, "login.code, 1 number/request", events, numbers,
                        requestNumbers.size(), m, latencies, db);
                ceilings(row, Topics.LOGIN_CODE, vendor, LOGIN_TEMPLATE, requestNumbers, m, events, numbers, latency);
                profile(run, worker, m);
                LedgerWrites.Reading writesAfter = workerWrites(row, worker, db, writesBefore, numbers);
                if (!batched && PIPELINE) {
                    Set<String> phones = new java.util.HashSet<>(warm.keySet());
                    phones.addAll(published.keySet());
                    pipelineCeiling(row, run, vendor, latency, db, writesAfter, records, phones, m, numbers);
                }
                print(run, row);
            }
        }
    }

    static void publishLoginCodes(EventPublisher publisher, String prefix, int count, Vendor vendor,
                                  Map<String, Instant> published, int perSecond) {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (perSecond > 0) {
                long due = start + (long) (i * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    BenchWorker.sleep(TimeUnit.NANOSECONDS.toMillis(wait) + 1);
                }
            }
            String phone = nextPhone("138");
            Instant now = Instant.now();
            published.put(phone, now);
            acks.add(publisher.publish(new LoginCodeRequested(prefix + "-" + i, now, phone,
                    String.format("%06d", i % 1_000_000), now.plus(CODE_VALIDITY), null, null, LOGIN_TEMPLATE)));
        }
        join(acks);
    }

    // ---- workload b / c: approval.reached to a department, batched ----

    private void approvals(String run, Vendor vendor, Duration latency) {
        int events = EVENTS != null ? Math.max(1, EVENTS / DEPARTMENT_SIZE) : 200;
        int departments = Math.min(events, 10);
        try (FaultDatabase db = FaultDatabase.create();
             BenchWorker worker = startWorker(run, vendor, db)) {
            List<List<String>> members = loadDirectory(worker, "bd", departments, DEPARTMENT_SIZE);
            resetSimulators(latency);
            try (EventPublisher publisher = publisher()) {
                Map<String, Instant> warm = new ConcurrentHashMap<>();
                publishApprovals(publisher, run + "-warm", "W", 2, "bd", departments, warm, 0);
                awaitNumbers(run + " warm-up", () -> approvalNumbers(vendor, warm.keySet()), 2L * DEPARTMENT_SIZE, null);
                resetSimulators(latency);

                long expected = (long) events * DEPARTMENT_SIZE;
                LedgerWrites.Reading writesBefore = LedgerWrites.settled(db.url());
                Window window = Window.open(worker);
                Map<String, Instant> published = new ConcurrentHashMap<>();
                Progress progress = new Progress(run, worker, () -> published.size(),
                        () -> approvalNumbers(vendor, published.keySet()), expected, () -> requests(vendor));
                publishApprovals(publisher, run, "T", events, "bd", departments, published, 0);
                awaitNumbers(run, () -> approvalNumbers(vendor, published.keySet()), expected, progress);
                Measured m = window.close(lastArrival(vendor));
                List<Double> latencies = new ArrayList<>();
                Set<String> pairs = ConcurrentHashMap.newKeySet();
                long numbers = 0;
                List<List<String>> requestNumbers = new ArrayList<>();
                for (Sent sent : sent(vendor)) {
                    Instant at = published.get(sent.title());
                    if (at == null) {
                        continue;
                    }
                    requestNumbers.add(sent.numbers());
                    double ms = millis(at, sent.arrivedAt());
                    for (String phone : sent.numbers()) {
                        latencies.add(ms);
                        pairs.add(sent.title() + "/" + phone);
                        numbers++;
                    }
                }
                long missing = 0;
                for (int i = 0; i < events; i++) {
                    for (String phone : members.get(i % departments)) {
                        if (!pairs.contains("T" + i + "/" + phone)) {
                            missing++;
                        }
                    }
                }
                check(run, expected, numbers, expected - missing);
                Map<String, String> row = figures(run, "approval.reached to " + DEPARTMENT_SIZE + " members, batched",
                        events, numbers, requestNumbers.size(), m, latencies, db);
                ceilings(row, Topics.APPROVAL_REACHED, vendor, APPROVAL_TEMPLATE, requestNumbers, m, events, numbers,
                        latency);
                profile(run, worker, m);
                workerWrites(row, worker, db, writesBefore, numbers);
                print(run, row);
            }
        }
    }

    /** Publishes approvals titled {@code <titlePrefix><i>}, each to department {@code <dept>-<i % departments>}. */
    private void publishApprovals(EventPublisher publisher, String prefix, String titlePrefix, int count, String dept,
                                  int departments, Map<String, Instant> published, int perSecond) {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String title = titlePrefix + i;
            Instant now = Instant.now();
            published.put(title, now);
            acks.add(publisher.publish(new ApprovalReached(prefix + "-" + i, now, "PI-" + i, title, "n-1", "Manager",
                    new Initiator("u-bench", "Alice"),
                    new Recipients(null, List.of(dept + "-" + (i % departments)), null, null, false),
                    null, APPROVAL_TEMPLATE, Map.of())));
            if (acks.size() >= 10_000) {
                join(acks);
                acks.clear();
            }
        }
        join(acks);
    }

    /** Imports {@code count} departments of {@code size} members each; returns their numbers as sent to vendors. */
    private List<List<String>> loadDirectory(BenchWorker worker, String dept, int count, int size) {
        StringBuilder departments = new StringBuilder("departmentId,parentId,name\n");
        StringBuilder members = new StringBuilder("memberId,nick,phone,departmentIds,roleIds,active\n");
        List<List<String>> numbers = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            departments.append(dept).append('-').append(d).append(",,Bench ").append(d).append('\n');
            List<String> phones = new ArrayList<>();
            for (int m = 0; m < size; m++) {
                String phone = nextPhone("139");
                phones.add(phone);
                members.append(dept).append("m-").append(d).append('-').append(m).append(",M").append(m).append(',')
                        .append(phone).append(',').append(dept).append('-').append(d).append(",,true\n");
            }
            numbers.add(phones);
        }
        long start = System.nanoTime();
        worker.importCsv(departments.toString());
        worker.importCsv(members.toString());
        say(String.format(Locale.ROOT, "directory: %d departments x %d members imported in %.1f s", count, size,
                (System.nanoTime() - start) / 1e9));
        return numbers;
    }

    // ---- workload d: login codes while a backlog of approvals drains ----

    private void loginCodesDuringBacklog(String run) {
        int backlog = BACKLOG;
        int departments = 100;
        try (FaultDatabase db = FaultDatabase.create();
             BenchWorker worker = startWorker(run, Vendor.ALIYUN, db)) {
            List<List<String>> members = loadDirectory(worker, "sd", departments, BACKLOG_FANOUT);
            resetSimulators(LATENCY);
            try (EventPublisher publisher = publisher()) {
                Map<String, Instant> warm = new ConcurrentHashMap<>();
                publishLoginCodes(publisher, run + "-warm", 200, Vendor.ALIYUN, warm, 0);
                awaitNumbers(run + " warm-up", () -> received(Vendor.ALIYUN, LOGIN_TEMPLATE, warm.keySet()), warm.size(), null);
                resetSimulators(LATENCY);

                long expected = (long) backlog * BACKLOG_FANOUT;
                LedgerWrites.Reading writesBefore = LedgerWrites.settled(db.url());
                Window window = Window.open(worker);
                Map<String, Instant> titles = new ConcurrentHashMap<>();
                Map<String, Instant> codes = new ConcurrentHashMap<>();
                Progress progress = new Progress(run, worker, () -> titles.size() + codes.size(),
                        () -> approvalNumbers(Vendor.ALIYUN, titles.keySet()), expected, () -> requests(Vendor.ALIYUN));
                long publishStart = System.nanoTime();
                publishApprovals(publisher, run, "T", backlog, "sd", departments, titles, 0);
                double publishSeconds = (System.nanoTime() - publishStart) / 1e9;
                // Login codes at a steady rate until the backlog has drained (at least 10 s of them).
                Thread codesThread = Thread.ofPlatform().name("login-codes").start(() -> {
                    long begin = System.nanoTime();
                    int batch = 0;
                    while (approvalNumbers(Vendor.ALIYUN, titles.keySet()) < expected
                            || System.nanoTime() - begin < TimeUnit.SECONDS.toNanos(10)) {
                        publishLoginCodes(publisher, run + "-b" + batch++, LOGIN_RATE, Vendor.ALIYUN, codes, LOGIN_RATE);
                        if (System.nanoTime() - begin > MAX_WAIT.toNanos()) {
                            break;
                        }
                    }
                });
                awaitNumbers(run, () -> approvalNumbers(Vendor.ALIYUN, titles.keySet()), expected, progress);
                join(codesThread);
                awaitNumbers(run + " codes", () -> received(Vendor.ALIYUN, LOGIN_TEMPLATE, codes.keySet()), codes.size(), null);
                Measured m = window.close(lastArrival(Vendor.ALIYUN));

                List<Double> codeLatencies = new ArrayList<>();
                // By when each code was published, so that a tail shows whether it is the backlog's first seconds.
                java.util.TreeMap<Long, List<Double>> codeLatenciesByWindow = new java.util.TreeMap<>();
                Instant firstCode = codes.values().stream().min(Instant::compareTo).orElse(Instant.EPOCH);
                List<Double> backlogLatencies = new ArrayList<>();
                long backlogNumbers = 0;
                long codeNumbers = 0;
                int requests = 0;
                Set<String> pairs = new java.util.HashSet<>();
                for (Sent sent : sent(Vendor.ALIYUN)) {
                    requests++;
                    if (LOGIN_TEMPLATE.equals(sent.template())) {
                        for (String phone : sent.numbers()) {
                            Instant at = codes.get(phone);
                            if (at != null) {
                                codeLatencies.add(millis(at, sent.arrivedAt()));
                                codeLatenciesByWindow.computeIfAbsent(
                                        Duration.between(firstCode, at).toSeconds() / CODE_WINDOW_SECONDS,
                                        slot -> new ArrayList<>()).add(millis(at, sent.arrivedAt()));
                                codeNumbers++;
                            }
                        }
                    } else {
                        Instant at = titles.get(sent.title());
                        if (at != null) {
                            for (String phone : sent.numbers()) {
                                backlogLatencies.add(millis(at, sent.arrivedAt()));
                                pairs.add(sent.title() + "/" + phone);
                                backlogNumbers++;
                            }
                        }
                    }
                }
                long missing = 0;
                for (int i = 0; i < backlog; i++) {
                    for (String phone : members.get(i % departments)) {
                        if (!pairs.contains("T" + i + "/" + phone)) {
                            missing++;
                        }
                    }
                }
                check(run + " backlog", expected, backlogNumbers, expected - missing);
                check(run + " login codes", codes.size(), codeNumbers,
                        received(Vendor.ALIYUN, LOGIN_TEMPLATE, codes.keySet()));
                Map<String, String> row = figures(run, "login.code at " + LOGIN_RATE + "/s during a backlog of "
                                + backlog + " approval.reached (" + BACKLOG_FANOUT + " members each)",
                        backlog + codes.size(), backlogNumbers + codeNumbers, requests, m, backlogLatencies, db);
                row.put("backlog published in", fmt(publishSeconds) + " s");
                row.put("login codes sent", String.valueOf(codes.size()));
                Percentiles p = Percentiles.of(codeLatencies);
                row.put("**login-code latency p50 / p95 / p99 / max (ms)**", "**" + p + "**");
                StringBuilder byWindow = new StringBuilder();
                codeLatenciesByWindow.forEach((slot, latencies) -> byWindow.append(byWindow.isEmpty() ? "" : "; ")
                        .append(slot * CODE_WINDOW_SECONDS).append("-").append((slot + 1) * CODE_WINDOW_SECONDS)
                        .append(" s: ").append(Percentiles.of(latencies)));
                row.put("login-code latency by " + CODE_WINDOW_SECONDS + " s window after the first code", byWindow.toString());
                row.put("approval latency p50 / p95 / p99 / max (ms)", row.remove("latency p50 / p95 / p99 / max (ms)"));
                profile(run, worker, m);
                workerWrites(row, worker, db, writesBefore, backlogNumbers + codeNumbers);
                print(run, row);
            }
        }
    }

    // ---- ceiling (iii) and ledger writes ----

    private static final String WRITES = "**ledger writes per number, worker** (pg_stat_user_tables)";

    /** The worker's records on the login-code topic, offsets per partition: warm-up, measured, end. */
    record Records(Map<Integer, Long> from, Map<Integer, Long> measureFrom, Map<Integer, Long> to) {
    }

    /**
     * Stops the worker (its connections flush their statistics as they close) and adds its ledger writes per number
     * from {@code before} (taken just before the window) to now; returns the reading now.
     */
    private static LedgerWrites.Reading workerWrites(Map<String, String> row, BenchWorker worker, FaultDatabase db,
                                                     LedgerWrites.Reading before, long numbers) {
        worker.close();
        LedgerWrites.Reading after = LedgerWrites.settled(db.url());
        row.put(WRITES, "**" + LedgerWrites.perNumber(before, after, numbers) + "**");
        row.put("statistics read (before; after)", before.how() + "; " + after.how());
        return after;
    }

    /**
     * Ceiling (iii), {@link HandWrittenPipeline}, in a child JVM on the worker's records (its warm-up first), the same
     * broker, database and simulator, the worker stopped; adds its figures and the worker's as ratios to them.
     */
    private void pipelineCeiling(Map<String, String> row, String run, Vendor vendor, Duration latency,
                                 FaultDatabase db, LedgerWrites.Reading before, Records records, Set<String> phones,
                                 Measured m, long numbers) {
        resetSimulators(latency);
        Map<String, String> args = new LinkedHashMap<>();
        args.put("bootstrap", broker.getBrokersAsString());
        args.put("topic", Topics.LOGIN_CODE);
        args.put("outcomes", HandWrittenPipeline.OUTCOMES);
        args.put("group", "ceiling-pipeline-" + run.replace('@', '-'));
        args.put("jdbc", db.url());
        args.put("inFlight", String.valueOf(SDK_THREADS));
        args.put("from", HandWrittenPipelineProcess.offsets(records.from()));
        args.put("measureFrom", HandWrittenPipelineProcess.offsets(records.measureFrom()));
        args.put("to", HandWrittenPipelineProcess.offsets(records.to()));
        args.put("sign", SIGN_NAME);
        if (vendor == Vendor.ALIYUN) {
            args.putAll(Map.of("vendor", "aliyun", "endpoint", aliyun.endpoint(), "key", ALIYUN_KEY,
                    "secret", ALIYUN_SECRET, "template", LOGIN_TEMPLATE));
        } else {
            args.putAll(Map.of("vendor", "tencent", "endpoint", tencent.endpoint(), "key", TENCENT_ID,
                    "secret", TENCENT_KEY, "template", LOGIN_TENCENT, "sdkAppId", SDK_APP_ID));
        }
        HandWrittenPipelineProcess.Result pipeline;
        try {
            pipeline = HandWrittenPipelineProcess.run(run.replace('@', '-') + "-ceiling-iii", HEAP, args,
                    MAX_WAIT.plusMinutes(1));
        } catch (RuntimeException e) {
            failures.add(run + " ceiling (iii): " + e.getMessage());
            row.put("ceiling (iii): hand-written pipeline", "failed: " + e.getMessage());
            return;
        }
        if (pipeline.measuredNumbers() == 0) {
            failures.add(run + " ceiling (iii) sent nothing in its measured range");
            row.put("ceiling (iii): hand-written pipeline", "sent nothing; see its log");
            return;
        }
        LedgerWrites.Reading after = LedgerWrites.settled(db.url());
        long requested = 0;
        Set<String> seen = new java.util.HashSet<>();
        for (Sent sent : sent(vendor)) {
            requested += sent.numbers().size();
            seen.addAll(sent.numbers());
        }
        seen.retainAll(phones);
        if (seen.size() < phones.size() || requested > seen.size() || pipeline.failed() > 0) {
            failures.add(run + " ceiling (iii): " + seen.size() + " of " + phones.size() + " numbers reached the "
                    + "simulator in " + requested + " sends, " + pipeline.failed() + " FAILED");
        }
        double workerPerSecond = numbers / m.seconds();
        double workerCpuMs = m.cpuSeconds() * 1000 / numbers;
        row.put("worker CPU per code", String.format(Locale.ROOT, "%.3f ms", workerCpuMs));
        row.put("ceiling (iii): hand-written pipeline, child JVM, " + SDK_THREADS + " requests in flight",
                String.format(Locale.ROOT, "%s codes/s, CPU %.3f ms per code (%d codes in %s s, CPU %s s = %.2f "
                                + "cores); %d numbers sent to %d distinct, %d repeats", fmt(pipeline.numbersPerSecond()),
                        pipeline.cpuMillisPerNumber(), pipeline.measuredNumbers(), fmt(pipeline.seconds()),
                        fmt(pipeline.cpuSeconds()), pipeline.cpuSeconds() / pipeline.seconds(), requested,
                        seen.size(), pipeline.repeats()));
        row.put("**worker / ceiling (iii)**", String.format(Locale.ROOT, "**throughput %.2f, CPU per code %.2f**",
                workerPerSecond / pipeline.numbersPerSecond(), workerCpuMs / pipeline.cpuMillisPerNumber()));
        row.put("ledger writes per number, ceiling (iii)", LedgerWrites.perNumber(before, after, pipeline.numbers())
                + "; statistics read: " + after.how());
    }

    // ---- figures ----

    private Map<String, String> figures(String run, String what, long events, long numbers, int requests, Measured m,
                                        List<Double> latencies, FaultDatabase db) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("workload", what);
        row.put("vendor latency", m.latencyMs() + " ms");
        row.put("events / SMS / vendor requests", events + " / " + numbers + " / " + requests);
        row.put("wall time (first publish → last request)", fmt(m.seconds()) + " s");
        row.put("**events/s**", "**" + fmt(events / m.seconds()) + "**");
        row.put("**SMS/s**", "**" + fmt(numbers / m.seconds()) + "**");
        row.put("vendor requests/s", fmt(requests / m.seconds()));
        row.put("latency p50 / p95 / p99 / max (ms)", Percentiles.of(latencies).toString());
        row.put("worker CPU", fmt(m.cpuSeconds()) + " s = " + String.format(Locale.ROOT, "%.2f", m.cpuSeconds() / m.seconds())
                + " cores of " + Runtime.getRuntime().availableProcessors());
        row.put("worker heap: peak used after GC / peak used / committed (MB)", m.heap().peakAfterGcMb() + " / "
                + m.heap().peakUsedMb() + " / " + m.heap().committedMb() + " (" + m.heap().collections() + " GCs)");
        row.put("max vendor requests in any second", String.valueOf(maxPerSecond(m)));
        row.put("ledger", db.statusCounts().toString());
        results.put(run, row);
        return row;
    }

    private void ceilings(Map<String, String> row, String topic, Vendor vendor, String template,
                          List<List<String>> requestNumbers, Measured m, long events, long numbers, Duration latency) {
        Ceilings.Rate consumer = Ceilings.plainConsumer(broker.getBrokersAsString(), topic);
        double eventsPerSecond = events / m.seconds();
        row.put("ceiling (i): plain KafkaConsumer on " + topic, fmt(consumer.perSecond()) + " records/s ("
                + consumer.count() + " records in " + fmt(consumer.seconds()) + " s)");
        row.put("**worker / ceiling (i)**", "**" + percent(eventsPerSecond / consumer.perSecond()) + "**");
        resetSimulators(latency);
        boolean single = requestNumbers.stream().allMatch(n -> n.size() == 1);
        int total = Math.max(requestNumbers.size(), single ? 3_000 : 150);
        Ceilings.Sender sender = vendor == Vendor.ALIYUN
                ? Ceilings.aliyun(aliyun.endpoint(), ALIYUN_KEY, ALIYUN_SECRET, SIGN_NAME, template,
                LOGIN_TEMPLATE.equals(template) ? "{\"code\":\"123456\"}"
                        : "{\"processTitle\":\"T1\",\"userNick\":\"Alice\"}", 64)
                : Ceilings.tencent(tencent.endpoint(), TENCENT_ID, TENCENT_KEY, SDK_APP_ID, SIGN_NAME,
                LOGIN_TEMPLATE.equals(template) ? LOGIN_TENCENT : APPROVAL_TENCENT,
                LOGIN_TEMPLATE.equals(template) ? new String[] {"123456"} : new String[] {"Alice", "T1"});
        Ceilings.Rate sdk = Ceilings.bareSdk(sender, requestNumbers, total, Math.max(50, total / 10), SDK_THREADS);
        double perRequest = requestNumbers.stream().mapToInt(List::size).average().orElse(1);
        double workerRequests = requestNumbers.size() / m.seconds();
        row.put("ceiling (ii): bare " + (vendor == Vendor.ALIYUN ? "Alibaba Cloud" : "Tencent Cloud") + " SDK, "
                + SDK_THREADS + " threads, " + fmt(perRequest) + " numbers/request",
                fmt(sdk.perSecond()) + " requests/s = " + fmt(sdk.perSecond() * perRequest) + " SMS/s ("
                        + sdk.count() + " requests in " + fmt(sdk.seconds()) + " s)");
        row.put("**worker / ceiling (ii)**", "**" + percent(workerRequests / sdk.perSecond()) + "**");
        resetSimulators(latency);
    }

    static void profile(String run, BenchWorker worker, Measured m) {
        if (m.recording() == null || !Files.exists(m.recording())) {
            return;
        }
        try {
            Map<String, Integer> topFrames = new HashMap<>();
            Map<String, Integer> packages = new HashMap<>();
            Map<String, Integer> ownCode = new HashMap<>();
            int samples = 0;
            for (RecordedEvent event : RecordingFile.readAllEvents(m.recording())) {
                if (!"jdk.ExecutionSample".equals(event.getEventType().getName())) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                RecordedFrame top = stack.getFrames().getFirst();
                String type = top.getMethod().getType().getName();
                topFrames.merge(type + "." + top.getMethod().getName(), 1, Integer::sum);
                packages.merge(packageOf(type), 1, Integer::sum);
                for (RecordedFrame frame : stack.getFrames()) {
                    String t = frame.getMethod().getType().getName();
                    if (t.startsWith("io.smsnotifier")) {
                        ownCode.merge(t.substring(t.lastIndexOf('.') + 1) + "." + frame.getMethod().getName(), 1,
                                Integer::sum);
                        break;
                    }
                }
            }
            StringBuilder out = new StringBuilder("\n[benchmark] " + run + " JFR (" + m.recording().getFileName() + "): "
                    + samples + " execution samples in the measured window\n");
            append(out, "top packages (top frame)", packages, samples, 12);
            append(out, "top methods (top frame)", topFrames, samples, 12);
            append(out, "nearest worker method on the stack", ownCode, samples, 12);
            say(out.toString());
        } catch (IOException e) {
            say("could not read " + m.recording() + ": " + e.getMessage());
        }
    }

    private static void append(StringBuilder out, String title, Map<String, Integer> counts, int total, int limit) {
        out.append("  ").append(title).append(":\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> out.append(String.format(Locale.ROOT, "    %5.1f %%  %s%n", 100.0 * e.getValue() / total,
                        e.getKey())));
    }

    private static String packageOf(String type) {
        String[] parts = type.split("\\.");
        return String.join(".", Arrays.copyOf(parts, Math.min(parts.length - 1, 3)));
    }

    private void print(String run, Map<String, String> row) {
        StringBuilder out = new StringBuilder("\n[benchmark] " + run + "\n\n| figure | " + run + " |\n|---|---|\n");
        row.forEach((k, v) -> out.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        say(out.toString());
    }

    private void printSummary() {
        StringBuilder out = new StringBuilder("\n[benchmark] summary\n\n| run | events/s | SMS/s | requests/s | "
                + "p50 / p95 / p99 / max ms | CPU cores | heap after GC MB | vs (i) | vs (ii) | vs (iii) | "
                + "writes / number |\n"
                + "|---|---:|---:|---:|---|---:|---:|---:|---:|---|---:|\n");
        results.forEach((run, row) -> out.append("| ").append(run).append(" | ")
                .append(strip(row.get("**events/s**"))).append(" | ")
                .append(strip(row.get("**SMS/s**"))).append(" | ")
                .append(row.get("vendor requests/s")).append(" | ")
                .append(strip(row.getOrDefault("**login-code latency p50 / p95 / p99 / max (ms)**",
                        row.get("latency p50 / p95 / p99 / max (ms)")))).append(" | ")
                .append(row.get("worker CPU").replaceAll(".*= ([0-9.]+) cores.*", "$1")).append(" | ")
                .append(row.get("worker heap: peak used after GC / peak used / committed (MB)").split(" ")[0]).append(" | ")
                .append(strip(row.getOrDefault("**worker / ceiling (i)**", "n/a"))).append(" | ")
                .append(strip(row.getOrDefault("**worker / ceiling (ii)**", "n/a"))).append(" | ")
                .append(strip(row.getOrDefault("**worker / ceiling (iii)**", "n/a"))).append(" | ")
                .append(strip(row.get(WRITES)).split(" ")[0]).append(" |\n"));
        say(out.toString());
    }

    private static String strip(String value) {
        return value == null ? "?" : value.replace("**", "");
    }

    private void check(String run, long expected, long sent, long distinctReceived) {
        if (distinctReceived < expected) {
            failures.add(run + ": " + distinctReceived + " of " + expected + " numbers received");
        }
        if (sent > expected) {
            say(run + ": " + (sent - expected) + " duplicate messages");
        }
    }

    // ---- the worker, simulators, publishing ----

    private BenchWorker startWorker(String run, Vendor vendor, FaultDatabase db, String... extraArgs) {
        String name = run.replace('@', '-');
        List<String> args = workerArgs(broker.getBrokersAsString(),
                vendor == Vendor.ALIYUN ? aliyun.endpoint() : tencent.endpoint(), vendor, db.url(), PARTITIONS,
                PARTITIONS, extraArgs);
        long start = System.nanoTime();
        // Five minutes: on a machine shared with other builds a start has taken over three.
        BenchWorker worker = BenchWorker.start(name, HEAP, args, Duration.ofMinutes(5));
        say(String.format(Locale.ROOT, "%s: worker pid %d healthy in %.1f s (log %s)", run, worker.pid(),
                (System.nanoTime() - start) / 1e9, worker.log()));
        return worker;
    }

    /**
     * The worker's arguments for a run against {@code vendorEndpoint} (a simulator), {@code partitions} per topic
     * and {@code loginCodeConsumers} login-code consumers, then {@code extraArgs} and {@code benchmark.worker-args};
     * shared with {@link ScaleBenchmark}.
     */
    static List<String> workerArgs(String bootstrapServers, String vendorEndpoint, Vendor vendor, String databaseUrl,
                                   int partitions, int loginCodeConsumers, String... extraArgs) {
        String svc = "notifier.sms.services." + (vendor == Vendor.ALIYUN ? "aliyun-main." : "tencent-main.");
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=it",
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--spring.datasource.url=" + databaseUrl,
                "--notifier.sms.services.sandbox.enabled=false",
                "--notifier.topics.partitions=" + partitions,
                "--notifier.intake.concurrency=" + CONCURRENCY,
                // One login-code consumer per partition (over all instances), as the README advises.
                "--notifier.intake.login-code-concurrency=" + loginCodeConsumers,
                // The production limits (profile "it" turns them off); every code goes to a number of its own.
                "--notifier.login-code.limits.per-minute=1",
                "--notifier.login-code.limits.per-hour=5",
                "--notifier.login-code.limits.per-day=10",
                "--notifier.templates." + APPROVAL_TEMPLATE + ".codes.tencent-main=" + APPROVAL_TENCENT,
                "--notifier.templates." + LOGIN_TEMPLATE + ".codes.tencent-main=" + LOGIN_TENCENT,
                "--logging.level.io.smsnotifier=INFO",
                "--" + svc + "max-qps=" + MAX_QPS));
        if (vendor == Vendor.ALIYUN) {
            args.addAll(List.of("--" + svc + "type=aliyun", "--" + svc + "endpoint=http://" + vendorEndpoint,
                    "--" + svc + "access-key=" + ALIYUN_KEY, "--" + svc + "access-secret=" + ALIYUN_SECRET,
                    "--" + svc + "sign-name=" + SIGN_NAME));
        } else {
            args.addAll(List.of("--" + svc + "type=tencent", "--" + svc + "endpoint=http://" + vendorEndpoint,
                    "--" + svc + "secret-id=" + TENCENT_ID, "--" + svc + "secret-key=" + TENCENT_KEY,
                    "--" + svc + "sdk-app-id=" + SDK_APP_ID, "--" + svc + "sign-name=" + SIGN_NAME));
        }
        args.addAll(List.of(extraArgs));
        // Settings to try without a code change, e.g. "--notifier.delivery.backlog-share=1". Each replaces the
        // benchmark's own value of that setting: Spring would join two values of one argument with a comma.
        String workerArgs = System.getProperty("benchmark.worker-args", "").strip();
        for (String arg : workerArgs.isEmpty() ? new String[0] : workerArgs.split("\\s+")) {
            String key = arg.contains("=") ? arg.substring(0, arg.indexOf('=') + 1) : arg;
            args.removeIf(existing -> existing.startsWith(key));
            args.add(arg);
        }
        return args;
    }

    private static void resetSimulators(Duration latency) {
        aliyun.reset();
        tencent.reset();
        aliyun.latency(latency);
        tencent.latency(latency);
        currentLatency = latency.toMillis();
    }

    private static EventPublisher publisher() {
        return new EventPublisher(broker.getBrokersAsString(), Map.of("linger.ms", 5));
    }

    private static String nextPhone(String prefix) {
        return String.format("%s%08d", prefix, phoneBase.getAndIncrement() % 100_000_000);
    }

    /** One accepted vendor request, numbers as mainland numbers without +86. */
    record Sent(Instant arrivedAt, List<String> numbers, String template, String title) {
    }

    private static List<Sent> sent(Vendor vendor) {
        List<Sent> list = new ArrayList<>();
        if (vendor == Vendor.ALIYUN) {
            for (AliyunCall call : aliyun.accepted()) {
                list.add(new Sent(call.arrivedAt(), call.phoneNumbers(), call.templateCode(),
                        call.templateParams() == null ? null : call.templateParams().get("processTitle")));
            }
        } else {
            for (TencentCall call : tencent.accepted()) {
                List<String> numbers = call.sentNumbers().stream()
                        .map(n -> n.startsWith("+86") ? n.substring(3) : n).toList();
                String template = LOGIN_TENCENT.equals(call.templateId()) ? LOGIN_TEMPLATE : APPROVAL_TEMPLATE;
                String title = call.templateParams().size() > 1 ? call.templateParams().get(1) : null;
                list.add(new Sent(call.arrivedAt(), numbers, template, title));
            }
        }
        return list;
    }

    private static int requests(Vendor vendor) {
        return vendor == Vendor.ALIYUN ? aliyun.accepted().size() : tencent.accepted().size();
    }

    /** Distinct numbers of {@code phones} that reached the vendor with {@code template}. */
    private static long received(Vendor vendor, String template, Set<String> phones) {
        Set<String> seen = new java.util.HashSet<>();
        for (Sent sent : sent(vendor)) {
            if (template.equals(sent.template())) {
                for (String phone : sent.numbers()) {
                    if (phones.contains(phone)) {
                        seen.add(phone);
                    }
                }
            }
        }
        return seen.size();
    }

    /** Numbers (with repeats across events) sent for approvals titled as in {@code titles}. */
    private static long approvalNumbers(Vendor vendor, Set<String> titles) {
        long count = 0;
        for (Sent sent : sent(vendor)) {
            if (sent.title() != null && titles.contains(sent.title()) && APPROVAL_TEMPLATE.equals(sent.template())) {
                count += sent.numbers().size();
            }
        }
        return count;
    }

    private static Instant lastArrival(Vendor vendor) {
        return sent(vendor).stream().map(Sent::arrivedAt).max(Comparator.naturalOrder()).orElse(Instant.now());
    }

    private static int maxPerSecond(Measured m) {
        return Math.max(aliyun.maxRequestsInAnySecond(), tencent.maxRequestsInAnySecond());
    }

    private void awaitNumbers(String what, LongSupplier received, long expected, Progress progress) {
        Instant deadline = Instant.now().plus(MAX_WAIT);
        try {
            while (received.getAsLong() < expected && Instant.now().isBefore(deadline)) {
                if (progress != null) {
                    progress.maybePrint();
                }
                BenchWorker.sleep(100);
            }
        } finally {
            if (progress != null) {
                progress.print();
            }
        }
        if (received.getAsLong() < expected) {
            failures.add(what + ": only " + received.getAsLong() + " of " + expected + " within " + MAX_WAIT);
        }
    }

    private static void join(List<CompletableFuture<?>> acks) {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("publishing failed", e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    static String fmt(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, ratio < 0.01 ? "%.2f %%" : "%.0f %%", 100 * ratio);
    }

    static Path report() {
        return BenchWorker.dir().resolve("report.md");
    }

    /** To the console (native stderr, which Surefire shows even with redirected test output) and report.md. */
    static synchronized void say(String line) {
        String text = line.startsWith("\n") ? line : "[benchmark] " + line;
        CONSOLE.println(text);
        try {
            Files.writeString(report(), text + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the console has it
        }
    }

    // ---- measurement window ----

    record Measured(double seconds, double cpuSeconds, BenchWorker.Heap heap, Path recording, long latencyMs) {
    }

    /** From just before the first measured publish to the last request's arrival at the simulator. */
    static final class Window {
        private final BenchWorker worker;
        private final Instant start;
        private final Duration cpuAtStart;
        private final int gcMark;

        private Window(BenchWorker worker) {
            this.worker = worker;
            if (JFR) {
                worker.startRecording();
            }
            this.gcMark = worker.gcLogMark();
            this.cpuAtStart = worker.cpu();
            this.start = Instant.now();
        }

        static Window open(BenchWorker worker) {
            return new Window(worker);
        }

        Measured close(Instant lastArrival) {
            Duration cpu = worker.cpu().minus(cpuAtStart);
            double seconds = Math.max(0.001, millis(start, lastArrival) / 1000);
            BenchWorker.Heap heap = worker.heapSince(gcMark);
            Path recording = JFR ? worker.stopRecording() : null;
            return new Measured(seconds, cpu.toNanos() / 1e9, heap, recording, currentLatency);
        }
    }

    private static volatile long currentLatency;

    /** A progress line every 5 s. */
    static final class Progress {
        private final String run;
        private final BenchWorker worker;
        private final LongSupplier published;
        private final LongSupplier received;
        private final long expected;
        private final LongSupplier requests;
        private final long start = System.nanoTime();
        private long lastPrint = System.nanoTime();
        private long lastReceived;
        private Duration lastCpu;

        Progress(String run, BenchWorker worker, LongSupplier published, LongSupplier received, long expected,
                 LongSupplier requests) {
            this.run = run;
            this.worker = worker;
            this.published = published;
            this.received = received;
            this.expected = expected;
            this.requests = requests;
            this.lastCpu = worker.cpu();
        }

        void maybePrint() {
            if (System.nanoTime() - lastPrint >= TimeUnit.SECONDS.toNanos(5)) {
                print();
            }
        }

        void print() {
            long now = System.nanoTime();
            double interval = Math.max(0.001, (now - lastPrint) / 1e9);
            long got = received.getAsLong();
            Duration cpu = worker.cpu();
            say(String.format(Locale.ROOT, "%s: %5.1f s  published %d  SMS %d/%d  %s SMS/s (last %.0f s)  "
                            + "requests %d  worker CPU %.2f cores", run, (now - start) / 1e9, published.getAsLong(),
                    got, expected, fmt((got - lastReceived) / interval), interval, requests.getAsLong(),
                    cpu.minus(lastCpu).toNanos() / 1e9 / interval));
            lastPrint = now;
            lastReceived = got;
            lastCpu = cpu;
        }
    }

    /** Latency percentiles in ms. */
    record Percentiles(double p50, double p95, double p99, double max) {
        static Percentiles of(List<Double> values) {
            if (values.isEmpty()) {
                return new Percentiles(0, 0, 0, 0);
            }
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Percentiles(at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1]);
        }

        private static double at(double[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
        }

        @Override
        public String toString() {
            return fmt(p50) + " / " + fmt(p95) + " / " + fmt(p99) + " / " + fmt(max);
        }
    }
}
