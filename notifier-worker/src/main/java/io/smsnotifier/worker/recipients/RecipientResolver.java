package io.smsnotifier.worker.recipients;

import io.smsnotifier.events.Recipients;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an event's recipients into the numbers to send to: members, departments, roles and raw phones,
 * normalised to E.164, inactive members dropped, each number once. Thread-safe.
 */
@Service
public class RecipientResolver {

    private final Members members;
    private final PhoneNumbers phoneNumbers;
    private final int maxPerEvent;

    RecipientResolver(Members members, PhoneNumbers phoneNumbers, RecipientProperties properties) {
        this.members = members;
        this.phoneNumbers = phoneNumbers;
        this.maxPerEvent = properties.maxPerEvent();
    }

    /**
     * Resolves {@code recipients}: explicit members, every member of each department (and of its
     * sub-departments unless {@code includeSubDepartments} is false), every member holding each role, and raw
     * phones. Members without a usable number come back unreachable with the reason; raw
     * numbers that are invalid too.
     *
     * @throws PermanentDeliveryFailure {@code 46001} when nobody is named or found, or more than
     *                                  {@code notifier.recipients.max-per-event}
     */
    public List<Recipient> resolve(Recipients recipients) {
        Map<String, Recipient> byKey = new LinkedHashMap<>();
        Set<String> memberIds = new LinkedHashSet<>(recipients.members());
        List<DirectoryMember> found = memberIds.isEmpty() && recipients.departments().isEmpty()
                && recipients.roles().isEmpty() ? List.of()
                : members.findRecipients(memberIds, recipients.departments(),
                        Boolean.TRUE.equals(recipients.includeSubDepartments()), recipients.roles(), maxPerEvent + 1);
        if (found.size() > maxPerEvent) {
            throw tooMany();
        }
        Set<String> unknown = new LinkedHashSet<>(memberIds);
        for (DirectoryMember member : found) {
            unknown.remove(member.memberId());
            if (!member.active()) {
                // Named in person, the producer learns why nothing went out; reached through a department or a
                // role, someone who left is simply no longer part of it.
                if (memberIds.contains(member.memberId())) {
                    byKey.putIfAbsent("member:" + member.memberId(),
                            Recipient.unreachable(member.memberId(), member.phone(), "member is inactive"));
                }
                continue;
            }
            Recipient recipient = member.phoneE164() != null
                    ? Recipient.reachable(member.memberId(), member.phoneE164())
                    : Recipient.unreachable(member.memberId(), member.phone(), String.valueOf(member.phoneProblem()));
            byKey.putIfAbsent(recipient.key(), recipient);
        }
        for (String memberId : unknown) {
            Recipient recipient = Recipient.unreachable(memberId, null, "member not in the directory");
            byKey.putIfAbsent(recipient.key(), recipient);
        }
        for (String raw : recipients.phones()) {
            Recipient recipient = resolvePhone(raw);
            byKey.putIfAbsent(recipient.key(), recipient);
        }
        if (byKey.isEmpty()) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST,
                    "no recipients: the event's members, departments, roles and phones resolve to nobody");
        }
        if (byKey.size() > maxPerEvent) {
            throw tooMany();
        }
        return new ArrayList<>(byKey.values());
    }

    private PermanentDeliveryFailure tooMany() {
        return new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "the event resolves to more than "
                + "notifier.recipients.max-per-event=" + maxPerEvent + " recipients");
    }

    /** Resolves one raw number, as login codes carry. */
    public Recipient resolvePhone(@Nullable String raw) {
        PhoneNumbers.Normalised phone = phoneNumbers.normalise(raw);
        return phone.valid() ? Recipient.reachable(null, phone.e164())
                : Recipient.unreachable(null, raw, String.valueOf(phone.problem()));
    }
}
