package io.smsnotifier.it;

import io.smsnotifier.events.ApprovalReached;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.Initiator;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunSmsSimulator.AliyunCall;
import io.smsnotifier.it.simulators.Behaviour;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.smsnotifier.it.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/** Alibaba Cloud SMS through the real pipeline: request content, batching and each class of vendor error. */
class AliyunDeliveryTests extends VendorIntegrationTest {

    @Test
    void approvalIsSentWithNumbersWithoutCountryCodeSignNameTemplateAndParamsAsJson() {
        String eventId = uniqueId("ali-approval");
        List<String> phones = newPhones(2);
        kafka().publish(new ApprovalReached(eventId, Instant.now(), "PI-77", "Expense claim #42", "n-2",
                "Manager approval", new Initiator("u-7", "Alice"), new Recipients(null, null, null, phones, true),
                null, "SMS_123456789", Map.of()));

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 2);

        assertThat(aliyun.accepted()).singleElement().satisfies(call -> {
            assertThat(call.action()).isEqualTo("SendSms");
            assertThat(call.accessKeyId()).isEqualTo(ALIYUN_KEY_ID);
            assertThat(call.phoneNumbers()).containsExactlyInAnyOrderElementsOf(phones);
            assertThat(call.signName()).isEqualTo(SIGN_NAME);
            assertThat(call.templateCode()).isEqualTo("SMS_123456789");
            assertThat(call.templateParams()).isEqualTo(Map.of("userNick", "Alice",
                    "processTitle", "Expense claim #42"));
            assertThat(call.outId()).isNotBlank();
        });
        String bizId = aliyun.accepted().getFirst().bizId();
        assertThat(outcomes).allSatisfy(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.service()).isEqualTo("aliyun-main");
            assertThat(outcome.providerMessageId()).isEqualTo(bizId);
            assertThat(outcome.kind()).isEqualTo(Topics.APPROVAL_REACHED);
        });
        assertThat(outcomes).extracting(SmsDelivered::phone)
                .containsExactlyInAnyOrder(masked(phones.get(0)), masked(phones.get(1)));
        assertThat(tencent.requests()).isEmpty();
    }

    @Test
    void eventToFifteenHundredNumbersIsSentAsRequestsOfOneThousandAndFiveHundred() {
        String eventId = uniqueId("ali-batch");
        List<String> phones = newPhones(1_500);
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(null, null, null, phones, null), null, "ORDER_NOTIFY",
                Map.of("username", "u001", "amount", "100.00")));

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 1_500);

        assertThat(outcomes).extracting(SmsDelivered::status).containsOnly(DeliveryStatus.SENT);
        // In flight together: they may arrive in any order.
        assertThat(aliyun.accepted()).extracting(call -> call.phoneNumbers().size())
                .containsExactlyInAnyOrder(1_000, 500);
        assertThat(aliyun.accepted().stream().flatMap(call -> call.phoneNumbers().stream()))
                .containsExactlyInAnyOrderElementsOf(phones);
    }

    @Test
    void numberTheVendorCallsIllegalIsFailedWhileTheOthersAreSent() {
        String eventId = uniqueId("ali-illegal");
        List<String> phones = newPhones(3);
        String illegal = phones.get(1);
        aliyun.behaviour(call -> Behaviour.perNumber(Map.of(illegal, "isv.MOBILE_NUMBER_ILLEGAL")));
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(null, null, null, phones, null), null, "ORDER_NOTIFY",
                Map.of("username", "u001", "amount", "1")));

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 3);

        assertThat(outcomes).filteredOn(outcome -> outcome.phone().equals(masked(illegal))).singleElement()
                .satisfies(outcome -> {
                    assertThat(outcome.status()).isEqualTo(DeliveryStatus.FAILED);
                    assertThat(outcome.errorCode()).isEqualTo("46002");
                    assertThat(outcome.providerErrorCode()).isEqualTo("isv.MOBILE_NUMBER_ILLEGAL");
                    assertThat(outcome.service()).isEqualTo("aliyun-main");
                });
        assertThat(outcomes).filteredOn(outcome -> !outcome.phone().equals(masked(illegal)))
                .hasSize(2).extracting(SmsDelivered::status).containsOnly(DeliveryStatus.SENT);
        assertThat(aliyun.accepted().stream().flatMap(call -> call.phoneNumbers().stream()))
                .containsExactlyInAnyOrder(phones.get(0), phones.get(2));
        assertThat(tencent.requests()).isEmpty();
    }

    @Test
    void templateTheVendorRefusesIsDeadLetteredWithTheVendorCode() {
        String eventId = uniqueId("ali-template");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones(newPhone()), null,
                "SMS_NOT_AT_VENDOR", Map.of("name", "Bob")));

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(Topics.SMS_NOTIFY, eventId);

        assertThat(header(deadLetter, "notifier-error-code")).isEqualTo("46002");
        assertThat(header(deadLetter, "notifier-provider-error-code")).isEqualTo("isv.SMS_TEMPLATE_ILLEGAL");
        assertThat(aliyun.requests(AliyunCall::isSend)).hasSize(1);
        assertThat(tencent.requests()).isEmpty();
    }

    @Test
    void retryableErrorFailsOverPastTencentWhenTheTemplateHasNoTencentCodeAndIsRetriedInPlace() {
        String eventId = uniqueId("ali-retry");
        String phone = newPhone();
        aliyun.failNext(1, Behaviour.vendorError("isp.SYSTEM_ERROR"));
        gateway.failNext(1, Behaviour.httpError(503));
        // ORDER_NOTIFY has no code at tencent-main (Tencent would refuse Alibaba Cloud's template code): failover
        // skips it for the gateway, which takes rendered text. Both fail, so the event is retried in place.
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones(phone), null,
                "ORDER_NOTIFY", Map.of("username", "u001", "amount", "1")));

        assertThat(awaitOutcomes(eventId, 1)).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.service()).isEqualTo("aliyun-main");
        });
        assertThat(aliyun.requests(AliyunCall::isSend)).extracting(AliyunCall::code)
                .containsExactly("isp.SYSTEM_ERROR", "OK");
        assertThat(aliyun.sentTo(phone)).hasSize(1);
        assertThat(gateway.received()).singleElement().satisfies(request -> {
            assertThat(request.answeredStatus()).isEqualTo(503);
            assertThat(request.json().path("Data").path("Mobiles").get(0).asString()).isEqualTo(e164(phone));
        });
        assertThat(tencent.requests()).isEmpty();
    }

    /**
     * A vendor that takes the request and answers after the read timeout may well have sent it: the number is in
     * doubt, never sent through Tencent Cloud at once (which sent it a second time before issue 19); the retry asks
     * Alibaba Cloud by the request's OutId, finds it and settles SENT without sending again.
     */
    @Test
    void anAnswerSlowerThanTheReadTimeoutIsAskedAboutNotSentAgainElsewhere() {
        String eventId = uniqueId("ali-slow");
        String phone = newPhone();
        aliyun.failNext(1, Behaviour.slow(java.time.Duration.ofSeconds(4)));
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones(phone), null,
                "SMS_123456789", Map.of("userNick", "Alice", "processTitle", "Trip")));

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 1);
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.service()).isEqualTo("aliyun-main");
        });
        assertThat(aliyun.sentTo(phone)).as("one SMS").hasSize(1);
        assertThat(aliyun.requests(call -> call.action().equals("QuerySendDetails"))).as("asked, not resent")
                .isNotEmpty();
        assertThat(tencent.requests()).as("no failover on a lost answer").isEmpty();
    }

}
