package io.smsnotifier.worker.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * One dead letter as ops see it. Its value, when shown, has login codes removed and phone numbers masked.
 *
 * @param stateReason why it was discarded
 * @param value       the value as shown: a JSON tree, or a note such as {@code (no value kept)}; null in lists
 */
public record DeadLetter(String topic, int partition, long offset, @Nullable String key, Instant deadLetteredAt,
                         @Nullable String errorCode, @Nullable String providerErrorCode, @Nullable String reason,
                         @Nullable Integer attempts, @Nullable String firstFailedAt, @Nullable String lastFailedAt,
                         @Nullable String originalTopic, @Nullable String originalPartition,
                         @Nullable String originalOffset, State state, @Nullable String stateReason,
                         @Nullable Object value) {

    /** {@code record} as its headers describe it, in the state {@code action} left it (pending when null). */
    static DeadLetter of(ConsumerRecord<String, byte[]> record,
                         DeadLetterActions.@Nullable Action action) {
        DeadLetterHeaders.Read headers = DeadLetterHeaders.read(record);
        return new DeadLetter(record.topic(), record.partition(), record.offset(), record.key(),
                Instant.ofEpochMilli(record.timestamp()), headers.errorCode(), headers.providerErrorCode(),
                headers.reason(), headers.attempts(), headers.firstFailedAt(), headers.lastFailedAt(),
                headers.originalTopic(), headers.originalPartition(), headers.originalOffset(),
                action == null ? State.PENDING : action.state(), action == null ? null : action.reason(), null);
    }

    DeadLetter withValue(@Nullable Object shown) {
        return new DeadLetter(topic, partition, offset, key, deadLetteredAt, errorCode, providerErrorCode, reason,
                attempts, firstFailedAt, lastFailedAt, originalTopic, originalPartition, originalOffset, state,
                stateReason, shown);
    }
}
