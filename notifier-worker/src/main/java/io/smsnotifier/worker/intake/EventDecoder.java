package io.smsnotifier.worker.intake;

import io.smsnotifier.events.ApprovalCarbonCopied;
import io.smsnotifier.events.ApprovalReached;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.Initiator;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Channel;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decodes request events from JSON and checks their required fields. Reasons name the field and never repeat
 * a value from the payload (it may hold a login code or a phone number). Thread-safe.
 */
@Component
class EventDecoder {

    /** Larger payloads are refused before parsing: no valid event comes near it. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    ApprovalReached approvalReached(byte @Nullable [] payload) {
        ApprovalReached event = read(payload, ApprovalReached.class);
        requireApproval(event.eventId(), event.occurredAt(), event.processInstanceId(), event.processTitle(),
                event.initiator(), event.recipients(), event.templateCode());
        new Limits().approval(event.eventId(), event.processInstanceId(), event.processTitle(), event.initiator(),
                event.recipients(), event.smsService(), event.templateCode(), event.params()).throwIfAny();
        return event;
    }

    ApprovalCarbonCopied approvalCarbonCopied(byte @Nullable [] payload) {
        ApprovalCarbonCopied event = read(payload, ApprovalCarbonCopied.class);
        requireApproval(event.eventId(), event.occurredAt(), event.processInstanceId(), event.processTitle(),
                event.initiator(), event.recipients(), event.templateCode());
        new Limits().approval(event.eventId(), event.processInstanceId(), event.processTitle(), event.initiator(),
                event.recipients(), event.smsService(), event.templateCode(), event.params()).throwIfAny();
        return event;
    }

    LoginCodeRequested loginCodeRequested(byte @Nullable [] payload) {
        LoginCodeRequested event = read(payload, LoginCodeRequested.class);
        Missing missing = new Missing()
                .check("eventId", event.eventId())
                .check("occurredAt", event.occurredAt())
                .check("phone", event.phone())
                .check("code", event.code())
                .check("expiresAt", event.expiresAt());
        if (event.channel() == Channel.SMS) {
            missing.check("templateCode", event.templateCode());
        }
        missing.throwIfAny();
        new Limits().id("eventId", event.eventId(), Limits.EVENT_ID)
                .text("phone", event.phone(), 32)
                .matches("code", event.code(), Limits.LOGIN_CODE, "1-16 letters or digits")
                .name("smsService", event.smsService())
                .name("templateCode", event.templateCode())
                .throwIfAny();
        return event;
    }

    SmsNotificationRequested smsNotificationRequested(byte @Nullable [] payload) {
        SmsNotificationRequested event = read(payload, SmsNotificationRequested.class);
        new Missing()
                .check("eventId", event.eventId())
                .check("occurredAt", event.occurredAt())
                .check("recipients", event.recipients())
                .check("templateCode", event.templateCode())
                .throwIfAny();
        new Limits().id("eventId", event.eventId(), Limits.EVENT_ID)
                .recipients(event.recipients())
                .name("smsService", event.smsService())
                .name("templateCode", event.templateCode())
                .params(event.params())
                .throwIfAny();
        return event;
    }

    MemberUpdated memberUpdated(byte @Nullable [] payload) {
        MemberUpdated member = read(payload, MemberUpdated.class);
        new Missing().check("memberId", member.memberId()).throwIfAny();
        Limits limits = new Limits().id("memberId", member.memberId(), Limits.TEXT_ID)
                .text("nick", member.nick(), Limits.TEXT);
        // A number that does not parse is kept and skipped when sent to; only its size is refused here.
        limits.text("phone", member.phone(), 32);
        limits.ids("departmentIds", member.departmentIds()).ids("roleIds", member.roleIds()).throwIfAny();
        return member;
    }

    DepartmentUpdated departmentUpdated(byte @Nullable [] payload) {
        DepartmentUpdated department = read(payload, DepartmentUpdated.class);
        new Missing().check("departmentId", department.departmentId()).throwIfAny();
        new Limits().id("departmentId", department.departmentId(), Limits.TEXT_ID)
                .id("parentId", department.parentId(), Limits.TEXT_ID)
                .text("name", department.name(), Limits.TEXT)
                .throwIfAny();
        return department;
    }

    private static void requireApproval(String eventId, Object occurredAt, String processInstanceId,
                                        String processTitle, @Nullable Initiator initiator,
                                        @Nullable Recipients recipients, String templateCode) {
        Missing missing = new Missing()
                .check("eventId", eventId)
                .check("occurredAt", occurredAt)
                .check("processInstanceId", processInstanceId)
                .check("processTitle", processTitle)
                .check("initiator", initiator);
        if (initiator != null) {
            missing.check("initiator.nick", initiator.nick());
        }
        missing.check("recipients", recipients)
                .check("templateCode", templateCode)
                .throwIfAny();
    }

    private static <T> T read(byte @Nullable [] payload, Class<T> type) {
        if (payload == null || payload.length == 0) {
            throw new InvalidEvent("empty record value: expected a JSON " + type.getSimpleName());
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new InvalidEvent("record value of " + payload.length + " bytes exceeds the "
                    + MAX_PAYLOAD_BYTES + "-byte limit for an event");
        }
        try {
            T event = EventJson.mapper().readValue(payload, type);
            if (event == null) {
                throw new InvalidEvent("record value is JSON null: expected a " + type.getSimpleName());
            }
            return event;
        } catch (StreamReadException e) {
            throw new InvalidEvent("not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (DatabindException e) {
            String path = e.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
                            : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new InvalidEvent(path.isEmpty()
                    ? "JSON does not have the shape of a " + type.getSimpleName()
                    : "field '" + path + "' has the wrong type or value in " + type.getSimpleName());
        } catch (JacksonException e) {
            throw new InvalidEvent("could not decode a " + type.getSimpleName() + ": " + e.getClass().getSimpleName());
        }
    }

    /**
     * Checks each field's length and characters, so that one oversized or hostile field is refused here, with a
     * reason that names the field and its limit (never the value), instead of failing a database statement shared
     * with the other events of its round or reaching a log line. A field that is absent passes: {@link Missing}
     * decides what is required.
     */
    static final class Limits {

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

        Limits id(String field, @Nullable String value, Pattern pattern) {
            return matches(field, value, pattern, pattern == EVENT_ID
                    ? "1-128 visible ASCII characters, no spaces" : "1-128 characters, no control characters");
        }

        Limits name(String field, @Nullable String value) {
            return matches(field, value, NAME, "1-64 letters, digits, '_', '.', ':' or '-'");
        }

        Limits matches(String field, @Nullable String value, Pattern pattern, String rule) {
            if (value != null && !pattern.matcher(value).matches()) {
                problems.add(field + " must be " + rule + (value.length() > 128 ? " (it has " + value.length()
                        + " characters)" : ""));
            }
            return this;
        }

        Limits text(String field, @Nullable String value, int maxLength) {
            if (value != null && (value.length() > maxLength || hasControlCharacters(value))) {
                problems.add(field + " must be at most " + maxLength + " characters without control characters"
                        + (value.length() > maxLength ? " (it has " + value.length() + ")" : ""));
            }
            return this;
        }

        Limits ids(String field, @Nullable List<String> values) {
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

        Limits phones(String field, @Nullable List<String> values) {
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

        Limits recipients(@Nullable Recipients recipients) {
            if (recipients == null) {
                return this;
            }
            return ids("recipients.members", recipients.members())
                    .ids("recipients.departments", recipients.departments())
                    .ids("recipients.roles", recipients.roles())
                    .phones("recipients.phones", recipients.phones());
        }

        Limits params(@Nullable Map<String, String> params) {
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

        Limits approval(@Nullable String eventId, @Nullable String processInstanceId, @Nullable String processTitle,
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

    /** Collects the names of required fields that are absent or blank. */
    private static final class Missing {

        private final List<String> names = new ArrayList<>();

        Missing check(String name, @Nullable Object value) {
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
}
