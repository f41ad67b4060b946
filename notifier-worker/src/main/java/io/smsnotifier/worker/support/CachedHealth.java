package io.smsnotifier.worker.support;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A health check run at most once per {@code ttl} and never twice at once: callers within the time to live, or
 * while a check is running, get the last result. A flood of (anonymous) health requests then costs one database
 * query or one broker round trip a second, not one each, and cannot take the connections delivery needs.
 * Thread-safe.
 */
public final class CachedHealth {

    private final Supplier<Health> check;
    private final long ttlNanos;
    private final ReentrantLock running = new ReentrantLock();
    private volatile @Nullable Health last;
    private volatile long checkedAt;

    public CachedHealth(Duration ttl, Supplier<Health> check) {
        this.check = check;
        this.ttlNanos = ttl.toNanos();
    }

    public Health get() {
        Health known = last;
        if (known != null && System.nanoTime() - checkedAt < ttlNanos) {
            return known;
        }
        if (!running.tryLock()) {
            if (known != null) {
                return known;
            }
            // The very first check is under way: wait for it rather than run another.
            running.lock();
        }
        try {
            known = last;
            if (known != null && System.nanoTime() - checkedAt < ttlNanos) {
                return known;
            }
            Health fresh = check.get();
            last = fresh;
            checkedAt = System.nanoTime();
            return fresh;
        } finally {
            running.unlock();
        }
    }
}
