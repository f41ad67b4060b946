package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * A service as ops see it: never a secret; the account's key id masked ({@code LTAI****}).
 *
 * @param inRotation   false while its circuit is open or it is held out after an ops-blocking error
 * @param circuit      the breaker's state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, {@code FORCED_OPEN})
 * @param blockedUntil when an ops-blocking hold ends, or null
 * @param blockedBy    the vendor code that caused the hold, or null
 */
public record ServiceStatus(String name, String type, boolean enabled, int priority, int weight, boolean exclusive,
                            boolean inRotation, String circuit, @Nullable Instant blockedUntil,
                            @Nullable String blockedBy, int maxQps, @Nullable String signName,
                            @Nullable String credential, @Nullable String endpoint) {
}
