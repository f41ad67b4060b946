package io.smsnotifier.worker.intake;

import io.smsnotifier.worker.delivery.DeliveryRequest;
import io.smsnotifier.worker.delivery.Lane;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * One request topic as intake consumes it: a batch listener on the topic, and record listeners on its retry
 * topics. Their ids and consumer groups are spelled here only, and must never change: committed offsets belong
 * to the groups.
 *
 * @param id      the batch listener's id; its group is {@code sms-notifier.<id>}, the record listeners' main id
 *                {@code <id>-retries}
 * @param topic   the topic's configured name
 * @param lane    login codes have their own containers, consumer threads and retry schedule
 * @param decoder what a record's value becomes for delivery
 */
record RequestTopic(String id, String topic, Lane lane, Decoder decoder) {

    static final String GROUP_PREFIX = "sms-notifier.";
    static final String RETRIES = "-retries";

    /** Decodes and validates one record's value; throws {@link InvalidEvent} for what is not a valid event. */
    @FunctionalInterface
    interface Decoder {
        DeliveryRequest decode(byte @Nullable [] value, String attemptId);
    }

    String groupId() {
        return GROUP_PREFIX + id;
    }

    /**
     * The id of the record listener whose retry topics ({@code <topic>-retry-<n>}, containers
     * {@code <id>-retries-retry-<n>}) and dead-letter topic this topic's failures go to.
     */
    String retriesId() {
        return id + RETRIES;
    }

    String batchListenerFactory() {
        return switch (lane) {
            case LOGIN_CODE -> KafkaConfiguration.LOGIN_CODE_BATCH_LISTENER_FACTORY;
            case BULK -> KafkaConfiguration.REQUEST_BATCH_LISTENER_FACTORY;
        };
    }

    String recordListenerFactory() {
        return switch (lane) {
            case LOGIN_CODE -> KafkaConfiguration.LOGIN_CODE_LISTENER_FACTORY;
            case BULK -> KafkaConfiguration.REQUEST_LISTENER_FACTORY;
        };
    }

    /** The request for {@code record}, handled by {@code holder} ({@link ClaimHolders}). */
    DeliveryRequest decode(ConsumerRecord<String, byte[]> record, String holder) {
        return decoder.decode(record.value(), ClaimHolders.attemptOf(holder, record));
    }
}
