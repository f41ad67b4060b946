package io.smsnotifier.worker.deadletter;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * One dead letter as ops see it. Its value, when shown, has login codes removed and phone numbers masked.
 *
 * @param state {@code PENDING} (waiting for ops), {@code REPLAYED} or {@code DISCARDED}
 */
public record DeadLetter(String topic, int partition, long offset, @Nullable String key, Instant deadLetteredAt,
                         @Nullable String errorCode, @Nullable String providerErrorCode, @Nullable String reason,
                         @Nullable Integer attempts, @Nullable String firstFailedAt, @Nullable String lastFailedAt,
                         @Nullable String originalTopic, @Nullable String originalPartition,
                         @Nullable String originalOffset, String state, @Nullable String stateReason,
                         @Nullable Object value) {

    DeadLetter withValue(@Nullable Object shown) {
        return new DeadLetter(topic, partition, offset, key, deadLetteredAt, errorCode, providerErrorCode, reason,
                attempts, firstFailedAt, lastFailedAt, originalTopic, originalPartition, originalOffset, state,
                stateReason, shown);
    }
}
