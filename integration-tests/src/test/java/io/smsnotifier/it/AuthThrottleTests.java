package io.smsnotifier.it;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing bearer tokens: past {@code notifier.admin.failed-auth.per-address} wrong tokens (30 in profile
 * {@code it}, whose tests all call from 127.0.0.1) within a minute, an address gets 429 with {@code Retry-After}
 * whatever it sends, and other addresses are not held. This test calls as clients behind a proxy on this machine
 * would ({@code X-Forwarded-For} from 127.0.0.1, an internal proxy address that Tomcat trusts under
 * {@code server.forward-headers-strategy: native}), each with an address of its own, so it holds no other test
 * back.
 */
class AuthThrottleTests extends WorkerIntegrationTest {

    private static final String WRONG = "wrong-3c7e1a9f5b2d4086c3e7a1f9b5d20864";
    private static final String GUESSER = "203.0.113.21";
    private static final String OTHER = "203.0.113.22";

    @Autowired
    MeterRegistry meters;

    @Test
    void pastTheLimitAnAddressGets429WithRetryAfterEvenForTheRightTokenAndOtherAddressesAreNotHeld() {
        AdminApiClient client = AdminApiClient.local(port);
        double failuresBefore = count("notifier.auth.failures", "api");
        for (int i = 0; i < 30; i++) {
            assertThat(from(GUESSER, client.withToken(WRONG + i)).statusCode()).as("guess %d", i).isEqualTo(401);
        }

        HttpResponse<String> held = from(GUESSER, client.withToken(WRONG));
        assertThat(held.statusCode()).isEqualTo(429);
        assertThat(held.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        assertThat(held.body()).contains("\"status\":429").doesNotContain(WRONG);
        assertThat(from(GUESSER, client).statusCode()).as("the right token, from the held address").isEqualTo(429);

        assertThat(from(OTHER, client).statusCode()).isEqualTo(200);
        assertThat(from(OTHER, client.withToken(WRONG)).statusCode()).isEqualTo(401);
        assertThat(count("notifier.auth.failures", "api") - failuresBefore).isEqualTo(31);
        assertThat(count("notifier.auth.throttled", "api")).isGreaterThanOrEqualTo(2);
    }

    private static HttpResponse<String> from(String address, AdminApiClient client) {
        return client.exchange("GET", "/api/deadletters", null, "X-Forwarded-For", address);
    }

    private double count(String name, String surface) {
        var counter = meters.find(name).tag("surface", surface).counter();
        return counter == null ? 0 : counter.count();
    }
}
