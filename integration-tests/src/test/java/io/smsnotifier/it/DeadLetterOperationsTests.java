package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.recipients.Directory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Ops see what failed and why, replay it after a fix (delivered once), or discard it with a reason. */
class DeadLetterOperationsTests extends WorkerIntegrationTest {

    private static final String DLT = Topics.deadLetterOf(Topics.SMS_NOTIFY);

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Autowired
    Directory directory;

    @Test
    void listsShowsAndReplaysADeadLetterAfterTheFixDeliveringOnce() throws Exception {
        String department = uniqueId("empty-dept");
        String eventId = uniqueId("dl-replay");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(List.of(), List.of(department), List.of(), List.of(), null), null,
                "ORDER_NOTIFY", Map.of("username", "u001", "amount", "9")));
        JsonNode letter = awaitListed(eventId);

        assertThat(letter.get("errorCode").asString()).isEqualTo("46001");
        assertThat(letter.get("state").asString()).isEqualTo("PENDING");
        assertThat(letter.get("attempts").asInt()).isEqualTo(1);
        String at = "/api/deadletters/" + DLT + "/" + letter.get("partition").asInt() + "/" + letter.get("offset").asLong();
        assertThat(letter.get("reason").asString()).contains("no recipients");

        // The fix: someone joins the department; the replay delivers to them, once.
        directory.saveMember(new MemberUpdated(uniqueId("m"), "Erin", "+8613900139002", List.of(department),
                List.of(), true));
        assertThat(call("POST", at + "/replay", null).statusCode()).isEqualTo(200);

        List<SmsDelivered> outcomes = kafka().awaitOutcomes(Topics.DELIVERY, eventId, 1);
        assertThat(outcomes).extracting(SmsDelivered::status).containsOnly(DeliveryStatus.SENT);
        await().untilAsserted(() -> assertThat(sandboxMessages(eventId)).hasSize(1));
        assertThat(call("POST", at + "/replay", null).statusCode()).isEqualTo(409);
        assertThat(json(call("GET", at, null)).get("state").asString()).isEqualTo("REPLAYED");
    }

    @Test
    void showsADeadLetterWithNumbersMaskedAndDiscardsItWithAReason() throws Exception {
        String eventId = uniqueId("dl-discard");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                Recipients.ofPhones("13700137000", "+86 137 0013 7002"), null, "NO_SUCH_TEMPLATE", Map.of()));
        JsonNode letter = awaitListed(eventId);
        String at = "/api/deadletters/" + DLT + "/" + letter.get("partition").asInt() + "/" + letter.get("offset").asLong();
        HttpResponse<String> shown = call("GET", at, null);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains(eventId).contains("NO_SUCH_TEMPLATE").contains("137****7000")
                .contains("+86137****7002").doesNotContain("13700137000").doesNotContain("0013 7002");

        assertThat(call("POST", at + "/discard", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> discarded = call("POST", at + "/discard", "{\"reason\": \"template retired\"}");

        assertThat(discarded.statusCode()).isEqualTo(200);
        assertThat(json(discarded).get("state").asString()).isEqualTo("DISCARDED");
        assertThat(json(discarded).get("stateReason").asString()).isEqualTo("template retired");
        assertThat(listed(eventId, "pending")).isNull();
        assertThat(listed(eventId, "all")).isNotNull();
    }

    @Test
    void replaysEverythingMatchingAFilter() throws Exception {
        String department = uniqueId("empty-dept");
        String first = uniqueId("dl-all");
        String second = uniqueId("dl-all");
        for (String eventId : List.of(first, second)) {
            kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                    new Recipients(List.of(), List.of(department), List.of(), List.of(), null), null,
                    "ORDER_NOTIFY", Map.of("username", "u001", "amount", "1")));
        }
        awaitListed(first);
        awaitListed(second);
        directory.saveMember(new MemberUpdated(uniqueId("m"), "Finn", "+8613900139003", List.of(department),
                List.of(), true));

        HttpResponse<String> replayed = call("POST", "/api/deadletters/" + DLT + "/replay",
                "{\"errorCode\": \"46001\"}");

        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(json(replayed).get("replayed").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(kafka().awaitOutcomes(Topics.DELIVERY, first, 1)).extracting(SmsDelivered::status)
                .containsExactly(DeliveryStatus.SENT);
        assertThat(kafka().awaitOutcomes(Topics.DELIVERY, second, 1)).extracting(SmsDelivered::status)
                .containsExactly(DeliveryStatus.SENT);
    }

    @Test
    void loginCodeDeadLettersCannotBeReplayedAndTheApiNeedsTheToken() throws Exception {
        String key = uniqueId("lc-dl");
        kafka().publishRaw(Topics.LOGIN_CODE, key, ("{\"eventId\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8));
        String loginDlt = Topics.deadLetterOf(Topics.LOGIN_CODE);
        JsonNode letter = await().until(() -> findListed(loginDlt, key, "pending"), found -> found != null);

        HttpResponse<String> replay = call("POST", "/api/deadletters/" + loginDlt + "/" + letter.get("partition").asInt()
                + "/" + letter.get("offset").asLong() + "/replay", null);
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains("new code");
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/deadletters"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/deadletters/not.a.topic-dlt", null).statusCode()).isEqualTo(400);
    }

    private JsonNode awaitListed(String key) {
        return await().until(() -> listed(key, "pending"), found -> found != null);
    }

    private JsonNode listed(String key, String state) throws Exception {
        return findListed(DLT, key, state);
    }

    private JsonNode findListed(String topic, String key, String state) throws Exception {
        JsonNode page = json(call("GET", "/api/deadletters/" + topic + "?size=500&state=" + state, null));
        for (JsonNode item : page.get("items")) {
            if (key.equals(item.get("key").asString())) {
                return item;
            }
        }
        return null;
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return EventJson.mapper().readTree(response.body());
    }
}
