package io.smsnotifier.worker.console;

import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the operations pages' search forms: a field left empty means "any", times are UTC (an HTML
 * {@code datetime-local} value such as {@code 2026-12-01T10:00}, or an ISO-8601 instant with an offset), and a
 * value that does not pass its check becomes a {@link Problem} shown next to its field rather than an error page.
 */
final class OperationsForms {

    /** Longest id, kind or error code a form accepts, as the API does. */
    static final int MAX_TEXT = 128;

    private OperationsForms() {
    }

    /**
     * Why a field was not accepted, as a message key of {@code console/operations} and its one argument.
     *
     * @param argument shown in the message as {@code {0}}; never the value typed, which may be a phone number
     */
    record Problem(String key, @Nullable Object argument) {
    }

    /** The problems of one form, by field name, in the order found. */
    static final class Problems {

        private final Map<String, Problem> byField = new LinkedHashMap<>();

        void add(String field, String key, @Nullable Object argument) {
            byField.putIfAbsent(field, new Problem(key, argument));
        }

        boolean any() {
            return !byField.isEmpty();
        }

        Map<String, Problem> byField() {
            return byField;
        }
    }

    /** {@code value} without surrounding blanks; null when nothing is left. */
    static @Nullable String given(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    /** An id, kind or code as producers and configuration spell them: 1-128 visible ASCII characters. */
    static @Nullable String visibleAscii(String field, @Nullable String value, Problems problems) {
        if (value != null && (value.length() > MAX_TEXT || !value.chars().allMatch(c -> c >= 0x21 && c <= 0x7E))) {
            problems.add(field, "operations.error.ascii", MAX_TEXT);
            return null;
        }
        return value;
    }

    /** Free text such as a member id: at most 128 characters and no control characters. */
    static @Nullable String text(String field, @Nullable String value, Problems problems) {
        if (value != null && (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl))) {
            problems.add(field, "operations.error.text", MAX_TEXT);
            return null;
        }
        return value;
    }

    /** A time typed in UTC, or an instant with its offset. */
    static @Nullable Instant instant(String field, @Nullable String value, Problems problems) {
        if (value == null) {
            return null;
        }
        try {
            return value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$") ? Instant.parse(value)
                    : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            problems.add(field, "operations.error.time", null);
            return null;
        }
    }

    /** {@code from} must come before {@code to} when both are given. */
    static void window(@Nullable Instant from, @Nullable Instant to, Problems problems) {
        if (from != null && to != null && !from.isBefore(to)) {
            problems.add("to", "operations.error.window", null);
        }
    }

    /** {@code path} with the given parameters (those that are null left out) and {@code page}. */
    static String link(String path, Map<String, @Nullable String> parameters, int page) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (value != null) {
                // As a URI variable the value is encoded strictly: a '+' of an offset stays a '+'.
                uri.queryParam(name, "{" + name + "}");
                values.put(name, value);
            }
        });
        if (page > 0) {
            uri.queryParam("page", page);
        }
        return uri.encode().buildAndExpand(values).toUriString();
    }
}
