package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An outcome settled but never published (the broker was away, the worker died) is published on redelivery. */
class OutcomeRepublishTests extends WorkerIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void redeliveryPublishesAnOutcomeThatNeverReachedTheTopicWithoutSendingAgain() {
        String eventId = uniqueId("republish");
        SmsNotificationRequested event = new SmsNotificationRequested(eventId, Instant.now(),
                Recipients.ofPhones("13700137000"), null, "ORDER_NOTIFY", Map.of("username", "u001", "amount", "3"));
        kafka().publish(event);
        kafka().awaitOutcomes(Topics.DELIVERY, eventId, 1);
        // As if the worker had settled the row and died before the outcome reached sms.delivery.
        jdbc.update("update deliveries set outcome_published = false where event_id = ?", eventId);

        kafka().publish(event);

        List<SmsDelivered> outcomes = kafka().awaitOutcomes(Topics.DELIVERY, eventId, 2);
        assertThat(outcomes).extracting(SmsDelivered::status).containsOnly(DeliveryStatus.SENT);
        assertThat(outcomes.get(1).providerMessageId()).isEqualTo(outcomes.get(0).providerMessageId());
        assertThat(sandboxMessages(eventId)).hasSize(1);
        assertThat(jdbc.queryForObject("select bool_and(outcome_published) from deliveries where event_id = ?",
                Boolean.class, eventId)).isTrue();
    }
}
