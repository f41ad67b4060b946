package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.recipients.Recipient;
import io.smsnotifier.worker.recipients.RecipientResolver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The directory follows the compacted {@code directory.members} / {@code directory.departments} topics. */
class DirectorySyncTests extends DirectoryIntegrationTest {

    @Autowired
    RecipientResolver resolver;

    @Test
    void memberMovedBetweenDepartmentsThenDeletedByTombstoneIsReachedOnlyWhereTheDirectoryPutsThem() {
        String s = suffix();
        String oldDepartment = "sync-old-" + s;
        String newDepartment = "sync-new-" + s;
        String mover = "sync-mover-" + s;
        String stayer = "sync-stayer-" + s;
        String moverPhone = mobile();
        String stayerPhone = mobile();
        publishDepartment(new DepartmentUpdated(oldDepartment, null, "Old"));
        publishDepartment(new DepartmentUpdated(newDepartment, null, "New"));
        publishMember(new MemberUpdated(stayer, "Stayer", stayerPhone, List.of(oldDepartment), List.of(), true));
        publishMember(new MemberUpdated(mover, "Mover", moverPhone, List.of(oldDepartment), List.of(), true));
        awaitMember(stayer, member -> member.departmentIds().equals(List.of(oldDepartment)));
        awaitMember(mover, member -> member.departmentIds().equals(List.of(oldDepartment)));

        publishMember(new MemberUpdated(mover, "Mover", moverPhone, List.of(newDepartment), List.of(), true));
        awaitMember(mover, member -> member.departmentIds().equals(List.of(newDepartment)));

        String toOld = notify(departments(oldDepartment));
        assertThat(outcomes(toOld, 1)).extracting(SmsDelivered::memberId, SmsDelivered::status)
                .containsExactly(tuple(stayer, DeliveryStatus.SENT));
        assertThat(smsPhones(toOld)).containsExactly(masked(stayerPhone));

        String toNew = notify(departments(newDepartment));
        assertThat(outcomes(toNew, 1)).extracting(SmsDelivered::memberId, SmsDelivered::phone, SmsDelivered::status)
                .containsExactly(tuple(mover, masked(moverPhone), DeliveryStatus.SENT));
        assertThat(smsPhones(toNew)).containsExactly(masked(moverPhone));

        deleteMember(mover);
        awaitNoMember(mover);

        String naming = notify(Recipients.ofMembers(mover));
        assertThat(outcomes(naming, 1)).singleElement().satisfies(outcome -> {
            assertThat(outcome.memberId()).isEqualTo(mover);
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SKIPPED);
            assertThat(outcome.errorCode()).isEqualTo("46001");
            assertThat(outcome.phone()).isNull();
        });
        assertThat(sandboxMessages(naming)).isEmpty();
    }

    @Test
    void subDepartmentsFollowTheDepartmentsTopicIncludingTombstones() {
        String s = suffix();
        String parent = "sync-parent-" + s;
        String child = "sync-child-" + s;
        String parentMember = "sync-pm-" + s;
        String childMember = "sync-cm-" + s;
        String parentPhone = mobile();
        String childPhone = mobile();
        publishMember(new MemberUpdated(parentMember, "P", parentPhone, List.of(parent), List.of(), true));
        publishMember(new MemberUpdated(childMember, "C", childPhone, List.of(child), List.of(), true));
        publishDepartment(new DepartmentUpdated(parent, null, "Parent"));
        publishDepartment(new DepartmentUpdated(child, parent, "Child"));
        awaitResolved(parent, List.of(parentMember, childMember));

        String before = notify(departments(parent));
        assertThat(outcomes(before, 2)).extracting(SmsDelivered::memberId, SmsDelivered::status)
                .containsExactlyInAnyOrder(tuple(parentMember, DeliveryStatus.SENT),
                        tuple(childMember, DeliveryStatus.SENT));
        assertThat(smsPhones(before)).containsExactlyInAnyOrder(masked(parentPhone), masked(childPhone));

        deleteDepartment(child);
        awaitResolved(parent, List.of(parentMember));

        String after = notify(departments(parent));
        assertThat(outcomes(after, 1)).extracting(SmsDelivered::memberId).containsExactly(parentMember);
        assertThat(smsPhones(after)).containsExactly(masked(parentPhone));
    }

    /** Waits until naming {@code department} resolves to exactly {@code memberIds}. */
    private void awaitResolved(String department, List<String> memberIds) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(resolver.resolve(departments(department))).extracting(Recipient::memberId)
                        .containsExactlyInAnyOrderElementsOf(memberIds));
    }
}
