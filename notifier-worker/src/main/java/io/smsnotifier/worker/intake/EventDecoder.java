package io.smsnotifier.worker.intake;

import io.smsnotifier.events.ApprovalCarbonCopied;
import io.smsnotifier.events.ApprovalReached;
import io.smsnotifier.events.Channel;
import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.Initiator;
import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.worker.recipients.EntryLimits;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

import java.util.stream.Collectors;

/**
 * Decodes request and directory events from JSON and checks their required fields ({@link RequiredFields}) and
 * every field's limits ({@link FieldLimits}; a directory entry's are {@link EntryLimits}, which the directory import
 * applies too). Reasons name the field and never repeat a value from the payload (it may hold a login code or a
 * phone number). Thread-safe.
 */
@Component
class EventDecoder {

    /** Larger payloads are refused before parsing: no valid event comes near it. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    ApprovalReached approvalReached(byte @Nullable [] payload) {
        ApprovalReached event = read(payload, ApprovalReached.class);
        requireApproval(event.eventId(), event.occurredAt(), event.processInstanceId(), event.processTitle(),
                event.initiator(), event.recipients(), event.templateCode());
        new FieldLimits().approval(event.eventId(), event.processInstanceId(), event.processTitle(), event.initiator(),
                event.recipients(), event.smsService(), event.templateCode(), event.params()).throwIfAny();
        return event;
    }

    ApprovalCarbonCopied approvalCarbonCopied(byte @Nullable [] payload) {
        ApprovalCarbonCopied event = read(payload, ApprovalCarbonCopied.class);
        requireApproval(event.eventId(), event.occurredAt(), event.processInstanceId(), event.processTitle(),
                event.initiator(), event.recipients(), event.templateCode());
        new FieldLimits().approval(event.eventId(), event.processInstanceId(), event.processTitle(), event.initiator(),
                event.recipients(), event.smsService(), event.templateCode(), event.params()).throwIfAny();
        return event;
    }

    LoginCodeRequested loginCodeRequested(byte @Nullable [] payload) {
        LoginCodeRequested event = read(payload, LoginCodeRequested.class);
        RequiredFields missing = new RequiredFields()
                .check("eventId", event.eventId())
                .check("occurredAt", event.occurredAt())
                .check("phone", event.phone())
                .check("code", event.code())
                .check("expiresAt", event.expiresAt());
        if (event.channel() == Channel.SMS) {
            missing.check("templateCode", event.templateCode());
        }
        missing.throwIfAny();
        new FieldLimits().id("eventId", event.eventId(), FieldLimits.EVENT_ID)
                .text("phone", event.phone(), 32)
                .matches("code", event.code(), FieldLimits.LOGIN_CODE, "1-16 letters or digits")
                .name("smsService", event.smsService())
                .name("templateCode", event.templateCode())
                .throwIfAny();
        return event;
    }

    SmsNotificationRequested smsNotificationRequested(byte @Nullable [] payload) {
        SmsNotificationRequested event = read(payload, SmsNotificationRequested.class);
        new RequiredFields()
                .check("eventId", event.eventId())
                .check("occurredAt", event.occurredAt())
                .check("recipients", event.recipients())
                .check("templateCode", event.templateCode())
                .throwIfAny();
        new FieldLimits().id("eventId", event.eventId(), FieldLimits.EVENT_ID)
                .recipients(event.recipients())
                .name("smsService", event.smsService())
                .name("templateCode", event.templateCode())
                .params(event.params())
                .throwIfAny();
        return event;
    }

    MemberUpdated memberUpdated(byte @Nullable [] payload) {
        MemberUpdated member = read(payload, MemberUpdated.class);
        new RequiredFields().check("memberId", member.memberId()).throwIfAny();
        FieldLimits.throwIfAny(EntryLimits.of(member));
        return member;
    }

    DepartmentUpdated departmentUpdated(byte @Nullable [] payload) {
        DepartmentUpdated department = read(payload, DepartmentUpdated.class);
        new RequiredFields().check("departmentId", department.departmentId()).throwIfAny();
        FieldLimits.throwIfAny(EntryLimits.of(department));
        return department;
    }

    private static void requireApproval(String eventId, Object occurredAt, String processInstanceId,
                                        String processTitle, @Nullable Initiator initiator,
                                        @Nullable Recipients recipients, String templateCode) {
        RequiredFields missing = new RequiredFields()
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
}
