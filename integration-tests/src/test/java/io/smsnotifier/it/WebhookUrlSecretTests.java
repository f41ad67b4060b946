package io.smsnotifier.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.smsnotifier.it.simulators.WebhookReceiver;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A webhook URL may carry its token anywhere: Feishu and DingTalk bots put it in the path
 * ({@code /open-apis/bot/v2/hook/<token>}), others in the query or the user info. Wherever it is, the token is
 * shown nowhere (admin API to viewer and admin, audit, the table's clear settings, the worker's log) while the
 * service still sends to the full URL. The URL shown still says where it goes: scheme, host and port.
 */
@TestPropertySource(properties = "notifier.sms.allowed-private-networks=127.0.0.0/8")
class WebhookUrlSecretTests extends WorkerIntegrationTest {

    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private static final Logger workerLog = (Logger) LoggerFactory.getLogger("io.smsnotifier");
    private static Level previousLevel;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void captureWorkerLogs() {
        previousLevel = workerLog.getLevel();
        workerLog.setLevel(Level.INFO);
        logs.start();
        workerLog.addAppender(logs);
    }

    @AfterAll
    static void stopCapturing() {
        workerLog.detachAppender(logs);
        workerLog.setLevel(previousLevel);
    }

    @Test
    void aTokenInTheUrlPathIsShownNowhereAndTheServiceStillSendsToIt() {
        String token = UUID.randomUUID().toString();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String path = "/open-apis/bot/v2/hook/" + token;

            sendsThroughAndHides("hook-path-token", receiver, receiver.url(path), token);

            assertThat(receiver.received(path)).hasSize(1);
        }
    }

    /** A guard: redacted today. */
    @Test
    void aTokenInTheQueryIsShownNowhereAndTheServiceStillSendsToIt() {
        String token = UUID.randomUUID().toString();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            sendsThroughAndHides("hook-query-token", receiver, receiver.url("/robot/send?access_token=" + token),
                    token);

            assertThat(receiver.received("/robot/send")).singleElement()
                    .satisfies(request -> assertThat(request.query()).isEqualTo("access_token=" + token));
        }
    }

    /** A guard: redacted today. */
    @Test
    void aTokenInTheUserInfoIsShownNowhereAndTheServiceStillSendsToIt() {
        String token = UUID.randomUUID().toString();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            sendsThroughAndHides("hook-userinfo-token", receiver,
                    "http://bot:" + token + "@" + receiver.endpoint() + "/user-info", token);

            assertThat(receiver.received("/user-info")).hasSize(1);
        }
    }

    /**
     * A webhook stored before its URL was always sealed keeps the URL in the clear settings: a re-seal seals it, and
     * the service sends to it as before.
     */
    @Test
    void aUrlStoredInClearBeforeIsSealedByAReseal() {
        String token = UUID.randomUUID().toString().replace("-", "");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String path = "/legacy/" + token;
            jdbc.update("""
                    insert into sms_services (name, settings, updated_by)
                    values ('hook-legacy', cast(? as jsonb), 'before-issue-18')""", """
                    {"type": "webhook", "enabled": true, "priority": 60, "url": "%s", "allowPrivateNetwork": true,
                     "allowedAddresses": []}""".formatted(receiver.url(path)));
            jdbc.update("update catalog_version set version = version + 1");
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> admin().get("/api/sms/services/hook-legacy")
                        .body().contains("\"inRotation\":true"));
                assertThat(admin().get("/api/sms/services/hook-legacy").body()).doesNotContain(token);

                HttpResponse<String> resealed = admin().post("/api/secrets/reseal", "");
                assertThat(resealed.statusCode()).as(resealed.body()).isEqualTo(200);

                assertThat(jdbc.queryForList("select settings::text from sms_services where name = 'hook-legacy'",
                        String.class)).singleElement().asString().doesNotContain(token).doesNotContain("url");
                assertThat(jdbc.queryForList("select field from sms_service_secrets where service_name = "
                        + "'hook-legacy'", String.class)).containsExactly("url");
                HttpResponse<String> sent = admin().post("/api/sms/services/hook-legacy/test",
                        "{\"phone\": \"+8613800139204\"}");
                assertThat(AdminApiClient.json(sent).path("status").asString()).as(sent.body()).isEqualTo("SENT");
                assertThat(receiver.received(path)).hasSize(1);
            } finally {
                admin().exchange("DELETE", "/api/sms/services/hook-legacy", null);
            }
        }
    }

    /**
     * Creates the webhook {@code name} at {@code url}, sends a test through it, and checks that {@code token} is in
     * no answer, audit entry, stored clear setting or log line, while the URL shown names the receiver.
     */
    private void sendsThroughAndHides(String name, WebhookReceiver receiver, String url, String token) {
        try {
            HttpResponse<String> created = admin().post("/api/sms/services", """
                    {"name": "%s", "type": "webhook", "priority": 60, "url": "%s"}"""
                    .formatted(name, url));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> sent = admin().post("/api/sms/services/" + name + "/test",
                    "{\"phone\": \"+8613800139201\"}");
            assertThat(AdminApiClient.json(sent).path("status").asString()).as(sent.body()).isEqualTo("SENT");

            // Soft: every place the token shows is its own finding.
            SoftAssertions softly = new SoftAssertions();
            String where = "http://" + receiver.endpoint();
            AdminApiClient viewer = admin().withToken(AdminApiClient.VIEWER_TOKEN);
            for (AdminApiClient reader : new AdminApiClient[] {admin(), viewer}) {
                String who = reader == viewer ? "viewer" : "admin";
                HttpResponse<String> one = reader.get("/api/sms/services/" + name);
                softly.assertThat(one.statusCode()).as("GET %s as %s", name, who).isEqualTo(200);
                softly.assertThat(one.body()).as("GET %s as %s", name, who).doesNotContain(token);
                softly.assertThat(AdminApiClient.json(one).path("settings").path("url").asString()).as("the url shown to %s", who)
                        .startsWith(where);
                HttpResponse<String> list = reader.get("/api/sms/services");
                softly.assertThat(list.body()).as("the list as %s", who).doesNotContain(token);
                softly.assertThat(listed(list, name).path("settings").path("url").asString()).as("the url listed to %s", who)
                        .startsWith(where);
            }
            softly.assertThat(admin().audit("target=service:" + name).body()).as("the audit")
                    .contains("service.create").doesNotContain(token);
            softly.assertThat(jdbc.queryForList("select settings::text from sms_services", String.class))
                    .as("the stored clear settings").isNotEmpty().noneMatch(settings -> settings.contains(token));
            softly.assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).as("the worker's log")
                    .isNotEmpty().noneMatch(line -> line.contains(token));
            softly.assertAll();
        } finally {
            admin().exchange("DELETE", "/api/sms/services/" + name, null);
        }
    }

    private static JsonNode listed(HttpResponse<String> list, String name) {
        for (JsonNode service : AdminApiClient.json(list)) {
            if (name.equals(service.path("name").asString())) {
                return service;
            }
        }
        throw new AssertionError(name + " is not listed: " + list.body());
    }
}
