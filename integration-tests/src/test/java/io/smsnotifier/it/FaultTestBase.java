package io.smsnotifier.it;

import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.TencentSmsSimulator;
import io.smsnotifier.worker.NotifierApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The worker with its real Alibaba Cloud and Tencent Cloud adapters against the simulators, for the fault
 * scenarios of {@code docs/RELIABILITY.md}: {@code aliyun-main} (priority 1) and {@code tencent-main}
 * (priority 2), both at {@code max-qps} 2000, the sandbox off, template {@code FAULT_NOTICE} approved at both
 * (so failover is allowed), a small circuit breaker, three consumers per request topic. Real Kafka (in this JVM)
 * and real PostgreSQL as in {@link WorkerIntegrationTest}. Every subclass shares this one context and the
 * simulators; each scenario uses its own event-id prefix and its own range of numbers, resets the simulators
 * before it starts and leaves every circuit closed when it ends.
 */
@SpringBootTest(classes = NotifierApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ActiveProfiles({"it", "it-fault-vendors"})
abstract class FaultTestBase {

    static final String TEMPLATE = "FAULT_NOTICE";
    /** Profile it's login-code template, registered at the Alibaba Cloud simulator too. */
    static final String LOGIN_TEMPLATE = "SMS_LOGIN_1";
    static final String TENCENT_TEMPLATE_ID = "3300001";
    static final String DLT = Topics.deadLetterOf(Topics.SMS_NOTIFY);

    private static final String ALIYUN_KEY_ID = "LTAI5tFaultKeyId0001";
    private static final String ALIYUN_SECRET = "faultAliyunSecret3e1b77";
    private static final String TENCENT_SECRET_ID = "AKIDfaultSecretId0001";
    private static final String TENCENT_SECRET_KEY = "faultTencentKey9a02c4";
    private static final String SDK_APP_ID = "1400000077";
    private static final String SIGN_NAME = "MyCompany";

    static final AliyunSmsSimulator aliyun = new AliyunSmsSimulator(ALIYUN_KEY_ID, ALIYUN_SECRET)
            .signName(SIGN_NAME)
            .template(TEMPLATE, "Hi ${name}, order ${order} is ready")
            .template(LOGIN_TEMPLATE, "Your login code is ${code}. It expires in 5 minutes.");
    static final TencentSmsSimulator tencent = new TencentSmsSimulator(TENCENT_SECRET_ID, TENCENT_SECRET_KEY)
            .smsSdkAppId(SDK_APP_ID)
            .signName(SIGN_NAME)
            .template(TENCENT_TEMPLATE_ID, 2);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            aliyun.close();
            tencent.close();
        }, "close-fault-simulators"));
    }

    /** Numbers for "Send Test SMS" nudges ({@code 135…}): never one a scenario counts. */
    private static final AtomicInteger nudgeSequence = new AtomicInteger();

    private static String bootstrapServers;
    private static KafkaProducer<String, byte[]> producer;
    private static Admin kafkaAdmin;

    @Value("${local.server.port}")
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestPostgres::freshDatabaseUrl);
        // No scenario here waits for a timeout on purpose. A request that merely takes long on a busy machine must
        // not time out: its numbers would then be in doubt and resent (unknown-policy resend), and the scenarios
        // that count duplicates would count that instead of what they test.
        VendorServiceProperties.aliyun(registry, "aliyun-main", 1, aliyun, ALIYUN_KEY_ID, ALIYUN_SECRET, SIGN_NAME,
                2000, "10s");

        VendorServiceProperties.tencent(registry, "tencent-main", 2, tencent, TENCENT_SECRET_ID, TENCENT_SECRET_KEY,
                SDK_APP_ID, SIGN_NAME, 2000, "10s");

        registry.add("notifier.sms.routing", () -> "failover");
        registry.add("notifier.sms.circuit-breaker.sliding-window-size", () -> "10");
        registry.add("notifier.sms.circuit-breaker.minimum-number-of-calls", () -> "5");
        registry.add("notifier.sms.circuit-breaker.failure-rate-threshold", () -> "50");
        registry.add("notifier.sms.circuit-breaker.wait-in-open-state", () -> "2s");
        registry.add("notifier.sms.circuit-breaker.permitted-calls-in-half-open-state", () -> "1");
    }

    @BeforeAll
    static void connect(@Autowired EmbeddedKafkaBroker broker) {
        bootstrapServers = broker.getBrokersAsString();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer());
        kafkaAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        kafkaAdmin.close();
    }

    // ---- events and publishing ----

    /** A mainland mobile number of {@code range} (one digit, 1-9 → {@code 13<range>…}), as people write it. */
    static String phone(int range, int index) {
        return String.format("13%d%08d", range, index);
    }

    /** Mainland number as both simulators may show it ({@code 13800138000} or {@code +8613800138000}). */
    static String national(String phone) {
        return phone.startsWith("+86") ? phone.substring(3) : phone;
    }

    static SmsNotificationRequested notice(String eventId, List<String> phones) {
        return new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(null, null, null, phones, null), null, TEMPLATE,
                Map.of("name", "Ann", "order", "A-" + Math.abs(eventId.hashCode() % 100_000)));
    }

    static byte[] json(Object event) {
        return EventJson.mapper().writeValueAsBytes(event);
    }

    static ProducerRecord<String, byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(Topics.SMS_NOTIFY, key, value);
    }

    static ProducerRecord<String, byte[]> record(SmsNotificationRequested event) {
        return record(event.eventId(), json(event));
    }

    /** Sends every record without waiting for each, then waits until the broker has them all. */
    static List<RecordMetadata> publishAll(List<ProducerRecord<String, byte[]>> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        records.forEach(record -> sent.add(producer.send(record)));
        producer.flush();
        List<RecordMetadata> metadata = new ArrayList<>(sent.size());
        for (Future<RecordMetadata> future : sent) {
            try {
                metadata.add(future.get(60, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("publishing failed", e);
            }
        }
        return metadata;
    }

    static String bootstrapServers() {
        return bootstrapServers;
    }

    /** Records on {@code topic}, all partitions: its end offsets summed. */
    static long endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        kafkaAdmin.describeTopics(Set.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        long total = 0;
        for (var end : kafkaAdmin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values()) {
            total += end.offset();
        }
        return total;
    }

    // ---- waiting for the worker ----

    /**
     * Waits until every record on {@code sms.notify} and its retry topics has been processed and committed by
     * the worker's consumer groups (the dead-letter topic is not consumed), and returns how long that took.
     */
    static Duration awaitDrained(Duration atMost) {
        long started = System.nanoTime();
        await().atMost(atMost).pollDelay(Duration.ofMillis(200)).pollInterval(Duration.ofMillis(250))
                .until(() -> lag() == 0);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Records on {@code sms.notify} and its retry topics not yet committed by any worker group. */
    static long lag() throws Exception {
        Set<String> topics = kafkaAdmin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                .filter(name -> name.equals(Topics.SMS_NOTIFY) || name.startsWith(Topics.SMS_NOTIFY + "-retry"))
                .collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription description : kafkaAdmin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS)
                .values()) {
            description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()),
                    OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> committed = new HashMap<>();
        for (GroupListing group : kafkaAdmin.listGroups().all().get(10, TimeUnit.SECONDS)) {
            if (!group.groupId().startsWith("sms-notifier.sms-notify")) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = kafkaAdmin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    committed.merge(partition, offset.offset(), Math::max);
                }
            });
        }
        long lag = 0;
        for (var end : kafkaAdmin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
            lag += Math.max(0, end.getValue().offset() - committed.getOrDefault(end.getKey(), 0L));
        }
        return lag;
    }

    // ---- what the worker recorded ----

    /** Ledger rows of the events whose id starts with {@code prefix}: status → count. */
    Map<String, Integer> ledgerStatuses(String prefix) {
        return countBy("select status, count(*) from deliveries where event_id like ? group by status", prefix);
    }

    /** Ledger rows of the events whose id starts with {@code prefix}: "status service" → count. */
    Map<String, Integer> ledgerByStatusAndService(String prefix) {
        return countBy("select status || ' ' || coalesce(service, '-'), count(*) from deliveries "
                + "where event_id like ? group by 1", prefix);
    }

    private Map<String, Integer> countBy(String sql, String prefix) {
        Map<String, Integer> counts = new TreeMap<>();
        jdbc.query(sql, rs -> {
            counts.put(rs.getString(1), rs.getInt(2));
        }, prefix + "%");
        return counts;
    }

    /** Outcomes on {@code sms.delivery} of the events whose id starts with {@code prefix}. */
    static List<SmsDelivered> outcomes(String prefix) {
        try (KafkaTestClient reader = new KafkaTestClient(bootstrapServers)) {
            return reader.readAll(Topics.DELIVERY, record -> record.key() != null && record.key().startsWith(prefix))
                    .stream().map(record -> EventJson.mapper().readValue(record.value(), SmsDelivered.class))
                    .toList();
        }
    }

    /** Dead letters on {@code sms.notify-dlt} whose key starts with {@code prefix}, read straight from Kafka. */
    static List<ConsumerRecord<String, byte[]>> deadLetters(String prefix) {
        try (KafkaTestClient reader = new KafkaTestClient(bootstrapServers)) {
            return reader.readAll(DLT, record -> record.key() != null && record.key().startsWith(prefix));
        }
    }

    /** Numbers each simulator accepted (national form) → how many times, over both simulators. */
    static Map<String, Integer> acceptedPerNumber(java.util.function.Predicate<String> mine) {
        Map<String, Integer> counts = new HashMap<>();
        aliyunAccepted().stream().filter(mine).forEach(number -> counts.merge(number, 1, Integer::sum));
        tencentAccepted().stream().filter(mine).forEach(number -> counts.merge(number, 1, Integer::sum));
        return counts;
    }

    /**
     * For a failed exactly-once assertion: each number accepted more than once (at most {@code limit} of them),
     * where each acceptance came from (service, out-id, arrival) and what the ledger holds for it, so that a
     * failure on CI explains itself.
     */
    String duplicateReport(Map<String, Integer> accepted, int limit) {
        StringBuilder report = new StringBuilder();
        accepted.entrySet().stream().filter(entry -> entry.getValue() > 1).limit(limit).forEach(entry -> {
            String number = entry.getKey();
            report.append("\n  ").append(number).append(" accepted ").append(entry.getValue()).append("x:");
            aliyun.sentMessages().stream().filter(message -> national(message.phoneNumber()).equals(number))
                    .forEach(message -> report.append(" aliyun(outId=").append(message.outId()).append(" at ")
                            .append(message.sentAt()).append(')'));
            tencent.requests().stream().filter(call -> call.sentNumbers().stream()
                            .anyMatch(sent -> national(sent).equals(number)))
                    .forEach(call -> report.append(" tencent(at ").append(call.arrivedAt()).append(')'));
            jdbc.query("select event_id, status, service, attempt, request_out_id, sending_at, updated_at "
                            + "from deliveries where recipient_key in (?, ?)", rs -> {
                report.append(" ledger(").append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ')
                        .append(rs.getString(3)).append(" attempt ").append(rs.getInt(4)).append(" outId ")
                        .append(rs.getString(5)).append(" sending ").append(rs.getTimestamp(6)).append(" updated ")
                        .append(rs.getTimestamp(7)).append(')');
            }, number, "+86" + number);
        });
        return report.toString();
    }

    static List<String> aliyunAccepted() {
        return aliyun.sentMessages().stream().map(message -> national(message.phoneNumber())).toList();
    }

    static List<String> tencentAccepted() {
        return tencent.requests().stream().flatMap(call -> call.sentNumbers().stream()).map(FaultTestBase::national)
                .toList();
    }

    static void resetSimulators() {
        aliyun.reset();
        tencent.reset();
    }

    @SuppressWarnings("unchecked")
    static <T> Map<T, Long> histogram(List<T> values) {
        return values.stream().collect(Collectors.groupingBy(value -> value == null ? (T) "(none)" : value, TreeMap::new,
                Collectors.counting()));
    }

    static void print(String scenario, String line) {
        System.out.println("[fault " + scenario + "] " + line);
    }

    // ---- the admin API ----

    /** This context's admin API, with the admin token; a replay of thousands may take minutes. */
    AdminApiClient admin() {
        return AdminApiClient.local(port).withTimeout(Duration.ofMinutes(5));
    }

    /** {@code GET /api/deadletters/sms.notify-dlt?size=500&state=...}, every page, keys starting with {@code prefix}. */
    List<JsonNode> listedDeadLetters(String prefix, String state) {
        List<JsonNode> found = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode listed = AdminApiClient.json(admin().deadLetters(DLT,
                    "size=500&state=" + state + "&page=" + page));
            for (JsonNode item : listed.get("items")) {
                if (item.path("key").asString("").startsWith(prefix)) {
                    found.add(item);
                }
            }
            if ((page + 1) * 500 >= listed.get("total").asInt()) {
                return found;
            }
        }
    }

    /** Circuit state per service, as {@code GET /api/sms/services} shows it. */
    Map<String, String> circuits() {
        Map<String, String> states = new TreeMap<>();
        for (JsonNode status : AdminApiClient.json(admin().services())) {
            if (!status.path("enabled").asBoolean()) {
                continue;
            }
            states.put(status.path("name").asString(), status.path("circuit").asString()
                    + (status.path("inRotation").asBoolean() ? "" : " (out of rotation)"));
        }
        return states;
    }

    /**
     * Waits until both services are in rotation again. Circuits go HALF_OPEN by themselves after
     * {@code wait-in-open-state} (2 s here); an OPEN one is also nudged with a "Send Test SMS", which asks the
     * breaker for a permission, so a scenario never waits on a probe of real traffic.
     */
    void awaitAllServicesInRotation() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            boolean all = true;
            for (JsonNode status : AdminApiClient.json(admin().services())) {
                if (status.path("enabled").asBoolean() && !status.path("inRotation").asBoolean()) {
                    all = false;
                    if ("OPEN".equals(status.path("circuit").asString())) {
                        admin().testSms(status.path("name").asString(),
                                "{\"phone\": \"" + phone(5, nudgeSequence.incrementAndGet())
                                        + "\", \"templateCode\": \"" + TEMPLATE
                                        + "\", \"params\": {\"name\": \"ops\", \"order\": \"test\"}}");
                    }
                }
            }
            return all;
        });
    }
}
