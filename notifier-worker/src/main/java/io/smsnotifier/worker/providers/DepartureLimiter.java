package io.smsnotifier.worker.providers;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds a service to a request rate by spacing requests evenly, judged by when they actually leave: a request may
 * leave only {@code 1/rate} seconds after the one before it did. A token bucket hands out permits on schedule
 * instead, and threads woken late from their wait then leave in a bunch, which the vendor counts as a burst over
 * its limit; that cannot happen here. When several worker instances share the service, each holds to its share of
 * the rate. Thread-safe; a lock rather than a monitor, so that waiting virtual threads free their carriers on
 * Java 21; meant for up to a few thousand requests a second.
 */
final class DepartureLimiter {

    private final double perSecond;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition departed = lock.newCondition();
    private long lastDeparture;

    /** @param perSecond requests per second for all instances together, evenly spaced */
    DepartureLimiter(double perSecond) {
        this.perSecond = perSecond;
        this.lastDeparture = System.nanoTime() - gapNanos(1);
    }

    private long gapNanos(int instances) {
        int n = Math.max(1, instances);
        // Evenly spaced requests at r a second can still put r + 1 in one second's window, one at each edge: with n
        // instances that is n extra, taken off the budget so that together they stay under it.
        double budget = Math.max(perSecond - n, perSecond / 2);
        return (long) Math.max(1, 1_000_000_000L * n / budget);
    }

    /**
     * Waits until a request may leave and records its departure.
     *
     * @param instances how many worker instances share the rate now
     * @return false when no room came within {@code timeout}
     */
    boolean acquire(Duration timeout, int instances) {
        long gap = gapNanos(instances);
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                long now = System.nanoTime();
                long allowedAt = lastDeparture + gap;
                if (now >= allowedAt) {
                    lastDeparture = now;
                    return true;
                }
                if (allowedAt > deadline) {
                    return false;
                }
                departed.awaitNanos(allowedAt - now);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
