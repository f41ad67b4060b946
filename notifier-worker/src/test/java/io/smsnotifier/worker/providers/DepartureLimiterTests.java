package io.smsnotifier.worker.providers;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** When requests leave, measured from outside: n requests take at least n - 1 gaps, however many send them. */
class DepartureLimiterTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void anIdleServiceSendsAtOnce() {
        DepartureLimiter limiter = new DepartureLimiter(10);
        long started = System.nanoTime();

        assertThat(limiter.acquire(WAIT, 1)).isTrue();
        assertThat(System.nanoTime() - started).isLessThan(Duration.ofMillis(50).toNanos());
    }

    @Test
    void requestsLeaveEvenlySpacedAtTheRateLessOneForTheWindowsEdges() throws Exception {
        // 50 a second for one instance: spaced as 49 a second, so that no second's window holds more than 50.
        long elapsed = timeToSend(new DepartureLimiter(50), 1, 4, 5);

        assertThat(elapsed).isGreaterThanOrEqualTo(19 * Duration.ofSeconds(1).toNanos() / 49);
    }

    @Test
    void eachOfSeveralInstancesTakesItsShareOfTheRate() throws Exception {
        // Two instances: each spaced as (50 - 2) / 2 a second.
        long elapsed = timeToSend(new DepartureLimiter(50), 2, 4, 3);

        assertThat(elapsed).isGreaterThanOrEqualTo(11 * Duration.ofSeconds(2).toNanos() / 48);
    }

    @Test
    void aRequestThatCannotGetATurnWithinItsTimeoutDoesNotLeave() {
        DepartureLimiter limiter = new DepartureLimiter(1);
        assertThat(limiter.acquire(WAIT, 1)).isTrue();
        long started = System.nanoTime();

        assertThat(limiter.acquire(Duration.ofMillis(200), 1)).isFalse();
        assertThat(System.nanoTime() - started).as("it gives up at once instead of waiting in vain")
                .isLessThan(Duration.ofMillis(200).toNanos());
        assertThat(limiter.acquire(Duration.ofSeconds(3), 1)).as("a refused request took no turn").isTrue();
    }

    /** How long {@code threads} × {@code each} requests took to leave, the first going at once. */
    private static long timeToSend(DepartureLimiter limiter, int instances, int threads, int each) throws Exception {
        long started = System.nanoTime();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                senders.add(executor.submit(() -> {
                    boolean all = true;
                    for (int i = 0; i < each; i++) {
                        all &= limiter.acquire(WAIT, instances);
                    }
                    return all;
                }));
            }
            for (Future<Boolean> sender : senders) {
                assertThat(sender.get()).isTrue();
            }
        }
        return System.nanoTime() - started;
    }
}
