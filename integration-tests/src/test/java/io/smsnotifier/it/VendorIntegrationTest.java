package io.smsnotifier.it;

import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.TencentSmsSimulator;
import io.smsnotifier.it.simulators.WebhookReceiver;
import io.smsnotifier.worker.NotifierApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.awaitility.Awaitility.await;

/**
 * The worker with real vendor adapters against the simulators: {@code aliyun-main} (priority 1),
 * {@code tencent-main} (priority 2), the webhook {@code gateway} (priority 3), and {@code aliyun-badsecret}
 * (priority 9, a key the simulator knows configured with the wrong secret) — the sandbox is off. Real Kafka (in
 * this JVM) and real PostgreSQL as in {@link WorkerIntegrationTest}, small breaker and hold settings so state
 * changes happen within a test. Every subclass shares this one context and the simulators (started once,
 * reset around every test); tests that take a service out of rotation wait until it is back before they end.
 */
@SpringBootTest(classes = NotifierApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ActiveProfiles({"it", "it-vendors"})
abstract class VendorIntegrationTest extends EmbeddedWorkerTest {

    static final String ALIYUN_KEY_ID = "LTAI5tTestKeyId0001";
    static final String ALIYUN_SECRET = "aliyunSecretValue7f3a91c2";
    static final String TENCENT_SECRET_ID = "AKIDtestSecretId0001";
    static final String TENCENT_SECRET_KEY = "tencentSecretKey5b8e20d4";
    static final String SDK_APP_ID = "1400000000";
    static final String BAD_KEY_ID = "LTAI5tBadSecretKey0002";
    static final String BAD_SECRET_CONFIGURED = "wrongAliyunSecret9c41e3";
    static final String BAD_SECRET_AT_VENDOR = "rightAliyunSecret0d77b5";
    static final String GATEWAY_TOKEN = "gw-token-123";
    static final String SIGN_NAME = "MyCompany";

    /** Every credential the worker is configured with: none may ever be shown. */
    static final List<String> SECRETS = List.of(ALIYUN_SECRET, TENCENT_SECRET_KEY, BAD_SECRET_CONFIGURED,
            BAD_SECRET_AT_VENDOR, GATEWAY_TOKEN);

    static final Duration OPS_BLOCK_HOLD = Duration.ofSeconds(3);
    static final Duration WAIT_IN_OPEN = Duration.ofSeconds(5);
    static final int MAX_QPS = 50;

    static final AliyunSmsSimulator aliyun = new AliyunSmsSimulator(ALIYUN_KEY_ID, ALIYUN_SECRET)
            .credentials(BAD_KEY_ID, BAD_SECRET_AT_VENDOR)
            .signName(SIGN_NAME)
            .template("SMS_123456789", "${userNick} submitted ${processTitle}, please approve")
            .template("ORDER_NOTIFY", "Order for ${username}: amount ${amount}")
            .template("SMS_LOGIN_1", "Your login code is ${code}. It expires in 5 minutes.")
            .template("SHIP_NOTICE", "Hi ${name}, parcel ${parcel} ships ${day}");
    static final TencentSmsSimulator tencent = new TencentSmsSimulator(TENCENT_SECRET_ID, TENCENT_SECRET_KEY)
            .smsSdkAppId(SDK_APP_ID)
            .signName(SIGN_NAME)
            .template("1234567", 2)
            .template("2233445", 3)
            .template("3344556", 1);
    static final WebhookReceiver gateway = new WebhookReceiver();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            aliyun.close();
            tencent.close();
            gateway.close();
        }, "close-vendor-simulators"));
    }

    private static final AtomicInteger phoneSequence = new AtomicInteger(ThreadLocalRandom.current().nextInt(1_000_000));

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestPostgres::freshDatabaseUrl);
        String services = "notifier.sms.services.";
        VendorServiceProperties.aliyun(registry, "aliyun-main", 1, aliyun, ALIYUN_KEY_ID, ALIYUN_SECRET, SIGN_NAME,
                MAX_QPS);

        VendorServiceProperties.tencent(registry, "tencent-main", 2, tencent, TENCENT_SECRET_ID, TENCENT_SECRET_KEY,
                SDK_APP_ID, SIGN_NAME, MAX_QPS);

        registry.add(services + "gateway.type", () -> "webhook");
        registry.add(services + "gateway.priority", () -> "3");
        registry.add(services + "gateway.url", () -> gateway.url("/sms"));
        registry.add(services + "gateway.headers[Authorization]", () -> "Bearer " + GATEWAY_TOKEN);
        registry.add(services + "gateway.headers[X-Tenant]", () -> "t1");
        registry.add(services + "gateway.signature", () -> SIGN_NAME);
        registry.add(services + "gateway.read-timeout", () -> "2s");

        VendorServiceProperties.aliyun(registry, "aliyun-badsecret", 9, aliyun, BAD_KEY_ID, BAD_SECRET_CONFIGURED,
                SIGN_NAME, 100);

        registry.add("notifier.sms.routing", () -> "failover");
        registry.add("notifier.receipts.resend-undelivered-login-codes", () -> "true");
        registry.add("notifier.sms.ops-block-hold", () -> OPS_BLOCK_HOLD.toSeconds() + "s");
        registry.add("notifier.sms.circuit-breaker.sliding-window-size", () -> "4");
        registry.add("notifier.sms.circuit-breaker.minimum-number-of-calls", () -> "2");
        // 100 %: the circuit opens only when every call in the window failed, so the odd failure that tests
        // provoke never opens it by accident; a test that wants it open fails every call (at most 4).
        registry.add("notifier.sms.circuit-breaker.failure-rate-threshold", () -> "100");
        registry.add("notifier.sms.circuit-breaker.wait-in-open-state", () -> WAIT_IN_OPEN.toSeconds() + "s");
        registry.add("notifier.sms.circuit-breaker.permitted-calls-in-half-open-state", () -> "1");
    }

    @BeforeEach
    void resetSimulatorsBefore() {
        resetSimulators();
    }

    @AfterEach
    void resetSimulatorsAfter() {
        resetSimulators();
    }

    static void resetSimulators() {
        aliyun.reset();
        tencent.reset();
        gateway.reset();
    }

    /** A mainland mobile number no other test uses, as written by people: {@code 139xxxxxxxx}. */
    static String newPhone() {
        return String.format("139%08d", phoneSequence.getAndIncrement() % 100_000_000);
    }

    static List<String> newPhones(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> newPhone()).toList();
    }

    static String e164(String mainland) {
        return "+86" + mainland;
    }

    /** How outcomes show a number: {@code +86139****1234}. */
    static String masked(String mainland) {
        return PhoneMask.mask(e164(mainland));
    }

    static List<SmsDelivered> awaitOutcomes(String eventId, int count) {
        return kafka().awaitOutcomes(Topics.DELIVERY, eventId, count);
    }

    /** {@code smsServices.<name>} on the health endpoint (components need the token): {@code UP} or {@code DOWN}. */
    String healthOf(String service) {
        JsonNode health = json(admin().health());
        return health.path("components").path("smsServices").path("components").path(service).path("status")
                .asString();
    }

    /** The service as {@code GET /api/sms/services} shows it. */
    JsonNode serviceStatus(String service) {
        for (JsonNode status : json(admin().services())) {
            if (service.equals(status.path("name").asString())) {
                return status;
            }
        }
        throw new AssertionError("no service " + service + " in /api/sms/services");
    }

    /** Waits until every enabled service is in rotation again: holds over, open circuits gone half-open or closed. */
    void awaitAllServicesInRotation() {
        await().atMost(WAIT_IN_OPEN.plusSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode status : json(admin().services())) {
                if (status.path("enabled").asBoolean() && !status.path("inRotation").asBoolean()) {
                    return false;
                }
            }
            return true;
        });
    }
}
