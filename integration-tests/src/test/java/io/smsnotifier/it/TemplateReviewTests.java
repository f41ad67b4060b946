package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.it.simulators.TemplateReviewStates.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
 * Each template's review at each vendor (issue 20 item 7) on the real worker, broker, PostgreSQL and simulators:
 * the vendors' answers reach the API, and routing leaves out a service that rejected the template. The poll is
 * triggered through {@code POST /api/sms/templates/reviews/refresh} rather than waited for.
 */
class TemplateReviewTests extends VendorIntegrationTest {

    private static final String TEMPLATE = "SMS_123456789";
    private static final String TENCENT_ID = "1234567";
    private static final Map<String, String> PARAMS = Map.of("userNick", "Alice", "processTitle", "Trip");

    /** Every template approved again, and known so here: the other tests of this context send these templates. */
    @AfterEach
    void approvedAgain() {
        resetSimulators();
        refresh();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(reviews(TEMPLATE)).allSatisfy(review ->
                        assertThat(review.path("status").asString()).isEqualTo("APPROVED")));
    }

    @Test
    void aTemplateRejectedAtAlibabaCloudIsShownSoAndGoesToTencentCloudInstead() {
        aliyun.reviews().set(TEMPLATE, State.REJECTED, "签名与模板内容不符\r\nALERT forged line");
        refresh();

        JsonNode review = review(TEMPLATE, "aliyun-main");
        assertThat(review.path("status").asString()).isEqualTo("REJECTED");
        assertThat(review.path("reason").asString()).isEqualTo("签名与模板内容不符  ALERT forged line");
        assertThat(review.path("checkedAt").asString()).isNotBlank();
        assertThat(review(TEMPLATE, "tencent-main").path("status").asString()).isEqualTo("APPROVED");
        assertThat(aliyun.reviews().asked()).contains(TEMPLATE);
        assertThat(tencent.reviews().asked()).contains(TENCENT_ID);
        assertThat(json(admin().get("/api/sms/templates"))).anySatisfy(template -> {
            assertThat(template.path("code").asString()).isEqualTo(TEMPLATE);
            assertThat(template.path("reviews").toString()).contains("REJECTED");
        });

        String eventId = uniqueId("review-rejected");
        String phone = newPhone();
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(null, null, null, List.of(phone), null), null, TEMPLATE, PARAMS));

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 1);
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.service()).isEqualTo("tencent-main");
        });
        assertThat(tencent.sentTo(e164(phone))).singleElement()
                .satisfies(call -> assertThat(call.templateId()).isEqualTo(TENCENT_ID));
        assertThat(aliyun.requests(call -> call.phoneNumbers().contains(phone))).isEmpty();
    }

    @Test
    void aTemplateRejectedAtBothVendorsGoesOnlyToTheGatewayThatTakesRenderedText() {
        aliyun.reviews().set(TEMPLATE, State.REJECTED, "content not allowed");
        tencent.reviews().set(TENCENT_ID, State.REJECTED, "signature missing");
        refresh();
        assertThat(review(TEMPLATE, "tencent-main").path("reason").asString()).isEqualTo("signature missing");

        String eventId = uniqueId("review-both");
        String phone = newPhone();
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(null, null, null, List.of(phone), null), "aliyun-main", TEMPLATE, PARAMS));

        assertThat(awaitOutcomes(eventId, 1)).singleElement()
                .satisfies(outcome -> assertThat(outcome.service()).isEqualTo("gateway"));
        assertThat(aliyun.requests(call -> call.phoneNumbers().contains(phone))).isEmpty();
        assertThat(tencent.requests(call -> call.phoneNumbers().contains(e164(phone))
                || call.phoneNumbers().contains(phone))).isEmpty();
    }

    @Test
    void aTemplateInReviewIsShownSoAndStillTried() {
        tencent.reviews().set(TENCENT_ID, State.IN_REVIEW, "");
        refresh();
        JsonNode review = review(TEMPLATE, "tencent-main");
        assertThat(review.path("status").asString()).isEqualTo("IN_REVIEW");

        String eventId = uniqueId("review-in-review");
        String phone = newPhone();
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(null, null, null, List.of(phone), null), null, TEMPLATE, PARAMS));
        assertThat(awaitOutcomes(eventId, 1)).singleElement()
                .satisfies(outcome -> assertThat(outcome.service()).isEqualTo("aliyun-main"));
    }

    @Test
    void aTemplateSmsReportPushedToTheReceiptAddressIsShownWithoutAPoll() {
        String receiptUrl = json(admin().get("/api/sms/services/aliyun-main")).path("receiptUrl").asString();
        assertThat(receiptUrl).isNotBlank();

        var push = aliyun.reports().post(receiptUrl, """
                [{"template_code": "SMS_123456789", "template_name": "approval", "template_status": "rejected",
                  "reason": "变量内容不合规", "orderId": "1", "create_date": "2026-12-01 08:00:00",
                  "finish_date": "2026-12-01 09:00:00"}]""");

        assertThat(push.status()).isEqualTo(200);
        JsonNode review = review(TEMPLATE, "aliyun-main");
        assertThat(review.path("status").asString()).isEqualTo("REJECTED");
        assertThat(review.path("reason").asString()).isEqualTo("变量内容不合规");
        assertThat(aliyun.reviews().asked()).doesNotContain(TEMPLATE);
    }

    private void refresh() {
        HttpResponse<String> refreshed = admin().post("/api/sms/templates/reviews/refresh", "{}");
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    }

    private JsonNode reviews(String code) {
        HttpResponse<String> template = admin().get("/api/sms/templates/" + code);
        assertThat(template.statusCode()).isEqualTo(200);
        return json(template).path("reviews");
    }

    private JsonNode review(String code, String service) {
        for (JsonNode review : reviews(code)) {
            if (service.equals(review.path("service").asString())) {
                return review;
            }
        }
        throw new AssertionError("no review of " + code + " at " + service + ": " + reviews(code));
    }
}
