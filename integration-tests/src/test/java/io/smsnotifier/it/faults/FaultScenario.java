package io.smsnotifier.it.faults;

import io.smsnotifier.events.EventPublisher;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.AliyunSmsSimulator.AliyunCall;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One fault scenario's environment and what the scenarios share: a Kafka broker with {@code sms.notify} (three
 * partitions), the Alibaba Cloud simulator the worker sends to, a fresh {@link FaultDatabase}, optionally a
 * {@link TcpProxy} in front of it, the worker processes the scenario starts, and {@link #close()} that stops them
 * all. Besides: the worker's arguments, a backlog of {@code sms.notify} events (one unique number each), counting
 * what reached the simulator, and the figures table each scenario prints.
 */
final class FaultScenario implements AutoCloseable {

    static final String ACCESS_KEY = "LTAI5tFaultKeyId0001";
    static final String ACCESS_SECRET = "faultAliyunSecret4e1b77";
    static final String SIGN_NAME = "MyCompany";
    /** Consumer threads on {@code sms.notify} (and each of its retry topics): one record in flight per thread. */
    static final int CONCURRENCY = 3;
    /**
     * The worker's bound on vendor requests in flight at once ({@code notifier.delivery.requests-in-flight},
     * default): what a crash or a cut can leave in doubt.
     */
    static final int REQUESTS_IN_FLIGHT = 128;
    private static final Duration WORKER_READY_WITHIN = Duration.ofSeconds(90);

    private final String bootstrap;
    private final Runnable stopBroker;
    private final AliyunSmsSimulator aliyun;
    private final FaultDatabase database;
    private final List<WorkerProcess> workers = new ArrayList<>();
    private @Nullable TcpProxy proxy;

    private FaultScenario(String bootstrap, Runnable stopBroker) {
        this.bootstrap = bootstrap;
        this.stopBroker = stopBroker;
        this.aliyun = new AliyunSmsSimulator(ACCESS_KEY, ACCESS_SECRET)
                .signName(SIGN_NAME)
                .template("ORDER_NOTIFY", "Order for ${username}: amount ${amount}");
        try {
            this.database = FaultDatabase.create();
        } catch (RuntimeException e) {
            aliyun.close();
            stopBroker.run();
            throw e;
        }
    }

    /** On an in-JVM broker (spring-kafka's embedded KRaft broker), for scenarios that leave the broker alone. */
    static FaultScenario onEmbeddedBroker() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, Topics.SMS_NOTIFY);
        broker.afterPropertiesSet();
        return new FaultScenario(broker.getBrokersAsString(), broker::destroy);
    }

    /** On {@code broker}, which the scenario kills and restarts itself; closed with the scenario. */
    static FaultScenario on(BrokerProcess broker) {
        try {
            createTopics(broker.bootstrapServers(), Topics.SMS_NOTIFY);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return new FaultScenario(broker.bootstrapServers(), broker::close);
    }

    String bootstrap() {
        return bootstrap;
    }

    AliyunSmsSimulator aliyun() {
        return aliyun;
    }

    FaultDatabase database() {
        return database;
    }

    /**
     * A {@link TcpProxy} to the database server, for a worker that reaches the database only through it; closed
     * with the scenario.
     */
    TcpProxy proxyToDatabase() {
        proxy = new TcpProxy(database.host(), database.port());
        return proxy;
    }

    /** Profile {@code it} with the sandbox off and {@code aliyun-main} pointing at the simulator. */
    List<String> workerArgs(String jdbcUrl, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=it",
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.datasource.url=" + jdbcUrl,
                "--notifier.sms.services.sandbox.enabled=false",
                "--notifier.sms.services.aliyun-main.type=aliyun",
                "--notifier.sms.services.aliyun-main.endpoint=http://" + aliyun.endpoint(),
                "--notifier.sms.services.aliyun-main.access-key=" + ACCESS_KEY,
                "--notifier.sms.services.aliyun-main.access-secret=" + ACCESS_SECRET,
                "--notifier.sms.services.aliyun-main.sign-name=" + SIGN_NAME,
                "--notifier.sms.services.aliyun-main.max-qps=2000",
                "--notifier.intake.concurrency=" + CONCURRENCY));
        args.addAll(List.of(extra));
        return args;
    }

    /** Starts a worker with {@code args} and waits until it is healthy (90 s at the most); closed with the scenario. */
    WorkerProcess startWorker(String name, List<String> args) {
        WorkerProcess worker = WorkerProcess.start(name, args, WORKER_READY_WITHIN);
        workers.add(worker);
        return worker;
    }

    /** {@code count} unique mainland numbers as people write them ({@code 137xxxxxxxx}). */
    static List<String> phones(int count) {
        int base = ThreadLocalRandom.current().nextInt(10_000_000, 90_000_000);
        return IntStream.range(0, count).mapToObj(i -> String.format("137%08d", base + i)).toList();
    }

    private static void createTopics(String bootstrapServers, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    /** One {@code sms.notify} event per number, all acknowledged by the broker; returns the event ids. */
    List<String> publishOnePerNumber(String prefix, List<String> phones) {
        List<String> ids = new ArrayList<>();
        try (EventPublisher publisher = new EventPublisher(bootstrap)) {
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 0; i < phones.size(); i++) {
                String eventId = prefix + "-" + i;
                ids.add(eventId);
                acks.add(publisher.publish(new SmsNotificationRequested(eventId, Instant.now(),
                        Recipients.ofPhones(phones.get(i)), null, "ORDER_NOTIFY",
                        Map.of("username", "u" + i, "amount", "1.00"))));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("publishing failed", e);
        }
        return ids;
    }

    /** Accepted messages per number (one {@code SendSms} may carry several numbers). */
    Map<String, Integer> acceptedPerNumber() {
        Map<String, Integer> counts = new HashMap<>();
        for (AliyunCall call : aliyun.accepted()) {
            call.phoneNumbers().forEach(phone -> counts.merge(phone, 1, Integer::sum));
        }
        return counts;
    }

    int distinctAccepted() {
        return acceptedPerNumber().size();
    }

    /** Messages beyond the first per number. */
    static int duplicates(Map<String, Integer> perNumber) {
        return perNumber.values().stream().mapToInt(n -> n - 1).sum();
    }

    long queries() {
        return aliyun.requests(call -> "QuerySendDetails".equals(call.action())).size();
    }

    static Set<String> e164(Set<String> mainland) {
        return mainland.stream().map(phone -> "+86" + phone).collect(Collectors.toSet());
    }

    /** Records on {@code topic} (all partitions, end offsets; 0 when the topic does not exist). */
    long recordCount(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                return 0;
            }
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} every 200 ms; false when {@code within} passed first. */
    static boolean waitUntil(Duration within, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            WorkerProcess.sleep(200);
        }
        return condition.getAsBoolean();
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** Stops the workers (in the order started), the proxy, the simulator and the broker, and drops the database. */
    @Override
    public void close() {
        workers.forEach(WorkerProcess::close);
        if (proxy != null) {
            proxy.close();
        }
        aliyun.close();
        stopBroker.run();
        database.close();
    }

    /** An ordered figures table, printed as Markdown so it can go straight into docs/RELIABILITY.md. */
    static final class Figures {

        private final String scenario;
        private final Map<String, String> rows = new LinkedHashMap<>();

        Figures(String scenario) {
            this.scenario = scenario;
        }

        Figures add(String figure, Object value) {
            rows.put(figure, value instanceof Double d ? String.format("%.1f", d) : String.valueOf(value));
            return this;
        }

        void print() {
            StringBuilder out = new StringBuilder("\n[faults] " + scenario + "\n| figure | value |\n|---|---|\n");
            rows.forEach((figure, value) -> out.append("| ").append(figure).append(" | ").append(value).append(" |\n"));
            System.out.println(out);
        }
    }
}
