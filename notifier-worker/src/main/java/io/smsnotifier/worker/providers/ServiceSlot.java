package io.smsnotifier.worker.providers;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One SMS service in rotation: its provider, its circuit breaker, its rate limiter, and whether ops must act
 * on it (an ops-blocking error holds the breaker open for a while instead of retrying against a dead account).
 */
final class ServiceSlot {

    private static final Logger log = LoggerFactory.getLogger(ServiceSlot.class);

    final String name;
    final SmsServicesProperties.Service config;
    final SmsProvider provider;
    final CircuitBreaker breaker;
    final DepartureLimiter limiter;
    private final Clock clock;

    private @Nullable Instant blockedUntil;
    private @Nullable String blockedCode;
    private @Nullable String blockedReason;

    ServiceSlot(String name, SmsServicesProperties.Service config, SmsProvider provider, CircuitBreaker breaker,
                DepartureLimiter limiter, Clock clock) {
        this.name = name;
        this.config = config;
        this.provider = provider;
        this.breaker = breaker;
        this.limiter = limiter;
        this.clock = clock;
    }

    /** True unless ops-blocked or the breaker is open; a hold that has passed ends here. */
    synchronized boolean inRotation() {
        if (blockedUntil != null) {
            if (clock.instant().isBefore(blockedUntil)) {
                return false;
            }
            log.info("sms service back in rotation service={} after providerErrorCode={}", name, blockedCode);
            blockedUntil = null;
            blockedCode = null;
            blockedReason = null;
            breaker.transitionToClosedState();
        }
        CircuitBreaker.State state = breaker.getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    /** @return true when this call took the service out (false when it already was) */
    synchronized boolean block(@Nullable String providerErrorCode, String reason, Duration hold) {
        boolean alreadyBlocked = blockedUntil != null && clock.instant().isBefore(blockedUntil);
        blockedUntil = clock.instant().plus(hold);
        blockedCode = providerErrorCode;
        blockedReason = reason;
        breaker.transitionToForcedOpenState();
        return !alreadyBlocked;
    }

    synchronized @Nullable Instant blockedUntil() {
        return blockedUntil != null && clock.instant().isBefore(blockedUntil) ? blockedUntil : null;
    }

    synchronized @Nullable String blockedCode() {
        return blockedCode;
    }

    synchronized @Nullable String blockedReason() {
        return blockedReason;
    }
}
