package io.smsnotifier.it;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the handset reports add up to, through the real worker: an Alibaba Cloud report applied records the time to
 * the handset, and {@code GET /api/deliveries/handset-stats} counts it for its service (viewers may read it).
 * Shares {@link VendorIntegrationTest}'s context, so other tests' rows count too: the checks are "at least".
 */
class HandsetStatsApiTests extends VendorIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void anAppliedReportIsTimedAndCountedInTheServicesLastHour() {
        aliyun.reportTo(json(admin().get("/api/sms/services/aliyun-main")).path("receiptUrl").asString());
        long timed = timedDelivered();
        String eventId = uniqueId("handset-stats");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones(newPhone()), null,
                "ORDER_NOTIFY", Map.of("username", "u001", "amount", "1")));

        assertThat(awaitOutcomes(eventId, 2)).extracting(SmsDelivered::status)
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);

        // The timer is recorded as the change is made, the statistics read the committed row (and are kept 5 s).
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(timedDelivered()).isGreaterThan(timed);
            JsonNode stats = json(admin().withToken(AdminApiClient.VIEWER_TOKEN)
                    .get("/api/deliveries/handset-stats"));
            assertThat(stats.path("windowSeconds").asLong()).isEqualTo(3600);
            assertThat(stats.path("alertBelow").asDouble()).isEqualTo(0.9);
            JsonNode aliyunMain = null;
            for (JsonNode service : stats.path("services")) {
                if ("aliyun-main".equals(service.path("service").asString())) {
                    aliyunMain = service;
                }
            }
            assertThat(aliyunMain).as("aliyun-main in " + stats).isNotNull();
            assertThat(aliyunMain.path("delivered").asLong()).isPositive();
            assertThat(aliyunMain.path("receipts").asLong()).isGreaterThanOrEqualTo(
                    aliyunMain.path("delivered").asLong());
            assertThat(aliyunMain.path("p50Millis").isNumber()).isTrue();
            assertThat(aliyunMain.path("inRotation").asBoolean()).isTrue();
        });
    }

    private long timedDelivered() {
        Timer timer = meters.find("notifier.receipts.time.to.handset").tag("service", "aliyun-main")
                .tag("status", "DELIVERED").timer();
        return timer == null ? 0 : timer.count();
    }
}
