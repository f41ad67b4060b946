package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.instances.Instances;

import java.time.Duration;

/** This instance's share of one service's {@code max-qps}: when its next request may leave. Thread-safe. */
interface RateShare {

    /**
     * Waits for the next request's turn and takes it.
     *
     * @return false when no turn came within {@code timeout}
     */
    boolean awaitTurn(Duration timeout);

    /** How many worker instances share the rate now; at least 1. */
    int sharedBy();

    /** Spaced by {@code limiter}, once this instance has taken its share among the live {@code instances}. */
    static RateShare of(DepartureLimiter limiter, Instances instances) {
        return new RateShare() {
            @Override
            public boolean awaitTurn(Duration timeout) {
                return instances.awaitReady(timeout) && limiter.acquire(timeout, instances.live());
            }

            @Override
            public int sharedBy() {
                return instances.live();
            }
        };
    }
}
