package io.smsnotifier.it;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The user's own gateway gets the established self-integration JSON with the configured headers. */
class WebhookDeliveryTests extends VendorIntegrationTest {

    @Test
    void smsEventForTheGatewayIsPostedAsTypeOneWithRenderedTextSignatureAndHeaders() {
        String eventId = uniqueId("wh-sms");
        List<String> phones = newPhones(2);
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(null, null, null, phones, null), "gateway", "ORDER_NOTIFY",
                Map.of("username", "u001", "amount", "100.00")));

        List<SmsDelivered> outcomes = awaitOutcomes(eventId, 2);

        assertThat(outcomes).allSatisfy(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.service()).isEqualTo("gateway");
        });
        assertThat(gateway.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/sms");
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + GATEWAY_TOKEN);
            assertThat(request.header("X-Tenant")).isEqualTo("t1");
            assertThat(request.header("Content-Type")).startsWith("application/json");
            List<String> mobiles = java.util.stream.StreamSupport.stream(
                    request.json().path("Data").path("Mobiles").spliterator(), false).map(node -> node.asString()).toList();
            assertThat(mobiles).containsExactlyInAnyOrder(e164(phones.get(0)), e164(phones.get(1)));
            assertThat(request.json()).isEqualTo(EventJson.mapper().readTree("""
                    {"Type": 1, "Data": {"Mobiles": ["%s", "%s"], "Message": "Order for u001: amount 100.00",
                     "Signature": "MyCompany"}}""".formatted(mobiles.get(0), mobiles.get(1))));
        });
        assertThat(aliyun.requests()).isEmpty();
        assertThat(tencent.requests()).isEmpty();
    }

    @Test
    void voiceLoginCodeForTheGatewayIsPostedAsTypeTwoWithTheCode() {
        String eventId = uniqueId("wh-voice");
        String phone = newPhone();
        kafka().publish(new LoginCodeRequested(eventId, Instant.now(), e164(phone), "482913",
                Instant.now().plusSeconds(300), Channel.VOICE, "gateway", "SMS_LOGIN_1"));

        assertThat(awaitOutcomes(eventId, 1)).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.service()).isEqualTo("gateway");
        });
        assertThat(gateway.received()).singleElement().satisfies(request -> {
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + GATEWAY_TOKEN);
            assertThat(request.header("X-Tenant")).isEqualTo("t1");
            assertThat(request.json()).isEqualTo(EventJson.mapper().readTree(
                    "{\"Type\": 2, \"Data\": {\"Mobile\": \"" + e164(phone) + "\", \"Code\": \"482913\"}}"));
        });
        assertThat(aliyun.requests()).isEmpty();
        assertThat(tencent.requests()).isEmpty();
    }
}
