package io.smsnotifier.it;

import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.providers.sandbox.SandboxMessage;
import io.smsnotifier.worker.recipients.Directory;
import io.smsnotifier.worker.recipients.DirectoryMemberView;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * What the directory tests share on top of {@link WorkerIntegrationTest} (same context, same broker, same
 * database): publishing on {@code directory.members} / {@code directory.departments}, and numbers and ids of
 * their own so tests never reach each other's members.
 */
abstract class DirectoryIntegrationTest extends WorkerIntegrationTest {

    static final String TEMPLATE_TEXT = "Order for u001: amount 1.00";

    @Autowired
    Directory directory;

    /** Publishes on {@code directory.members} and waits for the broker's acknowledgement. */
    static void publishMember(MemberUpdated member) {
        kafka().publishMember(member);
    }

    static void publishDepartment(DepartmentUpdated department) {
        kafka().publishDepartment(department);
    }

    static void deleteMember(String memberId) {
        kafka().deleteMember(memberId);
    }

    static void deleteDepartment(String departmentId) {
        kafka().deleteDepartment(departmentId);
    }

    /** A short random suffix for the ids of one test. */
    static String suffix() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    /** A valid mainland mobile number in E.164 that no other test uses: {@code +86139} and eight digits. */
    static String mobile() {
        return "+86139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    /** The number as outcomes, the sandbox and the API show it. */
    static String masked(String e164) {
        return PhoneMask.mask(e164);
    }

    /** Publishes an {@code sms.notify} event with the ORDER_NOTIFY template and returns its event id. */
    static String notify(Recipients recipients) {
        String eventId = uniqueId("dir-notify");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), recipients, null, "ORDER_NOTIFY",
                Map.of("username", "u001", "amount", "1.00")));
        return eventId;
    }

    static Recipients departments(String... departmentIds) {
        return new Recipients(null, List.of(departmentIds), null, null, null);
    }

    /**
     * Waits for {@code count} outcomes of {@code eventId} and returns every outcome of it on the topic by then
     * (an event's outcomes are published together, so more than {@code count} shows up here as a failure).
     */
    static List<SmsDelivered> outcomes(String eventId, int count) {
        kafka().awaitOutcomes(Topics.DELIVERY, eventId, count);
        return kafka().readAll(Topics.DELIVERY, record -> eventId.equals(record.key())).stream()
                .map(record -> EventJson.mapper().readValue(record.value(), SmsDelivered.class))
                .toList();
    }

    /** The masked numbers the sandbox was given for {@code eventId}. */
    List<String> smsPhones(String eventId) {
        return sandboxMessages(eventId).stream().map(SandboxMessage::phone).toList();
    }

    /** Waits until the member is in the directory, as sync or import stored it. */
    void awaitMember(String memberId, Predicate<DirectoryMemberView> state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.findMember(memberId).filter(state).isPresent());
    }

    void awaitNoMember(String memberId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.findMember(memberId), Optional::isEmpty);
    }

}
