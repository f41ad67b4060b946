package io.smsnotifier.worker.intake;

import io.smsnotifier.events.Initiator;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.worker.support.FieldChecks;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks each field's length and characters, so that one oversized or hostile field is refused here, with a
 * reason that names the field and its limit (never the value), instead of failing a database statement shared
 * with the other events of its round or reaching a log line. A field that is absent passes: {@link RequiredFields}
 * decides what is required. The rules shared with the directory import are {@link FieldChecks}'s.
 */
final class FieldLimits {

    /** Event ids: visible ASCII, no spaces, as any UUID, ULID or "service-sequence" id is. */
    static final Pattern EVENT_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    /** Directory ids (members, departments, roles): any text up to 128 characters without control characters. */
    static final Pattern TEXT_ID = FieldChecks.TEXT_ID;
    /** Template codes and service names: what vendors and configuration keys use. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    static final Pattern LOGIN_CODE = Pattern.compile("[A-Za-z0-9]{1,16}");
    static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    static final int TEXT = FieldChecks.TEXT;
    static final int MAX_PARAMS = 50;

    private final FieldChecks checks = new FieldChecks();

    FieldLimits id(String field, @Nullable String value, Pattern pattern) {
        return matches(field, value, pattern, pattern == EVENT_ID
                ? "1-128 visible ASCII characters, no spaces" : FieldChecks.TEXT_ID_RULE);
    }

    FieldLimits name(String field, @Nullable String value) {
        return matches(field, value, NAME, "1-64 letters, digits, '_', '.', ':' or '-'");
    }

    FieldLimits matches(String field, @Nullable String value, Pattern pattern, String rule) {
        checks.matches(field, value, pattern, rule);
        return this;
    }

    FieldLimits text(String field, @Nullable String value, int maxLength) {
        checks.text(field, value, maxLength);
        return this;
    }

    FieldLimits recipients(@Nullable Recipients recipients) {
        if (recipients != null) {
            checks.ids("recipients.members", recipients.members())
                    .ids("recipients.departments", recipients.departments())
                    .ids("recipients.roles", recipients.roles())
                    .phones("recipients.phones", recipients.phones());
        }
        return this;
    }

    FieldLimits params(@Nullable Map<String, String> params) {
        if (params == null) {
            return this;
        }
        if (params.size() > MAX_PARAMS) {
            checks.problem("params", "may have at most " + MAX_PARAMS + " entries (it has " + params.size() + ")");
            return this;
        }
        params.forEach((name, value) -> {
            if (!PARAM_NAME.matcher(name).matches()) {
                checks.problem("params", "must have names of 1-64 letters, digits or '_', not starting with a digit");
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
        throwIfAny(checks.problems());
    }

    /** Refuses the event with up to five of {@code problems}, or does nothing when there are none. */
    static void throwIfAny(List<FieldChecks.Problem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidEvent(String.join("; ",
                    problems.stream().map(FieldChecks.Problem::toString).distinct().limit(5).toList()));
        }
    }
}
