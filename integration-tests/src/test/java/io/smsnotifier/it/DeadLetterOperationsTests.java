package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.recipients.Directory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Ops see what failed and why, replay it after a fix (delivered once), or discard it with a reason. */
class DeadLetterOperationsTests extends WorkerIntegrationTest {

    private static final String DLT = Topics.deadLetterOf(Topics.SMS_NOTIFY);

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
        int partition = letter.get("partition").asInt();
        long offset = letter.get("offset").asLong();
        assertThat(letter.get("reason").asString()).contains("no recipients");

        // The fix: someone joins the department; the replay delivers to them, once.
        directory.saveMember(new MemberUpdated(uniqueId("m"), "Erin", "+8613900139002", List.of(department),
                List.of(), true));
        assertThat(admin().replay(DLT, partition, offset).statusCode()).isEqualTo(200);

        List<SmsDelivered> outcomes = kafka().awaitOutcomes(Topics.DELIVERY, eventId, 1);
        assertThat(outcomes).extracting(SmsDelivered::status).containsOnly(DeliveryStatus.SENT);
        await().untilAsserted(() -> assertThat(sandboxMessages(eventId)).hasSize(1));
        assertThat(admin().replay(DLT, partition, offset).statusCode()).isEqualTo(409);
        assertThat(json(admin().deadLetter(DLT, partition, offset)).get("state").asString()).isEqualTo("REPLAYED");
    }

    @Test
    void showsADeadLetterWithNumbersMaskedAndDiscardsItWithAReason() throws Exception {
        String eventId = uniqueId("dl-discard");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                Recipients.ofPhones("13700137000", "+86 137 0013 7002"), null, "NO_SUCH_TEMPLATE", Map.of()));
        JsonNode letter = awaitListed(eventId);
        int partition = letter.get("partition").asInt();
        long offset = letter.get("offset").asLong();
        HttpResponse<String> shown = admin().deadLetter(DLT, partition, offset);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains(eventId).contains("NO_SUCH_TEMPLATE").contains("137****7000")
                .contains("+86137****7002").doesNotContain("13700137000").doesNotContain("0013 7002");

        assertThat(admin().discard(DLT, partition, offset, "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> discarded = admin().discard(DLT, partition, offset,
                "{\"reason\": \"template retired\"}");

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

        HttpResponse<String> replayed = admin().replayAll(DLT, "{\"errorCode\": \"46001\"}");

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

        HttpResponse<String> replay = admin().replay(loginDlt, letter.get("partition").asInt(),
                letter.get("offset").asLong());
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains("new code");
        assertThat(admin().anonymous().get("/api/deadletters").statusCode()).isEqualTo(401);
        assertThat(admin().get("/api/deadletters/not.a.topic-dlt").statusCode()).isEqualTo(400);
    }

    private JsonNode awaitListed(String key) {
        return await().until(() -> listed(key, "pending"), found -> found != null);
    }

    private JsonNode listed(String key, String state) throws Exception {
        return findListed(DLT, key, state);
    }

    private JsonNode findListed(String topic, String key, String state) throws Exception {
        JsonNode page = json(admin().deadLetters(topic, "size=500&state=" + state));
        for (JsonNode item : page.get("items")) {
            if (key.equals(item.get("key").asString())) {
                return item;
            }
        }
        return null;
    }
}
