package io.smsnotifier.it;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunReportPusher.Push;
import io.smsnotifier.it.simulators.Behaviour;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alibaba Cloud's handset reports (SmsReport, HTTP push) through the real worker: the simulator pushes them to the
 * receipt address {@code GET /api/sms/services/aliyun-main} shows, as the vendor would once an operator pasted it
 * into its console. Shares {@link VendorIntegrationTest}'s context.
 */
@ExtendWith(OutputCaptureExtension.class)
class AliyunReceiptTests extends VendorIntegrationTest {

    private static final String ACCEPTED = "{\"code\":0,\"msg\":\"接收成功\"}";

    @Autowired
    MeterRegistry meters;
    @Autowired
    JdbcTemplate jdbc;

    private String receiptUrl;

    @BeforeEach
    void pushReportsToTheWorker() {
        receiptUrl = json(admin().get("/api/sms/services/aliyun-main")).path("receiptUrl").asString();
        aliyun.reportTo(receiptUrl);
    }

    @Test
    void aDeliveredReportTurnsTheSentRowDeliveredPublishesItAndTheSearchFindsIt() {
        double applied = meters.counter("notifier.receipts", "result", "applied").count();
        double early = meters.counter("notifier.receipts", "result", "early").count();
        String phone = newPhone();
        aliyun.reports().hold();
        String eventId = send(phone);
        awaitOutcomes(eventId, 1);
        // The round lets go of the row just after its SENT outcome is out: only then is the report applied at once.
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("""
                select count(*) from deliveries where event_id = ? and claim_token is null and outcome_published""",
                Integer.class, eventId) == 1);
        aliyun.reports().release();

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 2);

        assertThat(outcomes).extracting(SmsDelivered::status)
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
        String bizId = aliyun.accepted().getFirst().bizId();
        assertThat(outcomes.get(1)).satisfies(delivered -> {
            assertThat(delivered.service()).isEqualTo("aliyun-main");
            assertThat(delivered.providerMessageId()).isEqualTo(bizId);
            assertThat(delivered.providerErrorCode()).isEqualTo("DELIVERED");
            assertThat(delivered.errorCode()).isNull();
            assertThat(delivered.phone()).isEqualTo(masked(phone));
        });
        // The outcome goes out just before the change commits (a failed publish rolls it back): the ledger follows.
        awaitStatus(eventId, "DELIVERED");
        JsonNode found = json(admin().get("/api/deliveries?status=DELIVERED&eventId=" + eventId));
        assertThat(found.path("items")).singleElement().satisfies(row -> {
            assertThat(row.path("status").asString()).isEqualTo("DELIVERED");
            // What support reads when someone says the code never came: the handset's own report and time.
            assertThat(row.path("receiptCode").asString()).isEqualTo("DELIVERED");
            assertThat(row.path("handsetAt").asString()).isNotBlank();
            assertThat(row.path("receiptAt").asString()).isNotBlank();
        });
        assertThat(aliyun.reports().pushes()).singleElement().satisfies(push -> {
            assertThat(push.status()).isEqualTo(200);
            assertThat(push.answer()).isEqualTo(ACCEPTED);
        });
        // Counted once the change is committed, a moment after the outcome went out.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                meters.counter("notifier.receipts", "result", "applied").count()).isEqualTo(applied + 1));
        assertThat(meters.counter("notifier.receipts", "result", "early").count()).as("applied as it came")
                .isEqualTo(early);
    }

    @Test
    void anUndeliveredReportCarriesTheCarriersCode() {
        String phone = newPhone();
        aliyun.reports().undelivered(phone, "MK:0001");
        String eventId = send(phone);

        assertThat(awaitOutcomes(eventId, 2).get(1)).satisfies(undelivered -> {
            assertThat(undelivered.status()).isEqualTo(DeliveryStatus.UNDELIVERED);
            assertThat(undelivered.providerErrorCode()).isEqualTo("MK:0001");
            assertThat(undelivered.errorCode()).isEqualTo("46002");
        });
        awaitStatus(eventId, "UNDELIVERED");
        assertThat(json(admin().get("/api/deliveries/events/" + eventId)).findValuesAsString("receiptCode"))
                .containsExactly("MK:0001");
    }

    @Test
    void repeatedReportsChangeNothingAndPublishNothingMore() {
        aliyun.reports().copies(3);
        String eventId = send(newPhone());

        awaitOutcomes(eventId, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> aliyun.reports().pushes().size() == 3);

        assertThat(aliyun.reports().pushes()).extracting(Push::status).containsOnly(200);
        assertThat(outcomesOf(eventId)).extracting(SmsDelivered::status)
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
        awaitStatus(eventId, "DELIVERED");
    }

    @Test
    void aReportThatComesBeforeTheSendsAnswerIsKeptAndAppliedOnceTheSendSettles() {
        double early = meters.counter("notifier.receipts", "result", "early").count();
        // The vendor takes the request, pushes its report at once and answers the send a second later.
        aliyun.failNext(1, Behaviour.slow(Duration.ofSeconds(1)));
        String eventId = send(newPhone());

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 2);

        assertThat(outcomes).extracting(SmsDelivered::status)
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
        assertThat(aliyun.reports().pushes()).singleElement().extracting(Push::status).isEqualTo(200);
        assertThat(meters.counter("notifier.receipts", "result", "early").count()).isEqualTo(early + 1);
        assertThat(aliyun.sentMessages()).hasSize(1);
    }

    @Test
    void forgedAndMalformedPushesChangeNothingAndTheSecretIsNeverShown(CapturedOutput output) {
        aliyun.reportTo(null);
        String phone = newPhone();
        String eventId = send(phone);
        awaitOutcomes(eventId, 1);
        String bizId = aliyun.accepted().getFirst().bizId();
        String secret = receiptUrl.substring(receiptUrl.lastIndexOf('/') + 1);
        String base = receiptUrl.substring(0, receiptUrl.lastIndexOf('/'));
        String report = report(phone, bizId);

        Push wrongSecret = aliyun.reports().post(base + "/" + "A".repeat(secret.length()), report);
        Push unknownService = aliyun.reports().post(receiptUrl.replace("/aliyun-main/", "/nobody/"), report);
        Push unknownBizId = aliyun.reports().post(receiptUrl, report(phone, "1234567890^0"));
        Push huge = aliyun.reports().post(receiptUrl, "[\"" + "x".repeat(1_100_000) + "\"]");
        Push broken = aliyun.reports().post(receiptUrl, report.substring(0, report.length() - 3));
        Push notAnArray = aliyun.reports().post(receiptUrl, "{\"biz_id\":\"" + bizId + "\"}");
        Push tooMany = aliyun.reports().post(receiptUrl,
                "[" + String.join(",", java.util.Collections.nCopies(1_001, "{}")) + "]");

        assertThat(wrongSecret.status()).isEqualTo(404);
        assertThat(wrongSecret.answer()).isEmpty();
        assertThat(unknownService.status()).isEqualTo(404);
        assertThat(unknownService.answer()).isEmpty();
        assertThat(unknownBizId.status()).isEqualTo(200);
        assertThat(unknownBizId.answer()).isEqualTo(ACCEPTED);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(broken.status()).isEqualTo(400);
        assertThat(notAnArray.status()).isEqualTo(400);
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(statusOf(eventId)).isEqualTo("SENT");
        assertThat(outcomesOf(eventId)).extracting(SmsDelivered::status).containsExactly(DeliveryStatus.SENT);
        for (Push push : List.of(wrongSecret, unknownService, unknownBizId, huge, broken, notAnArray, tooMany)) {
            assertThat(push.answer()).doesNotContain(secret);
        }
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void aPushRefusedIsRetriedAsTheVendorDoesAndChangesNothing() {
        aliyun.reportTo(receiptUrl.substring(0, receiptUrl.lastIndexOf('/') + 1) + "not-the-secret");
        String eventId = send(newPhone());
        awaitOutcomes(eventId, 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> aliyun.reports().pushes().size() == 4);

        assertThat(aliyun.reports().pushes()).extracting(Push::status).containsOnly(404);
        assertThat(statusOf(eventId)).isEqualTo("SENT");
    }

    @Test
    void operatorsSeeTheAddressInFullViewersRedactedAndARotationRetiresTheOldOne() {
        JsonNode asViewer = json(admin().withToken(AdminApiClient.VIEWER_TOKEN).get("/api/sms/services/aliyun-main"));
        assertThat(asViewer.path("receiptUrl").asString()).endsWith("/receipts/aliyun/aliyun-main/…");
        assertThat(receiptUrl).startsWith("http://").contains("/receipts/aliyun/aliyun-main/")
                .matches(".*/[A-Za-z0-9_-]{32}$");
        assertThat(admin().anonymous().get("/api/sms/services/aliyun-main").statusCode()).isEqualTo(401);

        HttpResponse<String> rotated = admin().post("/api/sms/services/aliyun-main/receipt-secret", "{}");

        assertThat(rotated.statusCode()).isEqualTo(200);
        String fresh = json(rotated).path("receiptUrl").asString();
        assertThat(fresh).isNotEqualTo(receiptUrl)
                .isEqualTo(json(admin().get("/api/sms/services/aliyun-main")).path("receiptUrl").asString());
        assertThat(aliyun.reports().post(receiptUrl, "[]").status()).isEqualTo(404);
        assertThat(aliyun.reports().post(fresh, "[]").status()).isEqualTo(200);
        assertThat(admin().withToken(AdminApiClient.VIEWER_TOKEN)
                .post("/api/sms/services/aliyun-main/receipt-secret", "{}").statusCode()).isEqualTo(403);
    }

    private String send(String phone) {
        String eventId = uniqueId("receipt");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones(phone), null,
                "ORDER_NOTIFY", Map.of("username", "u001", "amount", "1")));
        return eventId;
    }

    private static String report(String phone, String bizId) {
        return """
                [{"phone_number":"%s","send_time":"2026-12-07 10:00:00","report_time":"2026-12-07 10:00:05",\
                "success":true,"err_code":"DELIVERED","err_msg":"用户接收成功","sms_size":"1","biz_id":"%s","out_id":""}]"""
                .formatted(phone, bizId);
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
