package io.smsnotifier.worker.intake;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;

/** Collects the names of required fields that are absent or blank. */
final class RequiredFields {

    private final List<String> names = new ArrayList<>();

    RequiredFields check(String name, @Nullable Object value) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            names.add(name);
        }
        return this;
    }

    void throwIfAny() {
        if (!names.isEmpty()) {
            throw new InvalidEvent("missing required field" + (names.size() == 1 ? " " : "s ")
                    + String.join(", ", names));
        }
    }
}
