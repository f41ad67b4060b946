package io.smsnotifier.worker.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.topics.NotifierTopics;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes settled outcomes on {@code sms.delivery} and waits until the broker has them, so the source offset is
 * committed only after the outcomes are durable.
 */
@Component
class OutcomePublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;

    private final MeterRegistry meters;
    private final OutcomeRollup rollup;

    OutcomePublisher(KafkaTemplate<String, byte[]> kafka, NotifierTopics topics, MeterRegistry meters,
                     OutcomeRollup rollup) {
        this.kafka = kafka;
        this.topic = topics.delivery();
        this.meters = meters;
        this.rollup = rollup;
    }

    void publish(List<SmsDelivered> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] sends = outcomes.stream()
                .map(outcome -> kafka.send(topic, outcome.eventId(), EventJson.mapper().writeValueAsBytes(outcome)))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(sends).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (SmsDelivered outcome : outcomes) {
                meters.counter("notifier.outcomes", "status", outcome.status().name(), "kind", outcome.kind(),
                        "service", outcome.service() == null ? "none" : outcome.service()).increment();
            }
            rollup.record(outcomes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED, "interrupted publishing outcomes", null, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED,
                    "could not publish outcomes on " + topic + ": " + e.getClass().getSimpleName(), null, e);
        }
    }
}
