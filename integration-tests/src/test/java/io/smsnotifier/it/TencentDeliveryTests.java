package io.smsnotifier.it;

import io.smsnotifier.events.ApprovalReached;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.Initiator;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.Behaviour;
import io.smsnotifier.it.simulators.TencentSmsSimulator.TencentCall;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.smsnotifier.it.AdminApiClient.json;
import static io.smsnotifier.it.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/** Tencent Cloud SMS through the real pipeline: E.164, positional parameters, partial success, batching. */
class TencentDeliveryTests extends VendorIntegrationTest {

    @Test
    void eventNamingTencentSendsE164NumbersAppIdTemplateCodeAndParametersInDeclaredOrder() {
        String eventId = uniqueId("tc-send");
        List<String> phones = newPhones(2);
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(null, null, null, phones, null), "tencent-main", "SHIP_NOTICE",
                Map.of("day", "Friday", "parcel", "P-42", "name", "Bob")));

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 2);

        assertThat(tencent.accepted()).singleElement().satisfies(call -> {
            assertThat(call.secretId()).isEqualTo(TENCENT_SECRET_ID);
            assertThat(call.phoneNumbers()).containsExactlyInAnyOrder(e164(phones.get(0)), e164(phones.get(1)));
            assertThat(call.smsSdkAppId()).isEqualTo(SDK_APP_ID);
            assertThat(call.signName()).isEqualTo(SIGN_NAME);
            assertThat(call.templateId()).isEqualTo("2233445");
            assertThat(call.templateParams()).containsExactly("Bob", "P-42", "Friday");
            assertThat(call.sessionContext()).isNotBlank();
        });
        assertThat(outcomes).allSatisfy(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.service()).isEqualTo("tencent-main");
            assertThat(outcome.providerMessageId()).startsWith("2433:");
        });
        assertThat(aliyun.requests()).isEmpty();
    }

    @Test
    void blacklistedNumberIsFailedWithTheVendorCodeWhileTheOthersAreSent() {
        String eventId = uniqueId("tc-partial");
        List<String> phones = newPhones(3);
        String blacklisted = phones.get(2);
        tencent.failNumbers(Map.of(e164(blacklisted), "FailedOperation.PhoneNumberInBlacklist"));
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(null, null, null, phones, null), "tencent-main", "SMS_123456789",
                Map.of("userNick", "Alice", "processTitle", "Trip")));

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 3);

        assertThat(tencent.requests()).hasSize(1);
        assertThat(outcomes).filteredOn(outcome -> outcome.phone().equals(masked(blacklisted))).singleElement()
                .satisfies(outcome -> {
                    assertThat(outcome.status()).isEqualTo(DeliveryStatus.FAILED);
                    assertThat(outcome.errorCode()).isEqualTo("46002");
                    assertThat(outcome.providerErrorCode()).isEqualTo("FailedOperation.PhoneNumberInBlacklist");
                    assertThat(outcome.service()).isEqualTo("tencent-main");
                });
        assertThat(outcomes).filteredOn(outcome -> !outcome.phone().equals(masked(blacklisted))).hasSize(2)
                .allSatisfy(outcome -> {
                    assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
                    assertThat(outcome.errorCode()).isNull();
                });
        assertThat(aliyun.requests()).isEmpty();
        assertThat(gateway.received()).isEmpty();
    }

    @Test
    void eventToFourHundredFiftyNumbersIsSentAsThreeRequestsOfAtMostTwoHundred() {
        String eventId = uniqueId("tc-batch");
        List<String> phones = newPhones(450);
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(null, null, null, phones, null), "tencent-main", "SMS_123456789",
                Map.of("userNick", "Alice", "processTitle", "Trip")));

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 450);

        assertThat(outcomes).extracting(SmsDelivered::status).containsOnly(DeliveryStatus.SENT);
        // In flight together: they may arrive in any order.
        assertThat(tencent.accepted()).extracting(call -> call.phoneNumbers().size())
                .containsExactlyInAnyOrder(200, 200, 50);
        assertThat(tencent.accepted().stream().flatMap(call -> call.sentNumbers().stream()))
                .containsExactlyInAnyOrderElementsOf(phones.stream().map(VendorIntegrationTest::e164).toList());
    }

    /**
     * An approval to 1,000 members is five requests of 200: with the vendor taking 1 s to answer each (half the
     * read timeout), they are at the vendor together ({@code notifier.sms.requests-per-message}, 8), not one
     * round trip after the other.
     */
    @Test
    void aThousandMemberApprovalsFiveRequestsAreAtTheVendorTogetherAndReachEveryNumberOnce() {
        String eventId = uniqueId("tc-together");
        List<String> phones = newPhones(1_000);
        tencent.latency(Duration.ofSeconds(1));
        kafka().publish(new ApprovalReached(eventId, Instant.now(), "PI-21", "Budget 2027", "n-1", "Finance",
                new Initiator("u-9", "Bob"), new Recipients(null, null, null, phones, null), "tencent-main",
                "SMS_123456789", Map.of()));

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 1_000);

        assertThat(outcomes).extracting(SmsDelivered::status).containsOnly(DeliveryStatus.SENT);
        assertThat(outcomes).extracting(SmsDelivered::phone).doesNotHaveDuplicates();
        assertThat(tencent.mostAtOnce()).as("requests the vendor was answering at once").isEqualTo(5);
        assertThat(tencent.accepted()).hasSize(5)
                .allSatisfy(call -> assertThat(call.phoneNumbers()).hasSize(200));
        assertThat(tencent.accepted().stream().flatMap(call -> call.sentNumbers().stream()))
                .as("every number once").containsExactlyInAnyOrderElementsOf(phones.stream()
                        .map(VendorIntegrationTest::e164).toList());
        assertThat(aliyun.requests()).as("nothing in doubt, nothing sent elsewhere").isEmpty();
        assertThat(gateway.received()).isEmpty();
    }

    @Test
    void templateTheVendorRefusesIsDeadLetteredWithTheVendorCodeAndNotFailedOver() {
        String eventId = uniqueId("tc-template");
        tencent.failNext(1, Behaviour.vendorError("FailedOperation.TemplateIncorrectOrUnapproved"));
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones(newPhone()),
                "tencent-main", "SMS_123456789", Map.of("userNick", "Alice", "processTitle", "Trip")));

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(Topics.SMS_NOTIFY, eventId);

        assertThat(header(deadLetter, "notifier-error-code")).isEqualTo("46002");
        assertThat(header(deadLetter, "notifier-provider-error-code"))
                .isEqualTo("FailedOperation.TemplateIncorrectOrUnapproved");
        assertThat(tencent.requests()).extracting(TencentCall::errorCode)
                .containsExactly("FailedOperation.TemplateIncorrectOrUnapproved");
        assertThat(gateway.received()).isEmpty();
        assertThat(aliyun.requests()).isEmpty();
    }

    /** A setting the adapter declares (here {@code senderId}) is read, checked, stored and sent with nothing else. */
    @Test
    void aStoredServiceSendsTheSenderIdItsAdapterDeclares() {
        String service = """
                {"name": "tencent-intl", "type": "tencent", "priority": 90, "endpoint": "http://%s",
                 "secretId": "%s", "secretKey": "%s", "sdkAppId": "%s", "signName": "%s", "senderId": "%s"}""";
        HttpResponse<String> refused = admin().post("/api/sms/services", service.formatted(tencent.endpoint(),
                TENCENT_SECRET_ID, TENCENT_SECRET_KEY, SDK_APP_ID, SIGN_NAME, "not an id!"));
        assertThat(json(refused).path("errors").findValuesAsString("field")).as(refused.body())
                .containsExactly("senderId");

        HttpResponse<String> created = admin().post("/api/sms/services", service.formatted(tencent.endpoint(),
                TENCENT_SECRET_ID, TENCENT_SECRET_KEY, SDK_APP_ID, SIGN_NAME, "AcmeIntl"));
        try {
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(json(created).path("settings").path("senderId").asString()).isEqualTo("AcmeIntl");
            // The template approved at the simulator, under its code at the new service.
            assertThat(admin().post("/api/sms/templates", """
                    {"code": "INTL_NOTICE", "content": "${userNick} submitted ${processTitle}, please approve",
                     "params": ["userNick", "processTitle"], "codes": {"tencent-intl": "1234567"}}""").statusCode())
                    .isEqualTo(201);
            HttpResponse<String> sent = admin().post("/api/sms/services/tencent-intl/test", """
                    {"phone": "+85291234567", "templateCode": "INTL_NOTICE",
                     "params": {"userNick": "Alice", "processTitle": "Trip"}}""");
            assertThat(json(sent).path("status").asString()).as(sent.body()).isEqualTo("SENT");
            assertThat(tencent.accepted()).singleElement().satisfies(call ->
                    assertThat(call.senderId()).isEqualTo("AcmeIntl"));
        } finally {
            admin().exchange("DELETE", "/api/sms/templates/INTL_NOTICE", null);
            admin().exchange("DELETE", "/api/sms/services/tencent-intl", null);
        }
    }
}
