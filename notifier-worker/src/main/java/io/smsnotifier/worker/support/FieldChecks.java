package io.smsnotifier.worker.support;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The length and character checks every field from outside shares (an event's, a directory entry's, an imported
 * line's): each problem names the field and its limit, never the value, which may hold a phone number or a code.
 * A field that is absent passes; what is required is the caller's to decide. One instance per value checked; not
 * thread-safe.
 */
public final class FieldChecks {

    /** Ids from outside (members, departments, roles, process instances): text without control characters. */
    public static final Pattern TEXT_ID = Pattern.compile("[^\\p{Cntrl}\\u2028\\u2029]{1,128}");
    public static final String TEXT_ID_RULE = "1-128 characters, no control characters";
    /** Free text (a nick, a department's name, a process title, a template parameter). */
    public static final int TEXT = 512;
    /** Raw phone numbers: an invalid but short one is kept for the ledger to skip, a longer one is refused. */
    public static final int PHONE = 32;
    /** Entries in one list of ids or numbers. */
    public static final int MAX_LIST = 10_000;

    /** One field that is not within its limits, and the rule it breaks. */
    public record Problem(String field, String reason) {

        /** {@code "field reason"}, e.g. {@code "nick must be at most 512 characters without control characters"}. */
        @Override
        public String toString() {
            return field + " " + reason;
        }
    }

    private final List<Problem> problems = new ArrayList<>();

    /** Notes a problem found by the caller's own rule. */
    public FieldChecks problem(String field, String reason) {
        problems.add(new Problem(field, reason));
        return this;
    }

    public FieldChecks matches(String field, @Nullable String value, Pattern pattern, String rule) {
        if (value != null && !pattern.matcher(value).matches()) {
            problem(field, "must be " + rule + (value.length() > 128 ? " (it has " + value.length()
                    + " characters)" : ""));
        }
        return this;
    }

    /** A {@link #TEXT_ID}. */
    public FieldChecks id(String field, @Nullable String value) {
        return matches(field, value, TEXT_ID, TEXT_ID_RULE);
    }

    public FieldChecks text(String field, @Nullable String value, int maxLength) {
        if (value != null && (value.length() > maxLength || hasControlCharacters(value))) {
            problem(field, "must be at most " + maxLength + " characters without control characters"
                    + (value.length() > maxLength ? " (it has " + value.length() + ")" : ""));
        }
        return this;
    }

    /** At most {@value #MAX_LIST} {@link #TEXT_ID}s; the first bad one is named by its index. */
    public FieldChecks ids(String field, @Nullable List<String> values) {
        if (values == null || tooMany(field, values)) {
            return this;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || !TEXT_ID.matcher(value).matches()) {
                problem(field + "[" + i + "]", "must be " + TEXT_ID_RULE);
                break;
            }
        }
        return this;
    }

    /** At most {@value #MAX_LIST} numbers of at most {@value #PHONE} characters; the first bad one is named. */
    public FieldChecks phones(String field, @Nullable List<String> values) {
        if (values == null || tooMany(field, values)) {
            return this;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value != null && (value.length() > PHONE || hasControlCharacters(value))) {
                problem(field + "[" + i + "]", "must be at most " + PHONE + " characters without control characters");
                break;
            }
        }
        return this;
    }

    /** What was found, in the order checked; empty when every field is within its limits. */
    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** ISO control characters (NUL, CR, LF, C1 ...) and the Unicode line and paragraph separators. */
    public static boolean hasControlCharacters(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    private boolean tooMany(String field, List<String> values) {
        if (values.size() > MAX_LIST) {
            problem(field, "may name at most " + MAX_LIST + " entries (it has " + values.size() + ")");
            return true;
        }
        return false;
    }
}
