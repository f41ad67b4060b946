package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two worker instances on one database and one broker: a service created, edited, disabled, enabled and deleted
 * through one instance's admin API is in force on the other within 2 s, without a restart. Each instance proves
 * it by a test send through the real Alibaba Cloud SDK to the simulator (which checks the signature, so the
 * other instance opened the sealed secret), and events naming the service deliver through it.
 */
class CatalogLiveTests {

    private static final Duration LIVE_WITHIN = Duration.ofSeconds(2);
    private static final String KEY_ID = "LTAI5tLiveKeyId000001";
    private static final String SECRET = "live-secret-2b8d0c44e1";
    private static final String DLT = Topics.deadLetterOf(Topics.SMS_NOTIFY);

    private static final AliyunSmsSimulator aliyun = new AliyunSmsSimulator(KEY_ID, SECRET);
    private static TwoWorkers workers;
    private static AdminApiClient first;
    private static AdminApiClient second;

    @BeforeAll
    static void startTwoWorkers() {
        workers = new TwoWorkers(2, "sms-notify", "--notifier.catalog.poll-interval=500ms");
        first = AdminApiClient.of(workers.first);
        second = AdminApiClient.of(workers.second);
    }

    @AfterAll
    static void stop() {
        workers.close();
        aliyun.close();
    }

    @Test
    void aServiceManagedThroughOneInstanceIsInForceOnBothWithinTwoSeconds() {
        HttpResponse<String> created = first.post("/api/sms/services", """
                {"name": "ali-live", "type": "aliyun", "priority": 50, "endpoint": "http://%s", "accessKey": "%s",
                 "accessSecret": "%s", "signName": "LiveOne", "readTimeout": "2s"}"""
                .formatted(aliyun.endpoint(), KEY_ID, SECRET));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        awaitInForce(second);

        assertThat(testSend(second, "+8613800138201")).isEqualTo("SENT");
        assertThat(testSend(first, "+8613800138202")).isEqualTo("SENT");
        assertThat(aliyun.sentTo("13800138201")).singleElement()
                .satisfies(call -> assertThat(call.signName()).isEqualTo("LiveOne"));
        List<String> events = publishNaming("ali-live", 6);
        for (String eventId : events) {
            assertThat(workers.kafka.awaitOutcomes(Topics.DELIVERY, eventId, 1)).singleElement().satisfies(outcome -> {
                assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
                assertThat(outcome.service()).isEqualTo("ali-live");
            });
        }

        // An edit through the second instance: the first sends with the new sign name.
        HttpResponse<String> edited = second.exchange("PUT", "/api/sms/services/ali-live", """
                {"type": "aliyun", "priority": 50, "endpoint": "http://%s", "signName": "LiveTwo",
                 "readTimeout": "2s"}""".formatted(aliyun.endpoint()), "If-Match", "\"1\"");
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        awaitInForce(first);
        assertThat(testSend(first, "+8613800138203")).isEqualTo("SENT");
        assertThat(aliyun.sentTo("13800138203")).singleElement()
                .satisfies(call -> assertThat(call.signName()).isEqualTo("LiveTwo"));

        // Disabled through the first: the second refuses it, and an event naming it dead-letters saying why.
        assertThat(first.post("/api/sms/services/ali-live/disable", "{}").statusCode()).isEqualTo(200);
        awaitInForce(second);
        assertThat(second.post("/api/sms/services/ali-live/test", "{\"phone\": \"+8613800138204\"}").statusCode())
                .isEqualTo(400);
        String parked = publishNaming("ali-live", 1).getFirst();
        JsonNode letter = await().atMost(Duration.ofSeconds(30))
                .until(() -> listedDeadLetter(first, parked), found -> found != null);
        assertThat(letter.path("reason").asString()).contains("'ali-live' is not an enabled service")
                .contains("replay once the service is back");

        // Enabled through the second: the replay through the first delivers through it.
        assertThat(second.post("/api/sms/services/ali-live/enable", "{}").statusCode()).isEqualTo(200);
        awaitInForce(first);
        awaitInForce(second);
        assertThat(first.replay(DLT, letter.path("partition").asInt(), letter.path("offset").asLong()).statusCode())
                .isEqualTo(200);
        assertThat(workers.kafka.awaitOutcomes(Topics.DELIVERY, parked, 1)).singleElement()
                .satisfies(outcome -> {
                    assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
                    assertThat(outcome.service()).isEqualTo("ali-live");
                });

        // Deleted through the second: gone on the first.
        assertThat(second.exchange("DELETE", "/api/sms/services/ali-live", null).statusCode()).isEqualTo(204);
        awaitInForce(first);
        assertThat(first.get("/api/sms/services/ali-live").statusCode()).isEqualTo(404);
        assertThat(first.post("/api/sms/services/ali-live/test", "{\"phone\": \"+8613800138205\"}").statusCode())
                .isEqualTo(400);
        List<String> actions = AdminApiClient.json(first.get("/api/audit?target=service:ali-live&size=20"))
                .path("items").findValuesAsString("action");
        assertThat(actions).filteredOn(action -> !action.equals("service.test")).containsExactly("service.delete",
                "service.enable", "service.disable", "service.update", "service.create");
        assertThat(actions).as("every test send is audited too").contains("service.test");
    }

    /**
     * Waits at most {@link #LIVE_WITHIN} for {@code instance} to have the latest stored change in force, and prints
     * how long it took from the answer to the change.
     */
    private static void awaitInForce(AdminApiClient instance) {
        long started = System.nanoTime();
        await().atMost(LIVE_WITHIN).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            JsonNode versions = AdminApiClient.json(instance.get("/api/sms/catalog"));
            assertThat(versions.path("inForce").asLong()).isEqualTo(versions.path("stored").asLong());
        });
        System.out.printf("[catalog-live] in force on %s %d ms after the change answered%n",
                instance == first ? "first" : "second", (System.nanoTime() - started) / 1_000_000);
    }

    private static String testSend(AdminApiClient instance, String phone) {
        HttpResponse<String> sent = instance.post("/api/sms/services/ali-live/test", "{\"phone\": \"" + phone + "\"}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        return AdminApiClient.json(sent).path("status").asString();
    }

    /** Publishes {@code count} events naming {@code service}, keyed apart so that both instances get some. */
    private static List<String> publishNaming(String service, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String eventId = "live-" + i + "-" + UUID.randomUUID();
            ids.add(eventId);
            workers.kafka.publish(new SmsNotificationRequested(eventId, Instant.now(),
                    new Recipients(null, null, null, List.of("+86138001383" + String.format("%02d", ids.size())),
                            null), service, "ORDER_NOTIFY", Map.of("username", "u" + i, "amount", "1.00")));
        }
        return ids;
    }

    private static JsonNode listedDeadLetter(AdminApiClient instance, String key) {
        JsonNode page = AdminApiClient.json(instance.deadLetters(DLT, "size=500&state=pending"));
        for (JsonNode item : page.path("items")) {
            if (key.equals(item.path("key").asString())) {
                return item;
            }
        }
        return null;
    }
}
