package io.smsnotifier.it;

import io.smsnotifier.events.ApprovalCarbonCopied;
import io.smsnotifier.events.ApprovalReached;
import io.smsnotifier.events.Channel;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.Initiator;
import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.providers.sandbox.SandboxMessage;
import io.smsnotifier.worker.recipients.Directory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Each request event kind, as the contract's examples show it, becomes a rendered SMS and a SENT outcome. */
class RequestEventsDeliveryTests extends WorkerIntegrationTest {

    @Autowired
    Directory directory;

    @BeforeEach
    void directory() {
        directory.saveMember(new MemberUpdated("u-1", "Bob", "+8613900139000", List.of("d-9"), List.of("finance"),
                true));
    }

    @Test
    void approvalReachedExampleIsRenderedAndDeliveredAsSent() {
        String eventId = uniqueId("e");
        kafka().publish(new ApprovalReached(eventId, Instant.parse("2026-11-21T10:00:00Z"), "PI-77",
                "Expense claim #42", "n-2", "Manager approval", new Initiator("u-7", "Alice"),
                new Recipients(List.of("u-1"), List.of("d-9"), List.of("finance"), null, true), null,
                "SMS_123456789", Map.of("deadline", "Friday")));

        List<SmsDelivered> outcomes = kafka().awaitOutcomes(Topics.DELIVERY, eventId, 1);

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.kind()).isEqualTo("approval.reached");
            assertThat(outcome.memberId()).isEqualTo("u-1");
            assertThat(outcome.phone()).isEqualTo("+86139****9000");
            assertThat(outcome.service()).isEqualTo("sandbox");
            assertThat(outcome.attempt()).isEqualTo(1);
        });
        assertThat(sandboxMessages(eventId)).singleElement().satisfies(message -> {
            assertThat(message.text()).isEqualTo("Alice submitted Expense claim #42, please approve");
            assertThat(message.phone()).isEqualTo("+86139****9000");
            assertThat(message.templateCode()).isEqualTo("SMS_123456789");
        });
    }

    @Test
    void approvalCcExampleFillsExtraParameters() {
        String eventId = uniqueId("cc");
        kafka().publish(new ApprovalCarbonCopied(eventId, Instant.now(), "PI-77", "Expense claim #42", "n-2",
                "Manager approval", new Initiator("u-7", "Alice"), Recipients.ofMembers("u-1"), null, "SMS_CC_1",
                Map.of("deadline", "Friday")));

        assertThat(kafka().awaitOutcomes(Topics.DELIVERY, eventId, 1))
                .extracting(SmsDelivered::status).containsExactly(DeliveryStatus.SENT);
        assertThat(sandboxMessages(eventId)).extracting(SandboxMessage::text)
                .containsExactly("Alice copied you on Expense claim #42 (due Friday)");
    }

    @Test
    void loginCodeExampleReachesThePhoneWithItsCode() {
        String eventId = uniqueId("lc");
        kafka().publish(new LoginCodeRequested(eventId, Instant.now(), "+8613800138000", "482913",
                Instant.now().plus(5, ChronoUnit.MINUTES), Channel.SMS, null, "SMS_LOGIN_1"));

        assertThat(kafka().awaitOutcomes(Topics.DELIVERY, eventId, 1)).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.kind()).isEqualTo("login.code");
            assertThat(outcome.phone()).isEqualTo("+86138****8000");
        });
        assertThat(sandboxMessages(eventId)).extracting(SandboxMessage::text)
                .containsExactly("Your login code is 482913. It expires in 5 minutes.");
    }

    @Test
    void expiredLoginCodeIsNotSent() {
        String eventId = uniqueId("lc-expired");
        kafka().publish(new LoginCodeRequested(eventId, Instant.now().minusSeconds(600), "+8613800138000", "111111",
                Instant.now().minusSeconds(300), Channel.SMS, null, "SMS_LOGIN_1"));

        assertThat(kafka().awaitOutcomes(Topics.DELIVERY, eventId, 1))
                .extracting(SmsDelivered::status).containsExactly(DeliveryStatus.EXPIRED);
        assertThat(sandboxMessages(eventId)).isEmpty();
    }

    @Test
    void smsNotifyExampleReachesMembersAndRawPhones() {
        directory.saveMember(new MemberUpdated("u-2", "Carol", "+8613700137001", List.of("d-1"), List.of(), true));
        String eventId = uniqueId("n");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(List.of(), List.of("d-1"), List.of(), List.of("13700137000"), null), null,
                "ORDER_NOTIFY", Map.of("username", "u001", "amount", "100.00")));

        List<SmsDelivered> outcomes = kafka().awaitOutcomes(Topics.DELIVERY, eventId, 2);

        assertThat(outcomes).extracting(SmsDelivered::phone, SmsDelivered::status).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("+86137****7001", DeliveryStatus.SENT),
                org.assertj.core.groups.Tuple.tuple("+86137****7000", DeliveryStatus.SENT));
        assertThat(sandboxMessages(eventId)).extracting(SandboxMessage::text)
                .containsOnly("Order for u001: amount 100.00").hasSize(2);
    }

    @Test
    void memberWithoutPhoneIsSkippedWithTheReason() {
        directory.saveMember(new MemberUpdated("u-3", "Dave", null, List.of(), List.of(), true));
        String eventId = uniqueId("skip");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofMembers("u-1", "u-3"),
                null, "ORDER_NOTIFY", Map.of("username", "u001", "amount", "1")));

        List<SmsDelivered> outcomes = kafka().awaitOutcomes(Topics.DELIVERY, eventId, 2);

        assertThat(outcomes).extracting(SmsDelivered::memberId, SmsDelivered::status).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("u-1", DeliveryStatus.SENT),
                org.assertj.core.groups.Tuple.tuple("u-3", DeliveryStatus.SKIPPED));
        assertThat(sandboxMessages(eventId)).hasSize(1);
    }

    @Test
    void sameEventPublishedTwiceSendsOneSmsPerNumber() {
        String eventId = uniqueId("dup");
        SmsNotificationRequested event = new SmsNotificationRequested(eventId, Instant.now(),
                Recipients.ofPhones("13700137000", "+86 137 0013 7000", "13800138000"), null, "ORDER_NOTIFY",
                Map.of("username", "u001", "amount", "5"));
        kafka().publish(event);
        kafka().awaitOutcomes(Topics.DELIVERY, eventId, 2);

        kafka().publish(event);
        String marker = uniqueId("after-dup");
        kafka().publish(new SmsNotificationRequested(marker, Instant.now(), Recipients.ofPhones("13800138000"), null,
                "ORDER_NOTIFY", Map.of("username", "u001", "amount", "5")));
        kafka().awaitOutcomes(Topics.DELIVERY, marker, 1);
        await().untilAsserted(() -> assertThat(sandboxMessages(marker)).hasSize(1));

        assertThat(sandboxMessages(eventId)).extracting(SandboxMessage::phone)
                .containsExactlyInAnyOrder("+86137****7000", "+86138****8000");
        assertThat(kafka().readAll(Topics.DELIVERY, record -> eventId.equals(record.key()))).hasSize(2);
    }
}
