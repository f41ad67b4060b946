package io.smsnotifier.worker.providers;

import java.time.Duration;

/**
 * Holds a service to a request rate by spacing requests evenly, judged by when they actually leave: a request may
 * leave only {@code 1/rate} seconds after the one before it did. A token bucket hands out permits on schedule
 * instead, and threads woken late from their wait then leave in a bunch, which the vendor counts as a burst over
 * its limit; that cannot happen here. Thread-safe; meant for up to a few thousand requests a second.
 */
final class DepartureLimiter {

    private final long gapNanos;
    private long lastDeparture;

    /** @param perSecond requests per second, evenly spaced */
    DepartureLimiter(double perSecond) {
        this.gapNanos = (long) Math.max(1, 1_000_000_000L / perSecond);
        this.lastDeparture = System.nanoTime() - gapNanos;
    }

    /**
     * Waits until a request may leave and records its departure.
     *
     * @return false when no room came within {@code timeout}
     */
    synchronized boolean acquire(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long now = System.nanoTime();
            long allowedAt = lastDeparture + gapNanos;
            if (now >= allowedAt) {
                lastDeparture = now;
                return true;
            }
            if (allowedAt > deadline) {
                return false;
            }
            long waitNanos = allowedAt - now;
            try {
                wait(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
