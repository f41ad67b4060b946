package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Receipts from a user's own gateway through the real worker: the gateway ({@link #gateway}, a real HTTP server)
 * answers each send with {@code {"messageId":"..."}}, and pushes our documented format to the receipt address that
 * {@code GET /api/sms/services/gateway} shows. Shares {@link VendorIntegrationTest}'s context.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookReceiptTests extends VendorIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcTemplate jdbc;

    private String receiptUrl;
    private String messageId;

    @BeforeEach
    void gatewayAnswersWithAMessageId() {
        receiptUrl = json(admin().get("/api/sms/services/gateway")).path("receiptUrl").asString();
        messageId = "gw-" + UUID.randomUUID();
        gateway.body("{\"ok\":true,\"messageId\":\"" + messageId + "\"}");
    }

    @Test
    void pushedReportsTurnTheRowsDeliveredAndUndeliveredAndEachPublishesARecord() {
        List<String> phones = newPhones(2);
        String eventId = send(phones);
        List<SmsDelivered> sent = awaitOutcomes(eventId, 2);
        assertThat(sent).allSatisfy(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.providerMessageId()).isEqualTo(messageId);
        });
        // Pushed once the round let go of the rows, so that the reports apply as they come (an earlier one waits
        // in early_receipts for the sweep, as AliyunReceiptTests shows).
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("""
                select count(*) from deliveries where event_id = ? and claim_token is null and outcome_published""",
                Integer.class, eventId) == 2);

        HttpResponse<String> pushed = push(receiptUrl, """
                [{"messageId":"%1$s","phone":"%2$s","delivered":true,"code":"DELIVRD","message":"ok",
                  "time":"2026-12-07T10:00:05+08:00"},
                 {"messageId":"%1$s","phone":"%3$s","delivered":false,"code":"UNDELIV","message":"absent"}]"""
                .formatted(messageId, e164(phones.get(0)), e164(phones.get(1))));

        assertThat(pushed.statusCode()).isEqualTo(200);
        assertThat(json(pushed).path("accepted").asInt()).isEqualTo(2);
        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 4);
        assertThat(outcomes).extracting(SmsDelivered::status).containsExactlyInAnyOrder(DeliveryStatus.SENT,
                DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.UNDELIVERED);
        assertThat(outcomes).filteredOn(outcome -> outcome.status() == DeliveryStatus.DELIVERED).singleElement()
                .satisfies(delivered -> {
                    assertThat(delivered.phone()).isEqualTo(masked(phones.get(0)));
                    assertThat(delivered.service()).isEqualTo("gateway");
                    assertThat(delivered.providerMessageId()).isEqualTo(messageId);
                    assertThat(delivered.providerErrorCode()).isEqualTo("DELIVRD");
                    assertThat(delivered.errorCode()).isNull();
                });
        assertThat(outcomes).filteredOn(outcome -> outcome.status() == DeliveryStatus.UNDELIVERED).singleElement()
                .satisfies(undelivered -> {
                    assertThat(undelivered.phone()).isEqualTo(masked(phones.get(1)));
                    assertThat(undelivered.providerErrorCode()).isEqualTo("UNDELIV");
                    assertThat(undelivered.errorCode()).isEqualTo("46002");
                });
        // The records go out just before the change commits: the ledger follows.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statusesOf(eventId))
                .containsExactlyInAnyOrder("DELIVERED", "UNDELIVERED"));
        assertThat(json(admin().get("/api/deliveries/events/" + eventId)).findValuesAsString("handsetAt"))
                .contains("2026-12-07T02:00:05Z");
    }

    @Test
    void forgedAndMalformedPushesChangeNothingAndTheSecretIsNeverShown(CapturedOutput output) {
        String phone = newPhone();
        String eventId = send(List.of(phone));
        awaitOutcomes(eventId, 1);
        String secret = receiptUrl.substring(receiptUrl.lastIndexOf('/') + 1);
        String report = "[{\"messageId\":\"" + messageId + "\",\"phone\":\"" + e164(phone) + "\",\"delivered\":true}]";

        HttpResponse<String> wrongSecret = push(receiptUrl.substring(0, receiptUrl.lastIndexOf('/') + 1)
                + "A".repeat(secret.length()), report);
        HttpResponse<String> otherService = push(receiptUrl.replace("/gateway/", "/nobody/"), report);
        HttpResponse<String> otherType = push(receiptUrl.replace("/webhook/", "/nosuchtype/"), report);
        HttpResponse<String> notAnArray = push(receiptUrl, report.substring(1, report.length() - 1));
        HttpResponse<String> broken = push(receiptUrl, report.substring(0, report.length() - 3));
        HttpResponse<String> unknownId = push(receiptUrl, report.replace(messageId, "gw-not-ours"));
        HttpResponse<String> notE164 = push(receiptUrl, report.replace(e164(phone), phone));

        assertThat(List.of(wrongSecret, otherService, otherType)).allSatisfy(refused -> {
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.body()).isEmpty();
        });
        assertThat(notAnArray.statusCode()).isEqualTo(400);
        assertThat(json(notAnArray).path("error").asString()).isEqualTo("not a JSON array");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(broken).path("error").asString()).isEqualTo("not JSON");
        assertThat(unknownId.statusCode()).isEqualTo(200);
        assertThat(json(unknownId).path("accepted").asInt()).isEqualTo(1);
        assertThat(notE164.statusCode()).isEqualTo(200);
        assertThat(json(notE164).path("accepted").asInt()).as("left out by its check").isZero();
        // Each push was applied (or not) before it was answered: nothing can still change the row.
        assertThat(statusesOf(eventId)).containsExactly("SENT");
        assertThat(outcomesOf(eventId)).extracting(SmsDelivered::status).containsExactly(DeliveryStatus.SENT);
        for (HttpResponse<String> answer : List.of(wrongSecret, otherService, otherType, notAnArray, broken,
                unknownId, notE164)) {
            assertThat(answer.body()).doesNotContain(secret);
        }
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void anAnswerWithoutAUsableIdIsStillSentOnceWithoutOne() {
        gateway.body("{\"messageId\":\"not an id\"}");
        String eventId = send(List.of(newPhone()));

        assertThat(awaitOutcomes(eventId, 1)).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.providerMessageId()).isNull();
        });
        assertThat(gateway.received()).as("accepted: not sent again").hasSize(1);
    }

    @Test
    void operatorsSeeTheGatewaysReceiptAddress() {
        assertThat(receiptUrl).startsWith("http://").contains("/receipts/webhook/gateway/")
                .matches(".*/[A-Za-z0-9_-]{32}$");
        assertThat(json(admin().withToken(AdminApiClient.VIEWER_TOKEN).get("/api/sms/services/gateway"))
                .path("receiptUrl").asString()).endsWith("/receipts/webhook/gateway/…");
    }

    private static String send(List<String> phones) {
        String eventId = uniqueId("wh-receipt");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(null, null, null, phones, null), "gateway", "ORDER_NOTIFY",
                Map.of("username", "u001", "amount", "1")));
        return eventId;
    }

    /** What the gateway would do: POST the JSON to the address, no token. */
    private static HttpResponse<String> push(String url, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("push to the worker failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> statusesOf(String eventId) {
        return StreamSupport.stream(json(admin().get("/api/deliveries?eventId=" + eventId)).path("items")
                .spliterator(), false).map(row -> row.path("status").asString()).toList();
    }

    private static List<SmsDelivered> outcomesOf(String eventId) {
        return kafka().readAll(Topics.DELIVERY, record -> eventId.equals(record.key())).stream()
                .map(record -> EventJson.mapper().readValue(record.value(), SmsDelivered.class)).toList();
    }
}
