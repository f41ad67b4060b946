package io.smsnotifier.it;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.Behaviour;
import io.smsnotifier.it.simulators.TencentReportPusher.Push;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tencent Cloud's SMS status callback through the real worker: the simulator pushes its reports to the receipt
 * address {@code GET /api/sms/services/tencent-main} shows, as the vendor would once an operator pasted it into its
 * console. A report is matched by its {@code sid} (the send's {@code SerialNo}) and {@code +nationcode mobile}.
 * Shares {@link VendorIntegrationTest}'s context; the events name {@code tencent-main}, as the failover order would
 * otherwise pick Alibaba Cloud.
 */
@ExtendWith(OutputCaptureExtension.class)
class TencentReceiptTests extends VendorIntegrationTest {

    private static final String ACCEPTED = "{\"result\":0,\"errmsg\":\"OK\"}";

    @Autowired
    MeterRegistry meters;
    @Autowired
    JdbcTemplate jdbc;

    private String receiptUrl;

    @BeforeEach
    void pushReportsToTheWorker() {
        receiptUrl = json(admin().get("/api/sms/services/tencent-main")).path("receiptUrl").asString();
        tencent.reportTo(receiptUrl);
    }

    @Test
    void aSuccessReportTurnsTheSentRowDeliveredPublishesItAndTheSearchFindsIt() {
        double applied = meters.counter("notifier.receipts", "result", "applied").count();
        String phone = newPhone();
        tencent.reports().hold();
        String eventId = send(phone);
        awaitOutcomes(eventId, 1);
        // The round lets go of the row just after its SENT outcome is out: only then is the report applied at once.
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("""
                select count(*) from deliveries where event_id = ? and claim_token is null and outcome_published""",
                Integer.class, eventId) == 1);
        tencent.reports().release();

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 2);

        assertThat(outcomes).extracting(SmsDelivered::status)
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
        assertThat(outcomes.get(1)).satisfies(delivered -> {
            assertThat(delivered.service()).isEqualTo("tencent-main");
            assertThat(delivered.providerMessageId()).isEqualTo(tencent.serialNumbers(phone).getFirst());
            assertThat(delivered.providerErrorCode()).isEqualTo("DELIVRD");
            assertThat(delivered.errorCode()).isNull();
            assertThat(delivered.phone()).isEqualTo(masked(phone));
        });
        awaitStatus(eventId, "DELIVERED");
        JsonNode found = json(admin().get("/api/deliveries?status=DELIVERED&eventId=" + eventId));
        assertThat(found.path("items")).singleElement().satisfies(row -> {
            assertThat(row.path("receiptCode").asString()).isEqualTo("DELIVRD");
            assertThat(row.path("receiptMessage").asString()).isEqualTo("用户短信送达成功");
            assertThat(row.path("handsetAt").asString()).isNotBlank();
        });
        assertThat(tencent.reports().pushes()).singleElement().satisfies(push -> {
            assertThat(push.status()).isEqualTo(200);
            assertThat(push.answer()).isEqualTo(ACCEPTED);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                meters.counter("notifier.receipts", "result", "applied").count()).isEqualTo(applied + 1));
    }

    @Test
    void aFailReportTurnsTheRowUndeliveredWithTheCarriersCodeAndMessage() {
        String phone = newPhone();
        tencent.reports().undelivered(phone, "MK:0001", "用户短信送达失败");
        String eventId = send(phone);

        assertThat(awaitOutcomes(eventId, 2).get(1)).satisfies(undelivered -> {
            assertThat(undelivered.status()).isEqualTo(DeliveryStatus.UNDELIVERED);
            assertThat(undelivered.providerErrorCode()).isEqualTo("MK:0001");
            assertThat(undelivered.errorCode()).isEqualTo("46002");
        });
        awaitStatus(eventId, "UNDELIVERED");
        JsonNode event = json(admin().get("/api/deliveries/events/" + eventId));
        assertThat(event.findValuesAsString("receiptCode")).containsExactly("MK:0001");
        assertThat(event.findValuesAsString("receiptMessage")).containsExactly("用户短信送达失败");
    }

    @Test
    void aSendToManyNumbersIsReportedInCallbacksOfAtMostAHundredAndEveryRowIsDelivered() {
        List<String> phones = newPhones(120);
        String eventId = uniqueId("tc-receipts");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(null, null, null, phones, null), "tencent-main", "SMS_123456789",
                Map.of("userNick", "Alice", "processTitle", "Trip")));

        awaitOutcomes(eventId, 240);

        assertThat(tencent.reports().pushes()).extracting(Push::status).containsExactly(200, 200);
        assertThat(tencent.reports().pushes()).extracting(push -> EventJson.mapper().readTree(push.body()).size())
                .containsExactly(100, 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from deliveries where event_id = ? and status = 'DELIVERED'", Integer.class,
                eventId) == 120);
    }

    @Test
    void repeatedReportsChangeNothingAndPublishNothingMore() {
        tencent.reports().copies(3);
        String eventId = send(newPhone());

        awaitOutcomes(eventId, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> tencent.reports().pushes().size() == 3);

        assertThat(tencent.reports().pushes()).extracting(Push::status).containsOnly(200);
        assertThat(outcomesOf(eventId)).extracting(SmsDelivered::status)
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
        awaitStatus(eventId, "DELIVERED");
    }

    @Test
    void aReportThatComesBeforeTheSendsAnswerIsKeptAndAppliedOnceTheSendSettles() {
        double early = meters.counter("notifier.receipts", "result", "early").count();
        // The vendor takes the request, calls back at once and answers the send a second later.
        tencent.failNext(1, Behaviour.slow(Duration.ofSeconds(1)));
        String eventId = send(newPhone());

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 2);

        assertThat(outcomes).extracting(SmsDelivered::status)
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
        assertThat(tencent.reports().pushes()).singleElement().extracting(Push::status).isEqualTo(200);
        assertThat(meters.counter("notifier.receipts", "result", "early").count()).isEqualTo(early + 1);
        assertThat(tencent.accepted()).hasSize(1);
    }

    @Test
    void forgedAndMalformedPushesChangeNothingAndTheSecretIsNeverShown(CapturedOutput output) {
        tencent.reportTo(null);
        String phone = newPhone();
        String eventId = send(phone);
        awaitOutcomes(eventId, 1);
        String serialNo = tencent.serialNumbers(phone).getFirst();
        String secret = receiptUrl.substring(receiptUrl.lastIndexOf('/') + 1);
        String base = receiptUrl.substring(0, receiptUrl.lastIndexOf('/'));
        String report = report(phone, serialNo);

        Push wrongSecret = tencent.reports().post(base + "/" + "A".repeat(secret.length()), report);
        Push unknownSid = tencent.reports().post(receiptUrl, report(phone, "2433:1"));
        Push otherNumber = tencent.reports().post(receiptUrl, report(newPhone(), serialNo));
        Push broken = tencent.reports().post(receiptUrl, report.substring(0, report.length() - 3));
        Push tooMany = tencent.reports().post(receiptUrl,
                "[" + String.join(",", Collections.nCopies(1_001, "{}")) + "]");

        assertThat(wrongSecret.status()).isEqualTo(404);
        assertThat(wrongSecret.answer()).isEmpty();
        assertThat(unknownSid.status()).isEqualTo(200);
        assertThat(unknownSid.answer()).isEqualTo(ACCEPTED);
        assertThat(otherNumber.status()).isEqualTo(200);
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.answer()).startsWith("{\"result\":400,\"errmsg\":");
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.answer()).startsWith("{\"result\":413,\"errmsg\":");
        assertThat(statusOf(eventId)).isEqualTo("SENT");
        assertThat(outcomesOf(eventId)).extracting(SmsDelivered::status).containsExactly(DeliveryStatus.SENT);
        for (Push push : List.of(wrongSecret, unknownSid, otherNumber, broken, tooMany)) {
            assertThat(push.answer()).doesNotContain(secret);
        }
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void aPushRefusedIsRetriedAsTheVendorDoesAndChangesNothing() {
        tencent.reportTo(receiptUrl.substring(0, receiptUrl.lastIndexOf('/') + 1) + "not-the-secret");
        String eventId = send(newPhone());
        awaitOutcomes(eventId, 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> tencent.reports().pushes().size() == 4);

        assertThat(tencent.reports().pushes()).extracting(Push::status).containsOnly(404);
        assertThat(statusOf(eventId)).isEqualTo("SENT");
    }

    @Test
    void theServiceShowsItsTencentReceiptAddressInFullToOperatorsAndRedactedToViewers() {
        assertThat(receiptUrl).startsWith("http://").contains("/receipts/tencent/tencent-main/")
                .matches(".*/receipts/tencent/tencent-main/[A-Za-z0-9_-]{32}$");
        JsonNode asViewer = json(admin().withToken(AdminApiClient.VIEWER_TOKEN).get("/api/sms/services/tencent-main"));
        assertThat(asViewer.path("receiptUrl").asString()).endsWith("/receipts/tencent/tencent-main/…");
        assertThat(json(admin().get("/api/sms/services/aliyun-main")).path("receiptUrl").asString())
                .contains("/receipts/aliyun/aliyun-main/");
    }

    private String send(String phone) {
        String eventId = uniqueId("tc-receipt");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones(phone),
                "tencent-main", "SMS_123456789", Map.of("userNick", "Alice", "processTitle", "Trip")));
        return eventId;
    }

    /** A callback as the vendor writes it for a mainland number ({@code 139…}). */
    private static String report(String phone, String serialNo) {
        return """
                [{"user_receive_time":"2026-12-07 10:00:05","nationcode":"86","mobile":"%s",\
                "report_status":"SUCCESS","errmsg":"DELIVRD","description":"用户短信送达成功","sid":"%s","ext":""}]"""
                .formatted(phone, serialNo);
    }

    /** Until the ledger says {@code status}: its commit follows the outcome's publish by a moment. */
    private void awaitStatus(String eventId, String status) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> status.equals(statusOf(eventId)));
    }

    private String statusOf(String eventId) {
        return json(admin().get("/api/deliveries?eventId=" + eventId)).path("items").get(0).path("status")
                .asString();
    }

    private static List<SmsDelivered> outcomesOf(String eventId) {
        return kafka().readAll(Topics.DELIVERY, record -> eventId.equals(record.key())).stream()
                .map(record -> EventJson.mapper().readValue(record.value(), SmsDelivered.class)).toList();
    }
}
