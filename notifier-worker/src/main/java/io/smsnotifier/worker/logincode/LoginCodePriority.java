package io.smsnotifier.worker.logincode;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets login codes go first. While a round of login codes is being delivered, other rounds hold back before they
 * start and before each vendor request, for at most {@value #MAX_WAIT_MILLIS} ms each time. And while codes keep
 * arriving (a round of them began within the last {@value #FLOWING_WINDOW_MILLIS} ms), each other round rests
 * after it ends, so that other work takes at most {@code notifier.delivery.backlog-share} of the time: on a busy
 * machine a backlog of approvals otherwise takes the CPU, the database and the broker, and every step of a code
 * waits behind it. Approvals are slowed while codes flow, never stopped. Thread-safe.
 */
public final class LoginCodePriority {

    static final long MAX_WAIT_MILLIS = 200;
    static final long FLOWING_WINDOW_MILLIS = 1_000;
    /** The longest rest after one round, so that a very long round never stalls its consumer for long. */
    static final long MAX_REST_MILLIS = 1_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final double backlogShare;
    private int active;
    private volatile long lastCodeRound = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

    /** @param backlogShare {@code notifier.delivery.backlog-share}: 1 turns the rests off */
    public LoginCodePriority(double backlogShare) {
        this.backlogShare = backlogShare;
    }

    /** A round of login codes starts; every call is followed by one {@link #end()}. */
    public void begin() {
        lock.lock();
        try {
            active++;
            lastCodeRound = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }

    /** A round of login codes has ended. */
    public void end() {
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
    public void yieldToLoginCodes() {
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

    /** How long a round of other work that took {@code roundNanos} should rest now; 0 unless codes flow. */
    long restNanosAfter(long roundNanos) {
        boolean codesFlow = System.nanoTime() - lastCodeRound <= TimeUnit.MILLISECONDS.toNanos(FLOWING_WINDOW_MILLIS);
        if (backlogShare >= 1 || !codesFlow) {
            return 0;
        }
        return Math.min((long) (roundNanos * (1 - backlogShare) / backlogShare),
                TimeUnit.MILLISECONDS.toNanos(MAX_REST_MILLIS));
    }

    /** Rests after a round of other work that took {@code roundNanos}, while codes flow. */
    public void restAfter(long roundNanos) {
        long rest = restNanosAfter(roundNanos);
        if (rest > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(rest);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
