package io.smsnotifier.worker.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Times the steps of one round into {@code notifier.delivery.round} (tags: kind, step), so that ops can see where
 * delivery time goes; with DEBUG on, one line per round as well. Confined to the round's thread.
 */
final class RoundTimer {

    private static final Logger log = LoggerFactory.getLogger(RoundTimer.class);

    private final MeterRegistry meters;
    private final String kind;
    private final long started = System.nanoTime();
    private long last = started;
    private final @Nullable StringBuilder laps = log.isDebugEnabled() ? new StringBuilder() : null;

    RoundTimer(MeterRegistry meters, String kind) {
        this.meters = meters;
        this.kind = kind;
    }

    void lap(String step) {
        long now = System.nanoTime();
        meters.timer("notifier.delivery.round", "kind", kind, "step", step).record(now - last, TimeUnit.NANOSECONDS);
        if (laps != null) {
            laps.append(' ').append(step).append('=').append((now - last) / 1_000).append("us");
        }
        last = now;
    }

    long elapsedNanos() {
        return System.nanoTime() - started;
    }

    void done(int events) {
        if (laps != null) {
            log.debug("round kind={} events={} total={}us{}", kind, events, (last - started) / 1_000, laps);
        }
    }
}
