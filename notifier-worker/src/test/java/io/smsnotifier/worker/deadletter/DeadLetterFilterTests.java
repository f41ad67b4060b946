package io.smsnotifier.worker.deadletter;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterFilterTests {

    private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void aStateIsNamedInAnyCaseOrAll() {
        assertThat(DeadLetterFilter.states("pending")).containsExactly(State.PENDING);
        assertThat(DeadLetterFilter.states("Replayed")).containsExactly(State.REPLAYED);
        assertThat(DeadLetterFilter.states("ALL")).containsExactly(State.values());
        assertThat(DeadLetterFilter.states("lost")).as("matches nothing, as before").isEmpty();
    }

    @Test
    void matchesByStateErrorCodeAndWindow() {
        DeadLetterFilter filter = DeadLetterFilter.pending("46003", AT, AT.plusSeconds(60));

        assertThat(filter.matches(letter(State.PENDING, "46003", AT))).isTrue();
        assertThat(filter.matches(letter(State.DISCARDED, "46003", AT))).isFalse();
        assertThat(filter.matches(letter(State.PENDING, "46001", AT))).isFalse();
        assertThat(filter.matches(letter(State.PENDING, "46003", AT.plusSeconds(60)))).as("to is exclusive").isFalse();
        assertThat(filter.matches(letter(State.PENDING, "46003", AT.minusMillis(1)))).isFalse();
    }

    private static DeadLetter letter(State state, String errorCode, Instant at) {
        return new DeadLetter("sms.notify-dlt", 0, 1L, "k", at, errorCode, null, "reason", 1, null, null,
                "sms.notify", "0", "1", state, null, null);
    }
}
