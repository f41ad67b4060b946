package io.smsnotifier.worker.providers;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.worker.support.LogSafe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether ops must act on one service: an ops-blocking error (no balance, suspended account, bad credentials)
 * holds its breaker open for {@code notifier.sms.ops-block-hold} instead of retrying against a dead account,
 * counts the hold and logs one alert line. Thread-safe.
 */
final class OpsHold {

    private static final Logger log = LoggerFactory.getLogger(OpsHold.class);

    private final String service;
    private final CircuitBreaker breaker;
    private final Duration length;
    private final MeterRegistry meters;
    private final Clock clock;
    private @Nullable Instant until;
    private @Nullable String code;

    OpsHold(String service, CircuitBreaker breaker, Duration length, MeterRegistry meters, Clock clock) {
        this.service = service;
        this.breaker = breaker;
        this.length = length;
        this.meters = meters;
        this.clock = clock;
    }

    /** Takes the service out of rotation; alerts unless it already was. */
    void start(@Nullable String providerErrorCode, String reason) {
        boolean alreadyHeld;
        synchronized (this) {
            alreadyHeld = isOn();
            until = clock.instant().plus(length);
            code = providerErrorCode;
            breaker.transitionToForcedOpenState();
        }
        if (!alreadyHeld) {
            meters.counter("notifier.sms.service.blocked", "service", service).increment();
            log.error("ALERT sms service taken out of rotation service={} providerErrorCode={} reason=\"{}\" for={} "
                    + "(fix the account, then it returns by itself)", service, LogSafe.key(providerErrorCode),
                    LogSafe.text(reason), length);
        }
    }

    /** Puts the service back once its hold has passed. With the lock: a hold starting meanwhile stays. */
    synchronized void endIfPassed() {
        if (until == null || clock.instant().isBefore(until)) {
            return;
        }
        log.info("sms service back in rotation service={} after providerErrorCode={}", service, LogSafe.key(code));
        until = null;
        code = null;
        breaker.transitionToClosedState();
    }

    private boolean isOn() {
        return until != null && clock.instant().isBefore(until);
    }

    /** When the running hold ends, or null. */
    synchronized @Nullable Instant until() {
        return isOn() ? until : null;
    }

    /** The vendor code that caused the hold, or null. */
    synchronized @Nullable String code() {
        return code;
    }
}
