package io.smsnotifier.worker.delivery;

import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets login codes go first: while a round of login codes is being delivered, other rounds hold back before they
 * start and before each vendor request, for at most {@value #MAX_WAIT_MILLIS} ms each time. On a busy machine a
 * backlog of approvals otherwise takes the CPU, the database and the vendor's rate, and every step of a code
 * waits behind it. Approvals are slowed while codes flow, never stopped. Thread-safe.
 */
@Component
class LoginCodePriority {

    static final long MAX_WAIT_MILLIS = 200;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int active;

    void begin() {
        lock.lock();
        try {
            active++;
        } finally {
            lock.unlock();
        }
    }

    void end() {
        lock.lock();
        try {
            if (--active == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits while login codes are being delivered, at most {@value #MAX_WAIT_MILLIS} ms. */
    void yieldToLoginCodes() {
        lock.lock();
        try {
            long remaining = TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
            while (active > 0 && remaining > 0) {
                remaining = idle.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
