package io.smsnotifier.worker.deadletter;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** What to list of a dead-letter topic: dead letters in one of {@code states}; optionally an error code, a window. */
public record DeadLetterFilter(Set<State> states, @Nullable String errorCode, @Nullable Instant from,
                               @Nullable Instant to) {

    public static DeadLetterFilter pending(@Nullable String errorCode, @Nullable Instant from, @Nullable Instant to) {
        return new DeadLetterFilter(EnumSet.of(State.PENDING), errorCode, from, to);
    }

    /** {@code all}, or one state by name in any case; any other name matches nothing. */
    public static Set<State> states(String name) {
        if (name.equalsIgnoreCase("all")) {
            return EnumSet.allOf(State.class);
        }
        for (State state : State.values()) {
            if (state.name().equalsIgnoreCase(name)) {
                return EnumSet.of(state);
            }
        }
        return EnumSet.noneOf(State.class);
    }

    boolean matches(DeadLetter letter) {
        return states.contains(letter.state())
                && (errorCode == null || errorCode.equals(letter.errorCode()))
                && (from == null || !letter.deadLetteredAt().isBefore(from))
                && (to == null || letter.deadLetteredAt().isBefore(to));
    }
}
