package io.smsnotifier.worker.console;

import io.smsnotifier.worker.console.OperationsForms.Problems;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.smsnotifier.worker.console.OperationsForms.given;

/**
 * A dead-letter topic's filter as typed on its page; {@code state} is one of {@link #STATES}.
 */
record DeadLetterFilterForm(@Nullable String errorCode, @Nullable String from, @Nullable String to, String state) {

    static final List<String> STATES = List.of("pending", "replayed", "discarded", "all");

    /** The filter read and checked: what {@code DeadLetters} is asked for. */
    record Checked(DeadLetterFilterForm form, Problems problems, @Nullable String errorCode,
                   @Nullable Instant from, @Nullable Instant to) {
    }

    /** The filter as typed, each field checked (visible ASCII code, instants, a window that is one). */
    static Checked read(@Nullable String errorCode, @Nullable String from, @Nullable String to, String state) {
        String stateName = state.toLowerCase(Locale.ROOT);
        DeadLetterFilterForm form = new DeadLetterFilterForm(given(errorCode), given(from), given(to),
                STATES.contains(stateName) ? stateName : "pending");
        Problems problems = new Problems();
        String code = OperationsForms.visibleAscii("errorCode", form.errorCode(), problems);
        Instant since = OperationsForms.instant("from", form.from(), problems);
        Instant until = OperationsForms.instant("to", form.to(), problems);
        OperationsForms.window(since, until, problems);
        return new Checked(form, problems, code, since, until);
    }

    Map<String, @Nullable String> parameters() {
        Map<String, @Nullable String> parameters = new LinkedHashMap<>();
        parameters.put("errorCode", errorCode);
        parameters.put("from", from);
        parameters.put("to", to);
        parameters.put("state", state);
        return parameters;
    }
}
