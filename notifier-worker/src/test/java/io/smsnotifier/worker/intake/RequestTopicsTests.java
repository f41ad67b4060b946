package io.smsnotifier.worker.intake;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.delivery.DeliveryRequest;
import io.smsnotifier.worker.delivery.Lane;
import io.smsnotifier.worker.delivery.LedgerDays;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.topics.NotifierTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class RequestTopicsTests {

    private static final String APPROVAL = """
            {"eventId": "e-1", "occurredAt": "2026-11-21T10:00:00Z", "processInstanceId": "PI-77",
             "processTitle": "Expense claim #42", "initiator": {"memberId": "u-7", "nick": "Alice"},
             "recipients": {"members": ["u-1"]}, "templateCode": "SMS_1",
             "params": {"deadline": "Friday", "userNick": "Mallory", "processTitle": "forged"}}
            """;

    /** The day of the events below: the ledger keeps it and the 30 before. */
    private static final LedgerDays LEDGER_DAYS = new LedgerDays(Duration.ofDays(30),
            Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC));

    private final RequestTopics table = new RequestTopics(topics("approval.reached"), new EventDecoder(), LEDGER_DAYS);

    @Test
    void namesEveryListenerAndGroupAsTheCommittedOffsetsKnowThem() {
        assertThat(table.all()).extracting(RequestTopic::id, RequestTopic::groupId, RequestTopic::retriesId,
                RequestTopic::topic, RequestTopic::lane).containsExactly(
                tuple("approval-reached", "sms-notifier.approval-reached", "approval-reached-retries",
                        Topics.APPROVAL_REACHED, Lane.BULK),
                tuple("approval-cc", "sms-notifier.approval-cc", "approval-cc-retries", Topics.APPROVAL_CC, Lane.BULK),
                tuple("sms-notify", "sms-notifier.sms-notify", "sms-notify-retries", Topics.SMS_NOTIFY, Lane.BULK),
                tuple("login-code", "sms-notifier.login-code", "login-code-retries", Topics.LOGIN_CODE,
                        Lane.LOGIN_CODE));
    }

    @Test
    void loginCodesHaveContainersOfTheirOwn() {
        assertThat(table.all()).extracting(RequestTopic::batchListenerFactory, RequestTopic::recordListenerFactory)
                .containsExactly(
                        tuple(KafkaConfiguration.REQUEST_BATCH_LISTENER_FACTORY,
                                KafkaConfiguration.REQUEST_LISTENER_FACTORY),
                        tuple(KafkaConfiguration.REQUEST_BATCH_LISTENER_FACTORY,
                                KafkaConfiguration.REQUEST_LISTENER_FACTORY),
                        tuple(KafkaConfiguration.REQUEST_BATCH_LISTENER_FACTORY,
                                KafkaConfiguration.REQUEST_LISTENER_FACTORY),
                        tuple(KafkaConfiguration.LOGIN_CODE_BATCH_LISTENER_FACTORY,
                                KafkaConfiguration.LOGIN_CODE_LISTENER_FACTORY));
    }

    @Test
    void aRenamedTopicKeepsItsListenerAndGroup() {
        RequestTopic renamed = new RequestTopics(topics("acme.approvals"), new EventDecoder(), LEDGER_DAYS).all().getFirst();

        assertThat(renamed.topic()).isEqualTo("acme.approvals");
        assertThat(renamed.groupId()).isEqualTo("sms-notifier.approval-reached");
    }

    @Test
    void anApprovalsTitleAndInitiatorAlwaysReachTheTemplate() {
        for (RequestTopic approvals : table.all().subList(0, 2)) {
            DeliveryRequest request = approvals.decoder().decode(bytes(APPROVAL), "attempt-1");

            assertThat(request.params()).containsOnly(Map.entry("deadline", "Friday"),
                    Map.entry("processTitle", "Expense claim #42"), Map.entry("userNick", "Alice"));
            assertThat(request.kind()).isEqualTo(approvals.topic());
            assertThat(request.lane()).isEqualTo(Lane.BULK);
            assertThat(request.attemptId()).isEqualTo("attempt-1");
        }
    }

    @Test
    void aLoginCodeBecomesARequestToItsOneNumberThatExpires() {
        DeliveryRequest request = table.all().getLast().decoder().decode(bytes("""
                {"eventId": "lc-9", "occurredAt": "2026-11-21T10:00:00Z", "phone": "+8613800138000",
                 "code": "482913", "expiresAt": "2026-11-21T10:05:00Z", "channel": "sms",
                 "templateCode": "SMS_LOGIN_1"}"""), "attempt-2");

        assertThat(request.kind()).isEqualTo(Topics.LOGIN_CODE);
        assertThat(request.lane()).isEqualTo(Lane.LOGIN_CODE);
        assertThat(request.channel()).isEqualTo(Channel.SMS);
        assertThat(request.params()).containsOnly(Map.entry("code", "482913"));
        assertThat(request.recipients().phones()).containsExactly("+8613800138000");
        assertThat(request.expiresAt()).isEqualTo(Instant.parse("2026-11-21T10:05:00Z"));
    }

    @Test
    void aRecordsAttemptNamesItsHolderAndPosition() {
        RequestTopic notify = table.all().get(2);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("sms.notify", 1, 42L, "n-5", bytes("""
                {"eventId": "n-5", "occurredAt": "2026-11-21T10:00:00Z", "recipients": {"phones": ["13700137000"]},
                 "templateCode": "ORDER_NOTIFY"}"""));

        DeliveryRequest request = notify.decode(record, "worker-1|member-1#3");

        assertThat(request.attemptId()).isEqualTo("worker-1|member-1#3|sms.notify/1/42");
        assertThat(request.kind()).isEqualTo(Topics.SMS_NOTIFY);
    }

    @Test
    void anInvalidRecordIsRefusedByItsTopicsDecoder() {
        assertThatThrownBy(() -> table.all().get(2).decoder().decode(bytes("{}"), "attempt-3"))
                .isInstanceOf(InvalidEvent.class).hasMessageStartingWith("missing required fields eventId");
    }

    @Test
    void anEventOlderThanTheLedgerKeepsOrAheadOfTheClockIsRefused() {
        RequestTopic notify = table.all().get(2);
        String event = """
                {"eventId": "n-6", "occurredAt": "%s", "recipients": {"phones": ["13700137000"]},
                 "templateCode": "ORDER_NOTIFY"}""";

        assertThat(notify.decoder().decode(bytes(event.formatted("2026-10-22T00:00:00Z")), "a").occurredAt())
                .as("the oldest day kept").isEqualTo(Instant.parse("2026-10-22T00:00:00Z"));
        assertThatThrownBy(() -> notify.decoder().decode(bytes(event.formatted("2026-10-21T23:59:59Z")), "a"))
                .isInstanceOf(PermanentDeliveryFailure.class)
                .hasMessage("occurredAt (day 2026-10-21) is older than the 30 days the ledger keeps"
                        + " (notifier.retention.deliveries): whether the event was already sent can no longer be told");
        assertThat(notify.decoder().decode(bytes(event.formatted("2026-11-22T23:59:59Z")), "a").occurredAt())
                .as("tomorrow, a producer's clock a little ahead").isEqualTo(Instant.parse("2026-11-22T23:59:59Z"));
        assertThatThrownBy(() -> notify.decoder().decode(bytes(event.formatted("2026-11-23T00:00:00Z")), "a"))
                .isInstanceOf(PermanentDeliveryFailure.class)
                .hasMessage("occurredAt (day 2026-11-23) is more than a day ahead of this worker's clock (2026-11-21)");
    }

    private static NotifierTopics topics(String approvalReached) {
        return new NotifierTopics(approvalReached, Topics.APPROVAL_CC, Topics.LOGIN_CODE, Topics.SMS_NOTIFY,
                Topics.DELIVERY, Topics.DIRECTORY_MEMBERS, Topics.DIRECTORY_DEPARTMENTS, 3, (short) 1,
                Duration.ofHours(1));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
