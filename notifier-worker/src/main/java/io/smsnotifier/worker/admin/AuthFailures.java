package io.smsnotifier.worker.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.worker.support.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Wrong tokens, counted per client address and in total ({@link FailedAuthProperties}), for the API's bearer tokens
 * and the console's sign-in alike. A caller asks {@link #retryAfter} before checking a token, and reports the outcome
 * with {@link #failed} or {@link #succeeded}: while held back, a token is not even checked, so a right guess is
 * worth nothing either. Addresses that signed in within the last hour pass the total limit (not their own): a flood
 * of guesses from many addresses does not lock out the operators already working. Per-address counts live in a
 * bounded cache, so many addresses cost a bounded amount of memory. Meters: {@code notifier.auth.failures} and
 * {@code notifier.auth.throttled}, tagged {@code surface} ({@code api}, {@code console}). Thread-safe.
 *
 * <p>The address is the request's remote address. With {@code server.forward-headers-strategy: native}, Tomcat takes
 * it from {@code X-Forwarded-For} only when the connection comes from an internal proxy address.
 */
public final class AuthFailures {

    /** Where a token was presented: the meters' {@code surface} tag. */
    public enum Surface {
        API, CONSOLE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(AuthFailures.class);
    /** Longer than any IPv6 address: a key from a forwarded header is cut to this, so no key is large. */
    private static final int ADDRESS_LENGTH = 64;
    private static final Duration KNOWN_FOR = Duration.ofHours(1);

    private final FailedAuthProperties limits;
    private final MeterRegistry meters;
    private final LongSupplier nanoTime;
    private final long window;
    private final Cache<String, Window> addresses;
    private final Cache<String, Boolean> known;
    private final Window total = new Window();

    public AuthFailures(FailedAuthProperties limits, MeterRegistry meters) {
        this(limits, meters, System::nanoTime);
    }

    AuthFailures(FailedAuthProperties limits, MeterRegistry meters, LongSupplier nanoTime) {
        this.limits = limits;
        this.meters = meters;
        this.nanoTime = nanoTime;
        this.window = limits.window().toNanos();
        this.addresses = Caffeine.newBuilder().maximumSize(limits.trackedAddresses())
                .expireAfterAccess(limits.window().toNanos(), TimeUnit.NANOSECONDS).ticker(nanoTime::getAsLong).build();
        this.known = Caffeine.newBuilder().maximumSize(limits.trackedAddresses())
                .expireAfterWrite(KNOWN_FOR.toNanos(), TimeUnit.NANOSECONDS).ticker(nanoTime::getAsLong).build();
    }

    /**
     * Seconds {@code address} must wait before a token it presents is checked, at least 1; {@code 0}: check it now.
     * A wait counts as {@code notifier.auth.throttled}.
     */
    public long retryAfter(String address, Surface surface) {
        String key = key(address);
        long now = nanoTime.getAsLong();
        Window own = addresses.getIfPresent(key);
        long wait = own == null ? 0 : own.wait(now, window, limits.perAddress());
        if (wait == 0 && known.getIfPresent(key) == null) {
            wait = total.wait(now, window, limits.total());
        }
        if (wait == 0) {
            return 0;
        }
        meters.counter("notifier.auth.throttled", "surface", surface.tag()).increment();
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
    }

    /** {@code address} presented a token that is none of the configured ones. */
    public void failed(String address, Surface surface) {
        String key = key(address);
        long now = nanoTime.getAsLong();
        meters.counter("notifier.auth.failures", "surface", surface.tag()).increment();
        int own = addresses.get(key, ignored -> new Window()).add(now, window);
        int all = total.add(now, window);
        if (own == limits.perAddress()) {
            log.warn("auth failures from one address reached the limit: held back address={} failures={} within={} "
                    + "surface={}", LogSafe.key(key), own, limits.window(), surface.tag());
        }
        if (all == limits.total()) {
            log.error("ALERT wrong admin tokens reached the total limit failures={} within={} last={} surface={}: "
                    + "callers that did not sign in within the last hour get 429 until the window ends (someone "
                    + "guessing tokens from many addresses?)", all, limits.window(), LogSafe.key(key), surface.tag());
        }
    }

    /** {@code address} presented a right token: it passes the total limit for the next hour. */
    public void succeeded(String address) {
        known.put(key(address), Boolean.TRUE);
    }

    /** How many addresses are counted now: never more than {@code trackedAddresses}. */
    long trackedAddresses() {
        addresses.cleanUp();
        return addresses.estimatedSize();
    }

    private static String key(String address) {
        return address.length() <= ADDRESS_LENGTH ? address : address.substring(0, ADDRESS_LENGTH);
    }

    /** Failures counted from the first one, for {@code length} nanoseconds; then counting starts again. */
    private static final class Window {

        private long start;
        private int count;

        synchronized int add(long now, long length) {
            if (count == 0 || now - start >= length) {
                start = now;
                count = 0;
            }
            return ++count;
        }

        /** Nanoseconds until this window ends if it holds {@code limit} failures or more, else 0. */
        synchronized long wait(long now, long length, int limit) {
            if (count < limit || now - start >= length) {
                return 0;
            }
            return start + length - now;
        }
    }
}
