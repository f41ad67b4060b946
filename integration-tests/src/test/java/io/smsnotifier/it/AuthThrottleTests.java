package io.smsnotifier.it;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing bearer tokens: past {@code notifier.admin.failed-auth.per-address} wrong tokens (30 in profile
 * {@code it}, whose tests all call from 127.0.0.1) within a minute, an address gets 429 with {@code Retry-After}
 * whatever it sends, and other addresses are not held. This test calls from addresses of its own (127.0.0.2 and
 * .3, loopback like 127.0.0.1), so it holds no other test back.
 */
class AuthThrottleTests extends WorkerIntegrationTest {

    private static final String WRONG = "wrong-3c7e1a9f5b2d4086c3e7a1f9b5d20864";

    @Autowired
    MeterRegistry meters;

    @Test
    void pastTheLimitAnAddressGets429WithRetryAfterEvenForTheRightTokenAndOtherAddressesAreNotHeld() {
        AdminApiClient guesser = AdminApiClient.at("http://127.0.0.2:" + port);
        double failuresBefore = count("notifier.auth.failures", "api");
        for (int i = 0; i < 30; i++) {
            assertThat(guesser.withToken(WRONG + i).get("/api/deadletters").statusCode()).as("guess %d", i)
                    .isEqualTo(401);
        }

        HttpResponse<String> held = guesser.withToken(WRONG).get("/api/deadletters");
        assertThat(held.statusCode()).isEqualTo(429);
        assertThat(held.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        assertThat(held.body()).contains("\"status\":429").doesNotContain(WRONG);
        assertThat(guesser.get("/api/deadletters").statusCode()).as("the right token, from the held address")
                .isEqualTo(429);

        AdminApiClient other = AdminApiClient.at("http://127.0.0.3:" + port);
        assertThat(other.get("/api/deadletters").statusCode()).isEqualTo(200);
        assertThat(other.withToken(WRONG).get("/api/deadletters").statusCode()).isEqualTo(401);
        assertThat(count("notifier.auth.failures", "api") - failuresBefore).isEqualTo(31);
        assertThat(count("notifier.auth.throttled", "api")).isGreaterThanOrEqualTo(2);
    }

    private double count(String name, String surface) {
        var counter = meters.find(name).tag("surface", surface).counter();
        return counter == null ? 0 : counter.count();
    }
}
