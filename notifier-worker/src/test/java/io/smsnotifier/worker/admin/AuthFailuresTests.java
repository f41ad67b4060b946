package io.smsnotifier.worker.admin;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsnotifier.worker.admin.AuthFailures.Surface;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The count of wrong tokens on its own clock: per address, in total, forgetting, and bounded. */
@ExtendWith(OutputCaptureExtension.class)
class AuthFailuresTests {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AuthFailures failures = new AuthFailures(new FailedAuthProperties(10, 30, Duration.ofMinutes(1),
            100), meters, nanos::get);

    @Test
    void holdsAnAddressBackPastTenFailuresUntilTheWindowEndsAndNoOtherAddress() {
        fail("203.0.113.7", 10);
        assertThat(failures.retryAfter("203.0.113.7", Surface.API)).as("the 11th attempt").isEqualTo(60);
        assertThat(failures.retryAfter("203.0.113.8", Surface.API)).isZero();

        later(Duration.ofSeconds(45).plusMillis(1));
        assertThat(failures.retryAfter("203.0.113.7", Surface.CONSOLE)).as("rounded up").isEqualTo(15);
        later(Duration.ofSeconds(15));
        assertThat(failures.retryAfter("203.0.113.7", Surface.API)).isZero();

        assertThat(meters.counter("notifier.auth.failures", "surface", "api").count()).isEqualTo(10);
        assertThat(meters.counter("notifier.auth.throttled", "surface", "api").count()).isEqualTo(1);
        assertThat(meters.counter("notifier.auth.throttled", "surface", "console").count()).isEqualTo(1);
    }

    @Test
    void pastTheTotalEveryAddressIsHeldBackButThoseThatSignedInLatelyAndOneAlertIsLogged(CapturedOutput output) {
        failures.succeeded("198.51.100.1");
        failFromManyAddresses(30);

        assertThat(failures.retryAfter("192.0.2.99", Surface.CONSOLE)).as("an address that never failed")
                .isEqualTo(60);
        assertThat(failures.retryAfter("198.51.100.1", Surface.CONSOLE)).as("signed in lately").isZero();
        assertThat(output.getOut().lines().filter(line -> line.contains("ALERT"))).singleElement()
                .satisfies(line -> assertThat(line).contains("wrong admin tokens reached the total limit",
                        "failures=30"));
        later(Duration.ofMinutes(1));
        assertThat(failures.retryAfter("192.0.2.99", Surface.CONSOLE)).isZero();
    }

    @Test
    void aSuccessfulSignInIsForgottenAfterAnHour() {
        failures.succeeded("198.51.100.1");
        later(Duration.ofMinutes(61));
        failFromManyAddresses(30);

        assertThat(failures.retryAfter("198.51.100.1", Surface.API)).isPositive();
    }

    @Test
    void countsAtMostTheConfiguredNumberOfAddressesHoweverManyFail() {
        for (int i = 0; i < 5_000; i++) {
            failures.failed("2001:db8::" + Integer.toHexString(i), Surface.API);
            later(Duration.ofMillis(1));
        }

        assertThat(failures.trackedAddresses()).isLessThanOrEqualTo(100);
    }

    @Test
    void neverKeepsMoreOfAnAddressThanAnIpv6AddressNeeds() {
        String forged = "x".repeat(10_000);
        fail(forged, 10);

        assertThat(failures.retryAfter(forged, Surface.API)).isPositive();
        assertThat(failures.retryAfter("x".repeat(64), Surface.API)).as("the same key, cut").isPositive();
    }

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(failures.retryAfter(address, Surface.API)).isZero();
            failures.failed(address, Surface.API);
        }
    }

    private void failFromManyAddresses(int addresses) {
        for (int address = 0; address < addresses; address++) {
            fail("203.0.113." + address, 1);
        }
    }

    private void later(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
