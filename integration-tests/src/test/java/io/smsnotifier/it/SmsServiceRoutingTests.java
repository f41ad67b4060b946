package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.it.simulators.AliyunSmsSimulator.AliyunCall;
import io.smsnotifier.it.simulators.Behaviour;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Routing between the services: failover on 5xx and open circuits, the circuit closing after recovery, an
 * ops-blocking error holding a service out, and the per-service rate limit as the vendor sees it.
 */
@ExtendWith(OutputCaptureExtension.class)
class SmsServiceRoutingTests extends VendorIntegrationTest {

    private static final Map<String, String> APPROVAL = Map.of("userNick", "Alice", "processTitle", "Trip");
    private static final int BURST = 150;

    @AfterEach
    void servicesBackInRotation() {
        resetSimulators();
        awaitAllServicesInRotation();
    }

    @Test
    void serverErrorAtThePrimaryFailsOverToTheSecondary() {
        String eventId = uniqueId("route-5xx");
        String phone = newPhone();
        aliyun.failNext(1, Behaviour.httpError(503));
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones(phone), null,
                "SMS_123456789", APPROVAL));

        assertThat(awaitOutcomes(eventId, 1)).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.service()).isEqualTo("tencent-main");
        });
        assertThat(aliyun.requests(AliyunCall::isSend)).extracting(AliyunCall::httpStatus).containsExactly(503);
        assertThat(tencent.sentTo(e164(phone))).singleElement()
                .satisfies(call -> assertThat(call.templateId()).isEqualTo("1234567"));
    }

    @Test
    void openCircuitSendsEverythingToTheSecondaryAndThePrimaryGetsNoRequestWhileOpen() {
        openAliyunCircuit();
        int aliyunRequestsWhenOpened = aliyun.requests().size();
        assertThat(healthOf("aliyun-main")).isEqualTo("DOWN");

        for (int i = 0; i < 3; i++) {
            String phone = newPhone();
            HttpResponse<String> response = admin().sendSms(List.of(phone), "SMS_123456789", APPROVAL, null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).path("results").get(0).path("service").asString()).isEqualTo("tencent-main");
            assertThat(tencent.sentTo(e164(phone))).hasSize(1);
        }
        String eventId = uniqueId("route-open");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones(newPhone()), null,
                "SMS_123456789", APPROVAL));
        assertThat(awaitOutcomes(eventId, 1)).singleElement()
                .satisfies(outcome -> assertThat(outcome.service()).isEqualTo("tencent-main"));
        assertThat(aliyun.requests()).as("no request reaches an open circuit").hasSize(aliyunRequestsWhenOpened);
    }

    @Test
    void circuitClosesAgainAfterThePrimaryRecovers() {
        openAliyunCircuit();
        aliyun.behaviour(null);

        // After wait-in-open the next message is let through to the primary, and its success closes the circuit.
        await().atMost(WAIT_IN_OPEN.plusSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> response = admin().sendSms(List.of(newPhone()), "SMS_123456789", APPROVAL, null);
            assertThat(json(response).path("results").get(0).path("service").asString()).isEqualTo("aliyun-main");
        });
        assertThat(serviceStatus("aliyun-main").path("circuit").asString()).isEqualTo("CLOSED");
        assertThat(healthOf("aliyun-main")).isEqualTo("UP");
    }

    /** Fails every call at aliyun-main (failing over to tencent-main) until its circuit shows OPEN. */
    private void openAliyunCircuit() {
        aliyun.behaviour(call -> Behaviour.httpError(503));
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    HttpResponse<String> response = admin().sendSms(List.of(newPhone()), "SMS_123456789", APPROVAL,
                            null);
                    assertThat(json(response).path("results").get(0).path("service").asString())
                            .isEqualTo("tencent-main");
                    return serviceStatus("aliyun-main").path("circuit").asString().equals("OPEN");
                });
    }

    @Test
    void opsBlockingErrorTakesThePrimaryOutAlertsOnceAndItReturnsAfterTheHold(CapturedOutput output) {
        aliyun.behaviour(call -> Behaviour.vendorError("isv.AMOUNT_NOT_ENOUGH"));

        HttpResponse<String> first = admin().sendSms(List.of(newPhone()), "SMS_123456789", APPROVAL, null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).path("results").get(0).path("service").asString()).isEqualTo("tencent-main");
        assertThat(healthOf("aliyun-main")).isEqualTo("DOWN");
        assertThat(healthOf("tencent-main")).isEqualTo("UP");
        JsonNode status = serviceStatus("aliyun-main");
        assertThat(status.path("inRotation").asBoolean()).isFalse();
        assertThat(status.path("blockedBy").asString()).isEqualTo("isv.AMOUNT_NOT_ENOUGH");
        assertThat(blockedCounter("aliyun-main")).isGreaterThanOrEqualTo(1.0);

        HttpResponse<String> second = admin().sendSms(List.of(newPhone()), "SMS_123456789", APPROVAL, null);
        assertThat(json(second).path("results").get(0).path("service").asString()).isEqualTo("tencent-main");
        assertThat(aliyun.requests(AliyunCall::isSend)).as("held out: only the first message reached it").hasSize(1);
        assertThat(alertLines(output, "aliyun-main")).singleElement().satisfies(line -> assertThat(line)
                .contains("providerErrorCode=isv.AMOUNT_NOT_ENOUGH"));

        aliyun.behaviour(null);
        await().atMost(OPS_BLOCK_HOLD.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> healthOf("aliyun-main").equals("UP"));
        HttpResponse<String> after = admin().sendSms(List.of(newPhone()), "SMS_123456789", APPROVAL, null);
        assertThat(json(after).path("results").get(0).path("service").asString()).isEqualTo("aliyun-main");
        assertThat(alertLines(output, "aliyun-main")).hasSize(1);
    }

    @Test
    void burstOfSingleNumberRequestsIsSpreadOutByTheRateLimit() {
        List<HttpResponse<String>> answers = burstOfSingleNumberRequests();

        assertThat(answers).hasSize(BURST).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(json(answer).path("results").get(0).path("status").asString()).isEqualTo("SENT");
        });
        assertThat(aliyun.accepted()).hasSize(BURST);
        List<Instant> arrivals = aliyun.requests().stream().map(AliyunCall::arrivedAt).sorted().toList();
        // At max-qps 50 the 150 requests need (150 - 1) / 50 = 2.98 s at the vendor; unlimited, the callers
        // below manage about twice that rate.
        assertThat(Duration.between(arrivals.getFirst(), arrivals.getLast()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(2_500));
    }

    @Test
    void burstOfSingleNumberRequestsReachesTheVendorAtNoMoreThanMaxQpsInAnySecond() {
        burstOfSingleNumberRequests();

        assertThat(aliyun.accepted()).hasSize(BURST);
        assertThat(aliyun.maxRequestsInAnySecond()).as("requests in any one second at the vendor")
                .isLessThanOrEqualTo((int) (MAX_QPS * 1.05));
    }

    /** 150 sync API calls with one number each, from 30 callers sending back to back (more than max-qps). */
    private List<HttpResponse<String>> burstOfSingleNumberRequests() {
        int callers = 30;
        java.util.concurrent.ConcurrentLinkedQueue<HttpResponse<String>> answers =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < callers; c++) {
                pool.submit(() -> {
                    for (int i = 0; i < BURST / callers; i++) {
                        answers.add(admin().sendSms(List.of(newPhone()), "ORDER_NOTIFY",
                                Map.of("username", "u" + i, "amount", "1"), null));
                    }
                });
            }
        }
        return List.copyOf(answers);
    }

    private double blockedCounter(String service) {
        String metrics = admin().get("/actuator/prometheus").body();
        Matcher matcher = Pattern.compile("(?m)^notifier_sms_service_blocked_total\\{[^}]*service=\"" + service
                + "\"[^}]*} (\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as("notifier_sms_service_blocked_total for " + service).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static List<String> alertLines(CapturedOutput output, String service) {
        return output.getAll().lines()
                .filter(line -> line.contains("ALERT sms service taken out of rotation"))
                .filter(line -> line.contains("service=" + service + " "))
                .toList();
    }
}
