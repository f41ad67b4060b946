package io.smsnotifier.it;

import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.WebhookReceiver;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored secret (a webhook's headers and signature, an Alibaba Cloud access secret) is only ever sent to the
 * destination it was stored with. A draft or an update that points the service elsewhere and leaves the secret
 * out must not carry it there: whoever may edit a service must not be able to read its secrets by pointing it at
 * a receiver of their own. Test sends are audited, with the number masked.
 */
@TestPropertySource(properties = "notifier.sms.allowed-private-networks=127.0.0.0/8")
class StoredSecretDestinationTests extends WorkerIntegrationTest {

    private static final String KEY_ID = "LTAI5tDestinationKey01";
    private static final String ACCESS_SECRET = "destination-secret-5e1f0a";

    private static final AliyunSmsSimulator aliyun = new AliyunSmsSimulator(KEY_ID, ACCESS_SECRET);
    private static final AliyunSmsSimulator otherAliyun = new AliyunSmsSimulator(KEY_ID, ACCESS_SECRET);

    @AfterAll
    static void stopSimulators() {
        aliyun.close();
        otherAliyun.close();
    }

    @Test
    void aDraftPointedAtAnotherUrlNeverCarriesTheStoredTokenOrSignature() {
        String name = "hook-dest-draft";
        String token = secret("token");
        String signature = secret("sig");
        try (WebhookReceiver a = new WebhookReceiver(); WebhookReceiver b = new WebhookReceiver()) {
            create(webhook(name, a.url("/sms"), token, signature));

            // The draft names the stored service, points it at B and leaves the secrets out: either it is refused
            // or it reaches B without them, never with what was stored for A.
            HttpResponse<String> draft = admin().post("/api/sms/services/test", """
                    {"service": {"name": "%s", "type": "webhook", "url": "%s"}, "phone": "+8613800139101",
                     "templateCode": null}""".formatted(name, b.url("/sms")));

            assertThat(everythingReceived(b)).as("what B received (draft answered %d: %s)", draft.statusCode(),
                    draft.body()).doesNotContain(token).doesNotContain(signature);
            assertThat(a.received()).as("a draft pointed at B sends nothing to A").isEmpty();
        } finally {
            delete(name);
        }
    }

    @Test
    void anUpdateThatMovesTheUrlDropsTheStoredHeadersAndSignature() {
        String name = "hook-dest-moved";
        String token = secret("token");
        String signature = secret("sig");
        try (WebhookReceiver a = new WebhookReceiver(); WebhookReceiver b = new WebhookReceiver()) {
            String etag = etag(create(webhook(name, a.url("/sms"), token, signature)));

            HttpResponse<String> moved = admin().exchange("PUT", "/api/sms/services/" + name, """
                    {"type": "webhook", "priority": 60, "url": "%s", "exclusive": false}""".formatted(
                    b.url("/sms")), "If-Match", etag);
            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);

            // Soft: each of the three is its own evidence of the hole.
            SoftAssertions softly = new SoftAssertions();
            JsonNode view = AdminApiClient.json(admin().get("/api/sms/services/" + name));
            softly.assertThat(strings(view.path("secrets"))).as("secrets after the move")
                    .doesNotContain("headers", "signature");
            JsonNode update = AdminApiClient.json(admin().audit("action=service.update&target=service:" + name))
                    .path("items").path(0);
            softly.assertThat(update.path("changes").path("headers").asString()).as("audit of headers: %s", update)
                    .isEqualTo("removed");
            softly.assertThat(update.path("changes").path("signature").asString()).as("audit of signature: %s",
                    update).isEqualTo("removed");
            HttpResponse<String> sent = admin().post("/api/sms/services/" + name + "/test",
                    "{\"phone\": \"+8613800139102\"}");
            softly.assertThat(b.received("/sms")).as("the saved service sends to B (%s)", sent.body()).isNotEmpty();
            softly.assertThat(everythingReceived(b)).as("what B received").doesNotContain(token)
                    .doesNotContain(signature);
            softly.assertAll();
        } finally {
            delete(name);
        }
    }

    /** The guard: sending the url back as the API showed it is not a move, and the secrets stay. Works today. */
    @Test
    void anUpdateThatKeepsTheUrlKeepsTheSecrets() {
        String name = "hook-dest-kept";
        String token = secret("token");
        String signature = secret("sig");
        try (WebhookReceiver a = new WebhookReceiver()) {
            String etag = etag(create(webhook(name, a.url("/sms"), token, signature)));
            String shownUrl = AdminApiClient.json(admin().get("/api/sms/services/" + name)).path("settings").path("url")
                    .asString();

            HttpResponse<String> kept = admin().exchange("PUT", "/api/sms/services/" + name, """
                    {"type": "webhook", "url": "%s", "priority": 60}""".formatted(shownUrl),
                    "If-Match", etag);

            assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
            assertThat(strings(AdminApiClient.json(kept).path("secrets"))).contains("headers", "signature");
            HttpResponse<String> sent = admin().post("/api/sms/services/" + name + "/test",
                    "{\"phone\": \"+8613800139103\"}");
            assertThat(AdminApiClient.json(sent).path("status").asString()).as(sent.body()).isEqualTo("SENT");
            assertThat(a.received("/sms")).singleElement().satisfies(request -> {
                assertThat(request.header("X-Gateway-Token")).isEqualTo(token);
                assertThat(request.json().path("Data").path("Signature").asString()).isEqualTo(signature);
            });
        } finally {
            delete(name);
        }
    }

    @Test
    void aDraftTestIsAuditedWithTheActorAndTheNumberMasked() {
        String name = "hook-dest-audit";
        String phone = "+8613800139104";
        try (WebhookReceiver a = new WebhookReceiver()) {
            create(webhook(name, a.url("/sms"), secret("token"), secret("sig")));

            HttpResponse<String> draft = admin().post("/api/sms/services/test", """
                    {"service": {"name": "%s", "type": "webhook", "url": "%s"}, "phone": "%s",
                     "templateCode": null}""".formatted(name, a.url("/sms"), phone));
            assertThat(draft.statusCode()).as(draft.body()).isEqualTo(200);

            HttpResponse<String> audit = admin().audit("action=service.test&target=service:" + name);
            JsonNode items = AdminApiClient.json(audit).path("items");
            assertThat(items).as(audit.body()).singleElement().satisfies(entry -> {
                assertThat(entry.path("actor").asString()).isEqualTo("admin");
                assertThat(entry.path("target").asString()).isEqualTo("service:" + name);
                assertThat(entry.toString()).contains(PhoneMask.mask(phone));
            });
            assertThat(audit.body()).doesNotContain(phone).doesNotContain(phone.substring(3));
        } finally {
            delete(name);
        }
    }

    @Test
    void anAliyunServiceMovedToAnotherEndpointMustBeGivenItsSecretAgain() {
        String name = "ali-dest-moved";
        try {
            String etag = etag(create("""
                    {"name": "%s", "type": "aliyun", "priority": 70, "endpoint": "http://%s", "accessKey": "%s",
                     "accessSecret": "%s", "signName": "Destination"}""".formatted(name, aliyun.endpoint(), KEY_ID,
                    ACCESS_SECRET)));

            HttpResponse<String> moved = admin().exchange("PUT", "/api/sms/services/" + name, """
                    {"type": "aliyun", "priority": 70, "endpoint": "http://%s", "accessKey": "%s",
                     "signName": "Destination"}""".formatted(otherAliyun.endpoint(), KEY_ID), "If-Match", etag);

            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(400);
            List<String> fields = new ArrayList<>();
            AdminApiClient.json(moved).path("errors").forEach(error -> fields.add(error.path("field").asString()));
            assertThat(fields).contains("accessSecret");
            assertThat(otherAliyun.requests()).isEmpty();
        } finally {
            delete(name);
        }
    }

    private static String webhook(String name, String url, String token, String signature) {
        return """
                {"name": "%s", "type": "webhook", "priority": 60, "url": "%s",
                 "headers": {"X-Gateway-Token": "%s"}, "signature": "%s", "exclusive": false}"""
                .formatted(name, url, token, signature);
    }

    private HttpResponse<String> create(String document) {
        HttpResponse<String> created = admin().post("/api/sms/services", document);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return created;
    }

    /** Leaves the shared context's database as it was, whatever the test did. */
    private void delete(String name) {
        admin().exchange("DELETE", "/api/sms/services/" + name, null);
    }

    private static String etag(HttpResponse<String> response) {
        return response.headers().firstValue("ETag").orElseThrow();
    }

    /** Every header value and body a receiver got, as one text to search. */
    private static String everythingReceived(WebhookReceiver receiver) {
        StringBuilder text = new StringBuilder();
        receiver.received().forEach(request -> text.append(request.headers()).append('\n')
                .append(request.body()).append('\n'));
        return text.toString();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private static String secret(String kind) {
        return "it-" + kind + "-" + UUID.randomUUID();
    }
}
