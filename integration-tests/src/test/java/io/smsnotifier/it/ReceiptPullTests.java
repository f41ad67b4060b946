package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.TencentSmsSimulator;
import io.smsnotifier.worker.NotifierApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pulled receipts (issue 20): services set to {@code receipts: pull} whose vendor pushes nothing; the worker asks
 * Alibaba Cloud ({@code QuerySendDetails}) and Tencent Cloud ({@code PullSmsSendStatusByPhoneNumber}) for the
 * handset reports, {@code pull-after} after a send, every {@code pull-every}, and gives up at {@code pull-horizon}.
 * Its own context and simulators: the puller of a cached context keeps asking about its rows, which must not reach
 * the simulators other classes count requests of.
 */
@SpringBootTest(classes = NotifierApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ActiveProfiles({"it", "it-vendors"})
class ReceiptPullTests extends EmbeddedWorkerTest {

    private static final String ALIYUN_KEY_ID = "LTAI5tPullKeyId0003";
    private static final String ALIYUN_SECRET = "aliyunPullSecret41d8e0a7";
    private static final String TENCENT_SECRET_ID = "AKIDpullSecretId0003";
    private static final String TENCENT_SECRET_KEY = "tencentPullKey93c1f5b2";
    private static final String SDK_APP_ID = "1400000003";
    private static final Duration PULL_AFTER = Duration.ofSeconds(1);

    static final AliyunSmsSimulator aliyun = new AliyunSmsSimulator(ALIYUN_KEY_ID, ALIYUN_SECRET);
    static final TencentSmsSimulator tencent = new TencentSmsSimulator(TENCENT_SECRET_ID, TENCENT_SECRET_KEY)
            .smsSdkAppId(SDK_APP_ID);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            aliyun.close();
            tencent.close();
        }, "close-pull-simulators"));
    }

    private static final AtomicInteger phones = new AtomicInteger(ThreadLocalRandom.current().nextInt(1_000_000));

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void pulledServices(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestPostgres::freshDatabaseUrl);
        VendorServiceProperties.aliyun(registry, "aliyun-pull", 1, aliyun, ALIYUN_KEY_ID, ALIYUN_SECRET, "MyCompany",
                50);
        VendorServiceProperties.tencent(registry, "tencent-pull", 2, tencent, TENCENT_SECRET_ID, TENCENT_SECRET_KEY,
                SDK_APP_ID, "MyCompany", 50);
        registry.add("notifier.sms.services.aliyun-pull.receipts", () -> "pull");
        registry.add("notifier.sms.services.tencent-pull.receipts", () -> "pull");
        registry.add("notifier.receipts.pull-after", () -> PULL_AFTER.toMillis() + "ms");
        registry.add("notifier.receipts.pull-every", () -> "200ms");
        registry.add("notifier.receipts.pull-horizon", () -> "1h");
    }

    @BeforeEach
    void resetSimulators() {
        aliyun.reset();
        tencent.reset();
        // The vendor has no report yet for what is not marked: the row stays SENT until the test marks it.
        aliyun.reportsWaiting();
    }

    @Test
    void aDeliveredMessageAtAlibabaCloudIsAskedForAfterPullAfterAndTurnsDeliveredWithoutAnyPush() {
        String phone = newPhone();
        String eventId = send(phone, "aliyun-pull");
        awaitOutcomes(eventId, 1);
        // Asked while the vendor has no report yet: nothing changes, and it is asked again later.
        await().atMost(Duration.ofSeconds(10)).until(() -> aliyun.queriesAbout(phone).size() >= 2);
        assertThat(statusOf(eventId)).isEqualTo("SENT");
        Instant sent = aliyun.accepted().getFirst().arrivedAt();
        assertThat(Duration.between(sent, aliyun.queriesAbout(phone).getFirst().arrivedAt()))
                .as("not asked before pull-after").isGreaterThanOrEqualTo(PULL_AFTER.minusMillis(100));
        assertThat(aliyun.queriesAbout(phone).getFirst().parameters()).containsEntry("BizId",
                aliyun.accepted().getFirst().bizId());

        aliyun.markDelivered(phone);

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 2);
        assertThat(outcomes).extracting(SmsDelivered::status)
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
        assertThat(outcomes.get(1)).satisfies(delivered -> {
            assertThat(delivered.service()).isEqualTo("aliyun-pull");
            assertThat(delivered.providerMessageId()).isEqualTo(aliyun.accepted().getFirst().bizId());
            assertThat(delivered.providerErrorCode()).isEqualTo("DELIVERED");
            assertThat(delivered.phone()).isEqualTo(PhoneMask.mask("+86" + phone));
        });
        awaitStatus(eventId, "DELIVERED");
        JsonNode row = json(admin().get("/api/deliveries?eventId=" + eventId)).path("items").get(0);
        assertThat(row.path("receiptCode").asString()).isEqualTo("DELIVERED");
        assertThat(row.path("handsetAt").asString()).isNotBlank();
        assertThat(aliyun.reports().pushes()).as("no push").isEmpty();
    }

    @Test
    void aFailedMessageAtAlibabaCloudTurnsUndeliveredWithTheCarriersCode() {
        String phone = newPhone();
        aliyun.markFailed(phone, "MK:0001");
        String eventId = send(phone, "aliyun-pull");

        assertThat(awaitOutcomes(eventId, 2).get(1)).satisfies(undelivered -> {
            assertThat(undelivered.status()).isEqualTo(DeliveryStatus.UNDELIVERED);
            assertThat(undelivered.providerErrorCode()).isEqualTo("MK:0001");
            assertThat(undelivered.errorCode()).isEqualTo("46002");
        });
        awaitStatus(eventId, "UNDELIVERED");
    }

    @Test
    void aDeliveredMessageAtTencentCloudIsFoundThroughPullSmsSendStatusByPhoneNumber() {
        String phone = newPhone();
        String e164 = "+86" + phone;
        String eventId = send(phone, "tencent-pull");
        awaitOutcomes(eventId, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !tencent.pulls().askedAbout(e164).isEmpty());
        assertThat(statusOf(eventId)).isEqualTo("SENT");

        tencent.pulls().markDelivered(e164);

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 2);
        assertThat(outcomes.get(1)).satisfies(delivered -> {
            assertThat(delivered.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(delivered.service()).isEqualTo("tencent-pull");
            assertThat(delivered.providerMessageId()).startsWith("2433:");
            assertThat(delivered.providerErrorCode()).isEqualTo("SUCCESS");
        });
        awaitStatus(eventId, "DELIVERED");
        assertThat(tencent.pulls().askedAbout(e164)).allSatisfy(asked -> {
            assertThat(asked.limit()).isEqualTo(100);
            assertThat(asked.endTime() - asked.beginTime()).isLessThanOrEqualTo(Duration.ofDays(7).toSeconds());
        });
    }

    @Test
    void aRowPastTheHorizonWithoutAReportGetsNoReceiptAndIsNotAskedAgain() {
        String late = newPhone();
        String waiting = newPhone();
        String lateEvent = send(late, "aliyun-pull");
        String waitingEvent = send(waiting, "aliyun-pull");
        awaitOutcomes(lateEvent, 1);
        awaitOutcomes(waitingEvent, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !aliyun.queriesAbout(late).isEmpty());
        // Made an hour and a bit ago (the horizon is 1h): its report never came.
        jdbc.update("update deliveries set created_at = now() - interval '61 minutes' where event_id = ?", lateEvent);

        await().atMost(Duration.ofSeconds(10)).until(() -> "NO_RECEIPT".equals(receiptCodeOf(lateEvent)));
        int askedAboutLate = aliyun.queriesAbout(late).size();
        int askedAboutWaiting = aliyun.queriesAbout(waiting).size();
        // The other row, still within the horizon, is asked twice more meanwhile: runs went by.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                aliyun.queriesAbout(waiting).size() >= askedAboutWaiting + 2);

        assertThat(aliyun.queriesAbout(late)).as("not asked again").hasSize(askedAboutLate);
        JsonNode row = json(admin().get("/api/deliveries?eventId=" + lateEvent)).path("items").get(0);
        assertThat(row.path("status").asString()).as("the vendor took it: still SENT").isEqualTo("SENT");
        assertThat(row.path("receiptAt").asString()).isNotBlank();
        assertThat(kafka().readAll(Topics.DELIVERY, record -> lateEvent.equals(record.key()))).as("nothing published")
                .hasSize(1);
        assertThat(receiptCodeOf(waitingEvent)).isNull();
    }

    private String send(String phone, String service) {
        String eventId = uniqueId("pull");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones(phone), service,
                "ORDER_NOTIFY", Map.of("username", "u001", "amount", "1")));
        return eventId;
    }

    private static String newPhone() {
        return String.format("137%08d", phones.getAndIncrement() % 100_000_000);
    }

    private static List<SmsDelivered> awaitOutcomes(String eventId, int count) {
        return kafka().awaitOutcomes(Topics.DELIVERY, eventId, count);
    }

    /** Until the ledger says {@code status}: its commit follows the outcome's publish by a moment. */
    private void awaitStatus(String eventId, String status) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> status.equals(statusOf(eventId)));
    }

    private String statusOf(String eventId) {
        return jdbc.queryForObject("select status from deliveries where event_id = ?", String.class, eventId);
    }

    private String receiptCodeOf(String eventId) {
        return jdbc.queryForObject("select receipt_code from deliveries where event_id = ?", String.class, eventId);
    }
}
