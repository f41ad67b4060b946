package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sandbox reports each message delivered a moment after its send, as {@code profile local} runs it: the whole
 * life of a message on {@code sms.delivery}. Its own context, as profile {@code it} turns the reports off for the
 * other sandbox tests.
 */
@TestPropertySource(properties = {"notifier.sandbox.reports=true", "notifier.sandbox.report-delay=200ms"})
class SandboxReceiptTests extends WorkerIntegrationTest {

    @Test
    void aSandboxSendIsSentThenDelivered() {
        String eventId = uniqueId("sandbox-receipt");
        String phone = "+86137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones(phone), null,
                "ORDER_NOTIFY", Map.of("username", "u001", "amount", "1")));

        List<SmsDelivered> outcomes = kafka().awaitOutcomes(Topics.DELIVERY, eventId, 2);

        assertThat(outcomes).extracting(SmsDelivered::status)
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
        assertThat(outcomes).allSatisfy(outcome -> {
            assertThat(outcome.service()).isEqualTo("sandbox");
            assertThat(outcome.providerMessageId()).startsWith("sandbox-")
                    .isEqualTo(sandboxMessages(eventId).getFirst().id());
        });
        assertThat(outcomes.get(1).providerErrorCode()).isEqualTo("DELIVERED");
        // The record goes out just before the change commits: the ledger follows.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                json(admin().get("/api/deliveries?eventId=" + eventId)).path("items").get(0).path("status")
                        .asString()).isEqualTo("DELIVERED"));
    }
}
