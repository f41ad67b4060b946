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
        return event;
    }

    ApprovalCarbonCopied approvalCarbonCopied(byte @Nullable [] payload) {
        ApprovalCarbonCopied event = read(payload, ApprovalCarbonCopied.class);
        requireApproval(event.eventId(), event.occurredAt(), event.processInstanceId(), event.processTitle(),
                event.initiator(), event.recipients(), event.templateCode());
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
        return event;
    }

    MemberUpdated memberUpdated(byte @Nullable [] payload) {
        MemberUpdated member = read(payload, MemberUpdated.class);
        new Missing().check("memberId", member.memberId()).throwIfAny();
        return member;
    }

    DepartmentUpdated departmentUpdated(byte @Nullable [] payload) {
        DepartmentUpdated department = read(payload, DepartmentUpdated.class);
        new Missing().check("departmentId", department.departmentId()).throwIfAny();
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
