package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.providers.sandbox.SandboxMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.smsnotifier.it.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Who an event reaches through the directory: departments, sub-departments, roles and raw phones, each once. */
class DirectoryRecipientResolutionTests extends DirectoryIntegrationTest {

    @Test
    void departmentReachesItsSubDepartmentsThreeLevelsDownUnlessExcluded() {
        String s = suffix();
        String a = "res-a-" + s;
        String b = "res-b-" + s;
        String c = "res-c-" + s;
        directory.saveDepartments(List.of(new DepartmentUpdated(a, null, "A"), new DepartmentUpdated(b, a, "B"),
                new DepartmentUpdated(c, b, "C")));
        String phoneA = mobile();
        String phoneB = mobile();
        String phoneC = mobile();
        directory.saveMembers(List.of(member("res-ma-" + s, phoneA, List.of(a), List.of()),
                member("res-mb-" + s, phoneB, List.of(b), List.of()),
                member("res-mc-" + s, phoneC, List.of(c), List.of())));

        String withSubDepartments = notify(departments(a));
        String withoutSubDepartments = notify(new Recipients(null, List.of(a), null, null, false));

        assertThat(outcomes(withSubDepartments, 3)).extracting(SmsDelivered::memberId, SmsDelivered::status)
                .containsExactlyInAnyOrder(tuple("res-ma-" + s, DeliveryStatus.SENT),
                        tuple("res-mb-" + s, DeliveryStatus.SENT), tuple("res-mc-" + s, DeliveryStatus.SENT));
        assertThat(sandboxMessages(withSubDepartments)).extracting(SandboxMessage::phone, SandboxMessage::text)
                .containsExactlyInAnyOrder(tuple(masked(phoneA), TEMPLATE_TEXT), tuple(masked(phoneB), TEMPLATE_TEXT),
                        tuple(masked(phoneC), TEMPLATE_TEXT));
        assertThat(outcomes(withoutSubDepartments, 1)).extracting(SmsDelivered::memberId, SmsDelivered::status)
                .containsExactly(tuple("res-ma-" + s, DeliveryStatus.SENT));
        assertThat(smsPhones(withoutSubDepartments)).containsExactly(masked(phoneA));
    }

    @Test
    void memberNamedManyWaysAndByTheirOwnNumberGetsOneSms() {
        String s = suffix();
        String memberId = "res-many-" + s;
        String first = "res-d1-" + s;
        String second = "res-d2-" + s;
        String role = "res-role-" + s;
        String phone = mobile();
        directory.saveDepartments(List.of(new DepartmentUpdated(first, null, "One"),
                new DepartmentUpdated(second, null, "Two")));
        directory.saveMember(member(memberId, phone, List.of(first, second), List.of(role)));
        String nationalNumber = phone.substring(3);

        String eventId = notify(new Recipients(List.of(memberId), List.of(first, second), List.of(role),
                List.of(nationalNumber), true));

        assertThat(outcomes(eventId, 1)).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.phone()).isEqualTo(masked(phone));
        });
        assertThat(smsPhones(eventId)).containsExactly(masked(phone));
    }

    @Test
    void inactiveMemberNamedInPersonIsSkippedNotThroughItsDepartmentAndInvalidNumberIsSkippedBesideAValidOne() {
        String s = suffix();
        String department = "res-mixed-" + s;
        String valid = "res-valid-" + s;
        String invalid = "res-invalid-" + s;
        String inactive = "res-inactive-" + s;
        String validPhone = mobile();
        String inactivePhone = mobile();
        directory.saveMembers(List.of(member(valid, validPhone, List.of(department), List.of()),
                member(invalid, "+86139123", List.of(department), List.of()),
                new MemberUpdated(inactive, "Gone", inactivePhone, List.of(department), List.of(), false)));

        String eventId = notify(new Recipients(List.of(inactive), List.of(department), null, null, null));
        String throughDepartment = notify(departments(department));

        assertThat(outcomes(eventId, 3)).extracting(SmsDelivered::memberId, SmsDelivered::status,
                        SmsDelivered::errorCode)
                .containsExactlyInAnyOrder(tuple(valid, DeliveryStatus.SENT, null),
                        tuple(invalid, DeliveryStatus.SKIPPED, "46001"),
                        tuple(inactive, DeliveryStatus.SKIPPED, "46001"));
        assertThat(smsPhones(eventId)).containsExactly(masked(validPhone));
        assertThat(outcomes(throughDepartment, 2)).extracting(SmsDelivered::memberId)
                .containsExactlyInAnyOrder(valid, invalid);
    }

    @Test
    void departmentCycleResolvesWithoutHangingAndReachesEachMemberOnce() {
        String s = suffix();
        String x = "res-x-" + s;
        String y = "res-y-" + s;
        directory.saveDepartments(List.of(new DepartmentUpdated(x, y, "X"), new DepartmentUpdated(y, x, "Y")));
        String phoneX = mobile();
        String phoneY = mobile();
        directory.saveMembers(List.of(member("res-mx-" + s, phoneX, List.of(x), List.of()),
                member("res-my-" + s, phoneY, List.of(y), List.of())));

        String eventId = notify(departments(x));

        assertThat(outcomes(eventId, 2)).extracting(SmsDelivered::memberId, SmsDelivered::status)
                .containsExactlyInAnyOrder(tuple("res-mx-" + s, DeliveryStatus.SENT),
                        tuple("res-my-" + s, DeliveryStatus.SENT));
        assertThat(smsPhones(eventId)).containsExactlyInAnyOrder(masked(phoneX), masked(phoneY));
    }

    @Test
    void eventNamingOnlyAnEmptyDepartmentIsDeadLetteredAsHavingNoRecipients() {
        String department = "res-empty-" + suffix();
        directory.saveDepartments(List.of(new DepartmentUpdated(department, null, "Empty")));

        String eventId = notify(departments(department));

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(Topics.SMS_NOTIFY, eventId);
        assertThat(header(deadLetter, "notifier-error-code")).isEqualTo("46001");
        assertThat(header(deadLetter, "notifier-reason")).contains("no recipients");
        assertThat(sandboxMessages(eventId)).isEmpty();
        assertThat(kafka().readAll(Topics.DELIVERY, record -> eventId.equals(record.key()))).isEmpty();
    }

    private static MemberUpdated member(String memberId, String phone, List<String> departmentIds,
                                        List<String> roleIds) {
        return new MemberUpdated(memberId, memberId, phone, departmentIds, roleIds, true);
    }
}
