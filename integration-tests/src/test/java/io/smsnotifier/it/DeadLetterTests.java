package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static io.smsnotifier.it.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;

/** What cannot be decoded or delivered goes to the dead-letter topic with a reason and blocks nothing. */
class DeadLetterTests extends WorkerIntegrationTest {

    @Test
    void garbageBytesAreDeadLetteredAndTheNextRecordIsStillDelivered() {
        String badKey = uniqueId("garbage");
        kafka().publishRaw(Topics.SMS_NOTIFY, badKey, new byte[] {(byte) 0xff, 0x00, 0x13, '{', '"'});
        String goodId = publishGoodNotification();

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(Topics.SMS_NOTIFY, badKey);

        assertThat(header(deadLetter, "notifier-error-code")).isEqualTo("46001");
        assertThat(header(deadLetter, "notifier-reason")).startsWith("not valid JSON");
        assertThat(header(deadLetter, "notifier-original-topic")).isEqualTo(Topics.SMS_NOTIFY);
        assertThat(header(deadLetter, "notifier-original-offset")).isNotBlank();
        assertThat(header(deadLetter, "notifier-attempts")).isEqualTo("1");
        assertThat(header(deadLetter, "notifier-first-failed-at")).isNotBlank();
        assertThat(deadLetter.value()).startsWith((byte) 0xff, 0x00);
        assertThat(kafka().awaitOutcomes(Topics.DELIVERY, goodId, 1))
                .extracting(SmsDelivered::status).containsExactly(DeliveryStatus.SENT);
    }

    @Test
    void eventWithoutEventIdIsDeadLetteredNamingTheField() {
        String key = uniqueId("no-event-id");
        kafka().publishRaw(Topics.SMS_NOTIFY, key, """
                {"occurredAt": "2026-11-21T10:00:00Z", "recipients": {"phones": ["13700137000"]},
                 "templateCode": "ORDER_NOTIFY", "params": {"username": "u001", "amount": "1"}}
                """.getBytes(StandardCharsets.UTF_8));
        String goodId = publishGoodNotification();

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(Topics.SMS_NOTIFY, key);

        assertThat(header(deadLetter, "notifier-error-code")).isEqualTo("46001");
        assertThat(header(deadLetter, "notifier-reason")).isEqualTo("missing required field eventId");
        assertThat(kafka().awaitOutcomes(Topics.DELIVERY, goodId, 1)).hasSize(1);
    }

    @Test
    void unknownTemplateAndMissingParametersAreDeadLetteredWithTheirNames() {
        String unknownTemplate = uniqueId("unknown-template");
        kafka().publish(new SmsNotificationRequested(unknownTemplate, Instant.now(), Recipients.ofPhones("13700137000"),
                null, "NO_SUCH_TEMPLATE", Map.of()));
        String missingParams = uniqueId("missing-params");
        kafka().publish(new SmsNotificationRequested(missingParams, Instant.now(), Recipients.ofPhones("13700137000"),
                null, "ORDER_NOTIFY", Map.of("username", "u001")));

        assertThat(header(awaitDeadLetter(Topics.SMS_NOTIFY, unknownTemplate), "notifier-reason"))
                .contains("unknown template 'NO_SUCH_TEMPLATE'");
        assertThat(header(awaitDeadLetter(Topics.SMS_NOTIFY, missingParams), "notifier-reason"))
                .isEqualTo("template 'ORDER_NOTIFY' is missing parameters [amount]");
        assertThat(sandboxMessages(unknownTemplate)).isEmpty();
        assertThat(sandboxMessages(missingParams)).isEmpty();
    }

    @Test
    void loginCodeDeadLetterNeverCarriesTheCode() {
        String key = uniqueId("lc-no-template");
        kafka().publishRaw(Topics.LOGIN_CODE, key, ("{\"eventId\": \"" + key + "\", \"occurredAt\": \""
                + Instant.now() + "\", \"phone\": \"+8613800138000\", \"code\": \"739104\", \"expiresAt\": \""
                + Instant.now().plusSeconds(300) + "\", \"channel\": \"sms\"}").getBytes(StandardCharsets.UTF_8));
        String garbageKey = uniqueId("lc-garbage");
        kafka().publishRaw(Topics.LOGIN_CODE, garbageKey, "code=739105 not json".getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(Topics.LOGIN_CODE, key);
        ConsumerRecord<String, byte[]> garbage = awaitDeadLetter(Topics.LOGIN_CODE, garbageKey);

        assertThat(header(deadLetter, "notifier-reason")).isEqualTo("missing required field templateCode");
        assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).doesNotContain("739104")
                .contains("+8613800138000".substring(0, 3));
        assertThat(EventJson.mapper().readTree(deadLetter.value()).has("code")).isFalse();
        assertThat(garbage.value()).isNull();
        assertThat(header(garbage, "notifier-redacted")).isEqualTo("code");
        for (ConsumerRecord<String, byte[]> record : new ConsumerRecord[] {deadLetter, garbage}) {
            for (Header header : record.headers()) {
                assertThat(new String(header.value(), StandardCharsets.UTF_8)).doesNotContain("73910");
            }
        }
    }

    private String publishGoodNotification() {
        String eventId = uniqueId("good");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones("13700137000"), null,
                "ORDER_NOTIFY", Map.of("username", "u001", "amount", "1")));
        return eventId;
    }
}
