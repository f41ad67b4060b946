package io.smsnotifier.worker.intake;

import io.smsnotifier.worker.deadletter.DeadLetterPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moves a record that a batch listener could not deliver to where Spring Kafka's retry topics would have moved it:
 * the first retry topic for a transient failure, the dead-letter topic for a permanent one, with the same headers
 * (retry back-off, attempts, and the worker's own from {@link DeadLetterPublisher}). The retry topics themselves
 * are consumed by the record listeners that {@link RequestListeners} set up; this class uses their destinations,
 * so the schedule is configured once. Thread-safe.
 */
class IntakeRecoverers {

    private final DeadLetterPublishingRecovererFactory factory;
    private final Map<String, DeadLetterPublishingRecoverer> byListener = new ConcurrentHashMap<>();

    IntakeRecoverers(DeadLetterPublishingRecovererFactory factory) {
        this.factory = factory;
    }

    /**
     * Publishes {@code record} to its next destination and waits until the broker has it.
     *
     * @param retriesListenerId the id of the record listener whose retry topics the record joins
     * @throws org.springframework.kafka.KafkaException when the broker did not take it: the record must not be
     *                                                  committed then
     */
    void recover(String retriesListenerId, ConsumerRecord<?, ?> record, RuntimeException failure) {
        // Wrapped as the listener container would have wrapped it, so headers and classification come out the
        // same as for a record listener's failure.
        ListenerExecutionFailedException wrapped = new ListenerExecutionFailedException(
                "delivery failed: " + failure.getClass().getSimpleName(), failure);
        byListener.computeIfAbsent(retriesListenerId, factory::create).accept(record, null, wrapped);
    }
}
