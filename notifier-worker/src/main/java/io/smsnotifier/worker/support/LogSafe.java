package io.smsnotifier.worker.support;

import org.jspecify.annotations.Nullable;

/**
 * Makes text that came from outside (a producer's payload, an HTTP caller, a vendor's answer) safe to put in a
 * log line or a header: control characters (CR and LF above all, which would let one event forge a whole log
 * line such as a fake {@code ALERT}) and Unicode line and bidirectional-override characters are written as
 * {@code \\uXXXX}, and long values are shortened with their length, so that neither a forged line nor a
 * megabyte-long key reaches the log.
 */
public final class LogSafe {

    /** Longest identifier (event id, record key) shown in full. */
    public static final int KEY_LENGTH = 120;
    /** Longest free text (a reason, a template code) shown in full. */
    public static final int TEXT_LENGTH = 500;

    private LogSafe() {
    }

    /** An identifier for a log line: neutralised, and at most {@value #KEY_LENGTH} characters plus a note. */
    public static @Nullable String key(@Nullable String value) {
        return shorten(value, KEY_LENGTH);
    }

    /** Free text for a log line or a header: neutralised, at most {@value #TEXT_LENGTH} characters plus a note. */
    public static @Nullable String text(@Nullable String value) {
        return shorten(value, TEXT_LENGTH);
    }

    private static @Nullable String shorten(@Nullable String value, int limit) {
        if (value == null) {
            return null;
        }
        int length = value.length();
        String shown = length > limit ? value.substring(0, limit) : value;
        StringBuilder safe = null;
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (unsafe(c)) {
                if (safe == null) {
                    safe = new StringBuilder(shown.length() + 16).append(shown, 0, i);
                }
                safe.append(String.format("\\u%04x", (int) c));
            } else if (safe != null) {
                safe.append(c);
            }
        }
        String result = safe == null ? shown : safe.toString();
        return length > limit ? result + "...(" + length + " chars)" : result;
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
