package io.smsnotifier.worker.intake;

import io.smsnotifier.events.Initiator;
import io.smsnotifier.events.Recipients;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks each field's length and characters, so that one oversized or hostile field is refused here, with a
 * reason that names the field and its limit (never the value), instead of failing a database statement shared
 * with the other events of its round or reaching a log line. A field that is absent passes: {@link RequiredFields}
 * decides what is required.
 */
final class FieldLimits {

    /** Event ids: visible ASCII, no spaces, as any UUID, ULID or "service-sequence" id is. */
    static final Pattern EVENT_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    /** Directory ids (members, departments, roles): any text up to 128 characters without control characters. */
    static final Pattern TEXT_ID = Pattern.compile("[^\\p{Cntrl}\\u2028\\u2029]{1,128}");
    /** Template codes and service names: what vendors and configuration keys use. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    static final Pattern LOGIN_CODE = Pattern.compile("[A-Za-z0-9]{1,16}");
    static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    static final int TEXT = 512;
    static final int MAX_PARAMS = 50;
    /** Per recipient list; the resolved fan-out has its own cap (notifier.recipients.max-per-event). */
    static final int MAX_LIST = 10_000;

    private final List<String> problems = new ArrayList<>();

    FieldLimits id(String field, @Nullable String value, Pattern pattern) {
        return matches(field, value, pattern, pattern == EVENT_ID
                ? "1-128 visible ASCII characters, no spaces" : "1-128 characters, no control characters");
    }

    FieldLimits name(String field, @Nullable String value) {
        return matches(field, value, NAME, "1-64 letters, digits, '_', '.', ':' or '-'");
    }

    FieldLimits matches(String field, @Nullable String value, Pattern pattern, String rule) {
        if (value != null && !pattern.matcher(value).matches()) {
            problems.add(field + " must be " + rule + (value.length() > 128 ? " (it has " + value.length()
                    + " characters)" : ""));
        }
        return this;
    }

    FieldLimits text(String field, @Nullable String value, int maxLength) {
        if (value != null && (value.length() > maxLength || hasControlCharacters(value))) {
            problems.add(field + " must be at most " + maxLength + " characters without control characters"
                    + (value.length() > maxLength ? " (it has " + value.length() + ")" : ""));
        }
        return this;
    }

    FieldLimits ids(String field, @Nullable List<String> values) {
        if (values == null || tooMany(field, values)) {
            return this;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || !TEXT_ID.matcher(value).matches()) {
                problems.add(field + "[" + i + "] must be 1-128 characters, no control characters");
                break;
            }
        }
        return this;
    }

    FieldLimits phones(String field, @Nullable List<String> values) {
        if (values == null || tooMany(field, values)) {
            return this;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            // An invalid but short number is settled SKIPPED with its reason, not refused with the event.
            if (value != null && (value.length() > 32 || hasControlCharacters(value))) {
                problems.add(field + "[" + i + "] must be at most 32 characters without control characters");
                break;
            }
        }
        return this;
    }

    private boolean tooMany(String field, List<String> values) {
        if (values.size() > MAX_LIST) {
            problems.add(field + " may name at most " + MAX_LIST + " entries (it has " + values.size() + ")");
            return true;
        }
        return false;
    }

    FieldLimits recipients(@Nullable Recipients recipients) {
        if (recipients == null) {
            return this;
        }
        return ids("recipients.members", recipients.members())
                .ids("recipients.departments", recipients.departments())
                .ids("recipients.roles", recipients.roles())
                .phones("recipients.phones", recipients.phones());
    }

    FieldLimits params(@Nullable Map<String, String> params) {
        if (params == null) {
            return this;
        }
        if (params.size() > MAX_PARAMS) {
            problems.add("params may have at most " + MAX_PARAMS + " entries (it has " + params.size() + ")");
            return this;
        }
        params.forEach((name, value) -> {
            if (!PARAM_NAME.matcher(name).matches()) {
                problems.add("params: a name must be 1-64 letters, digits or '_', not starting with a digit");
            } else {
                text("params." + name, value, TEXT);
            }
        });
        return this;
    }

    FieldLimits approval(@Nullable String eventId, @Nullable String processInstanceId, @Nullable String processTitle,
                    @Nullable Initiator initiator, @Nullable Recipients recipients, @Nullable String smsService,
                    @Nullable String templateCode, @Nullable Map<String, String> params) {
        id("eventId", eventId, EVENT_ID).id("processInstanceId", processInstanceId, TEXT_ID)
                .text("processTitle", processTitle, TEXT);
        if (initiator != null) {
            id("initiator.memberId", initiator.memberId(), TEXT_ID).text("initiator.nick", initiator.nick(), TEXT);
        }
        return recipients(recipients).name("smsService", smsService).name("templateCode", templateCode)
                .params(params);
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidEvent(String.join("; ", problems.stream().distinct().limit(5).toList()));
        }
    }

    private static boolean hasControlCharacters(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }
}
