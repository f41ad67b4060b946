package io.smsnotifier.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.Behaviour;
import io.smsnotifier.it.simulators.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Services and templates managed through the admin API on one worker: stored with their secrets sealed, put in
 * force without a restart, checked field by field, optimistic, read-only where configuration declares them, and
 * tested as a draft before they are saved. Alibaba Cloud is the simulator, called through the real SDK, which
 * checks every request's signature: a service that sends has its secret opened right.
 */
@TestPropertySource(properties = "notifier.catalog.poll-interval=300ms")
class CatalogApiTests extends WorkerIntegrationTest {

    private static final String KEY_ID = "LTAI5tCatalogKeyId01";
    private static final String SECRET = "catalog-secret-7f3a9c1e5b";
    private static final String SIGN = "CatalogSign";

    private static final AliyunSmsSimulator aliyun = new AliyunSmsSimulator(KEY_ID, SECRET);
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
    static void stop() {
        workerLog.detachAppender(logs);
        workerLog.setLevel(previousLevel);
        aliyun.close();
    }

    private static String aliyunService(String name, String signName) {
        return """
                {"name": "%s", "type": "aliyun", "priority": 50, "endpoint": "http://%s", "accessKey": "%s",
                 "accessSecret": "%s", "signName": "%s", "readTimeout": "2s"}""".formatted(name, aliyun.endpoint(),
                KEY_ID, SECRET, signName);
    }

    @Test
    void aServiceCreatedThroughTheApiSendsAtOnceAndItsSecretIsNowhereInClear() {
        HttpResponse<String> created = admin().post("/api/sms/services", aliyunService("ali-api", SIGN));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/sms/services/ali-api");
        JsonNode view = AdminApiClient.json(created);
        assertThat(view.path("source").asString()).isEqualTo("database");
        assertThat(view.path("credential").asString()).isEqualTo("LTAI****");
        assertThat(view.path("secrets").toString()).isEqualTo("[\"accessSecret\"]");
        assertThat(view.path("inRotation").asBoolean()).isTrue();

        HttpResponse<String> test = admin().post("/api/sms/services/ali-api/test", "{\"phone\": \"+8613800138101\"}");

        assertThat(test.statusCode()).as(test.body()).isEqualTo(200);
        assertThat(AdminApiClient.json(test).path("status").asString()).isEqualTo("SENT");
        assertThat(aliyun.sentTo("13800138101")).singleElement().satisfies(call -> {
            assertThat(call.accessKeyId()).isEqualTo(KEY_ID);
            assertThat(call.signName()).isEqualTo(SIGN);
        });

        HttpResponse<String> list = admin().get("/api/sms/services");
        assertThat(AdminApiClient.json(list).findValuesAsString("name")).contains("sandbox", "ali-api");
        assertThat(list.body()).contains("\"source\":\"configuration\"").doesNotContain(SECRET);
        assertThat(admin().get("/api/sms/services/ali-api").body()).doesNotContain(SECRET);
        HttpResponse<String> audit = admin().get("/api/audit?target=service:ali-api");
        assertThat(audit.body()).contains("service.create").contains("\"accessSecret\":\"set\"")
                .doesNotContain(SECRET);
        assertThat(tableText()).doesNotContain(SECRET).contains("ali-api");
        assertThat(sealedSecrets()).isNotEmpty().allSatisfy(sealed ->
                assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET));
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).isNotEmpty()
                .noneMatch(line -> line.contains(SECRET));
    }

    @Test
    void everyInvalidFieldIsNamedBeforeAnythingIsStored() {
        HttpResponse<String> shape = admin().post("/api/sms/services", """
                {"name": "bad name!", "type": "aliyun", "maxQps": 0, "maxQPS": 5, "readTimeout": "forever"}""");

        assertThat(shape.statusCode()).isEqualTo(400);
        assertThat(shape.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(fields(shape)).containsExactlyInAnyOrder("name", "maxQps", "maxQPS", "readTimeout");

        HttpResponse<String> missing = admin().post("/api/sms/services", """
                {"name": "ali-incomplete", "type": "aliyun", "endpoint": "ftp://dysmsapi.aliyuncs.com"}""");
        assertThat(fields(missing)).containsExactlyInAnyOrder("accessKey", "accessSecret", "signName");

        HttpResponse<String> scheme = admin().post("/api/sms/services", """
                {"name": "ali-ftp", "type": "aliyun", "endpoint": "ftp://dysmsapi.aliyuncs.com", "accessKey": "k",
                 "accessSecret": "s", "signName": "S"}""");
        assertThat(fields(scheme)).containsExactly("endpoint");

        HttpResponse<String> metadata = admin().post("/api/sms/services", """
                {"name": "hook-metadata", "type": "webhook", "url": "http://169.254.169.254/latest/meta-data"}""");
        assertThat(fields(metadata)).containsExactly("url");
        assertThat(AdminApiClient.json(metadata).path("errors").get(0).path("message").asString())
                .doesNotContain("notifier.sms.services");

        HttpResponse<String> template = admin().post("/api/sms/templates", """
                {"code": "BAD_TEMPLATE", "content": "Hi ${name}, see ${link}", "params": ["name", "unused"],
                 "codes": {"no-such-service": "SMS_1"}}""");
        assertThat(fields(template)).containsExactlyInAnyOrder("content", "codes");
        assertThat(template.body()).contains("[link]");

        assertThat(AdminApiClient.json(admin().get("/api/sms/services")).findValuesAsString("name"))
                .doesNotContain("bad name!", "ali-incomplete", "ali-ftp", "hook-metadata");
        assertThat(admin().get("/api/sms/templates/BAD_TEMPLATE").statusCode()).isEqualTo(404);
    }

    @Test
    void aStaleEditGets412AndAnEditWithoutAVersion428() {
        admin().post("/api/sms/services", """
                {"name": "sandbox-versions", "type": "sandbox", "priority": 90}""");

        HttpResponse<String> first = admin().exchange("PUT", "/api/sms/services/sandbox-versions", """
                {"type": "sandbox", "priority": 91}""", "If-Match", "\"1\"");
        HttpResponse<String> stale = admin().exchange("PUT", "/api/sms/services/sandbox-versions", """
                {"type": "sandbox", "priority": 92}""", "If-Match", "\"1\"");
        HttpResponse<String> unversioned = admin().exchange("PUT", "/api/sms/services/sandbox-versions", """
                {"type": "sandbox", "priority": 93}""");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(AdminApiClient.json(stale).path("currentVersion").asLong()).isEqualTo(2);
        assertThat(unversioned.statusCode()).isEqualTo(428);
        assertThat(AdminApiClient.json(admin().get("/api/sms/services/sandbox-versions")).path("priority").asInt())
                .isEqualTo(91);
        assertThat(admin().exchange("DELETE", "/api/sms/services/sandbox-versions", null).statusCode())
                .isEqualTo(204);
    }

    @Test
    void whatConfigurationDeclaresIsReadOnlyHere() {
        assertThat(admin().post("/api/sms/services", "{\"name\": \"sandbox\", \"type\": \"sandbox\"}").statusCode())
                .isEqualTo(409);
        assertThat(admin().exchange("PUT", "/api/sms/services/sandbox", "{\"type\": \"sandbox\"}", "If-Match", "1")
                .statusCode()).isEqualTo(409);
        assertThat(admin().exchange("DELETE", "/api/sms/templates/SMS_LOGIN_1", null).statusCode()).isEqualTo(409);
        HttpResponse<String> template = admin().post("/api/sms/templates", """
                {"code": "SMS_LOGIN_1", "content": "${code}", "params": ["code"]}""");
        assertThat(template.statusCode()).isEqualTo(409);
        assertThat(AdminApiClient.json(template).path("detail").asString())
                .contains("notifier.templates.SMS_LOGIN_1");
        assertThat(AdminApiClient.json(admin().get("/api/sms/templates/SMS_LOGIN_1")).path("source").asString())
                .isEqualTo("configuration");
    }

    @Test
    void aServiceTemplatesStillNameCannotBeDeletedAndTheAnswerNamesThem() {
        admin().post("/api/sms/services", aliyunService("ali-in-use", SIGN));
        assertThat(admin().post("/api/sms/templates", """
                {"code": "USES_ALI", "content": "Order ${order} shipped", "params": ["order"],
                 "codes": {"ali-in-use": "SMS_88"}}""").statusCode()).isEqualTo(201);

        HttpResponse<String> refused = admin().exchange("DELETE", "/api/sms/services/ali-in-use", null);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(AdminApiClient.json(refused).path("templates").toString()).isEqualTo("[\"USES_ALI\"]");
        assertThat(admin().exchange("DELETE", "/api/sms/templates/USES_ALI", null).statusCode()).isEqualTo(204);
        assertThat(admin().exchange("DELETE", "/api/sms/services/ali-in-use", null).statusCode()).isEqualTo(204);
        assertThat(admin().get("/api/sms/services/ali-in-use").statusCode()).isEqualTo(404);
    }

    @Test
    void theTestSendWorksOnADraftThatIsNeverSaved() {
        HttpResponse<String> draft = admin().post("/api/sms/services/test", """
                {"service": %s, "phone": "+8613800138102"}""".formatted(aliyunService("ali-draft", "DraftSign")));
        HttpResponse<String> wrongSecret = admin().post("/api/sms/services/test", """
                {"service": %s, "phone": "+8613800138103"}""".formatted(aliyunService("ali-draft", "DraftSign")
                .replace(SECRET, "not-the-secret")));

        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(200);
        assertThat(AdminApiClient.json(draft).path("status").asString()).isEqualTo("SENT");
        assertThat(aliyun.sentTo("13800138102")).singleElement()
                .satisfies(call -> assertThat(call.signName()).isEqualTo("DraftSign"));
        assertThat(wrongSecret.statusCode()).as(wrongSecret.body()).isEqualTo(502);
        assertThat(AdminApiClient.json(wrongSecret).path("providerErrorCode").asString())
                .isEqualTo("SDK.InvalidAccessKeySecret");
        assertThat(aliyun.sentTo("13800138103")).isEmpty();
        assertThat(admin().get("/api/sms/services/ali-draft").statusCode()).isEqualTo(404);
    }

    @Test
    void aDraftOfAStoredServiceUsesTheStoredSecretItLeavesOut() {
        admin().post("/api/sms/services", aliyunService("ali-edit", SIGN));
        String withoutSecret = aliyunService("ali-edit", "EditedSign").replace(
                "\"accessSecret\": \"" + SECRET + "\",", "");

        HttpResponse<String> test = admin().post("/api/sms/services/test", """
                {"service": %s, "phone": "+8613800138104"}""".formatted(withoutSecret));

        assertThat(AdminApiClient.json(test).path("status").asString()).as(test.body()).isEqualTo("SENT");
        assertThat(aliyun.sentTo("13800138104")).singleElement()
                .satisfies(call -> assertThat(call.signName()).isEqualTo("EditedSign"));
        HttpResponse<String> saved = admin().exchange("PUT", "/api/sms/services/ali-edit", withoutSecret,
                "If-Match", "\"1\"");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(admin().post("/api/sms/services/ali-edit/test", "{\"phone\": \"+8613800138105\"}").body())
                .contains("\"SENT\"");
        assertThat(admin().get("/api/audit?target=service:ali-edit&action=service.update").body())
                .contains("service.update").contains("EditedSign").doesNotContain("accessSecret");
        admin().exchange("DELETE", "/api/sms/services/ali-edit", null);
    }

    @Test
    void aPreviewRendersTheSampleAndSaysWhatEachServiceWouldRefuse() {
        admin().post("/api/sms/services", aliyunService("ali-preview", SIGN));
        admin().post("/api/sms/templates", """
                {"code": "PREVIEW_1", "content": "Hi ${name}, order ${order} is ready", "params": ["name", "order"],
                 "codes": {"ali-preview": "SMS_PREVIEW"}}""");
        String longOrder = "A".repeat(40);

        HttpResponse<String> preview = admin().post("/api/sms/templates/PREVIEW_1/preview",
                "{\"params\": {\"order\": \"" + longOrder + "\"}}");

        JsonNode body = AdminApiClient.json(preview);
        assertThat(body.path("text").asString()).isEqualTo("Hi ${name}, order " + longOrder + " is ready");
        assertThat(body.path("missing").toString()).isEqualTo("[\"name\"]");
        Map<String, JsonNode> byService = new java.util.HashMap<>();
        body.path("services").forEach(service -> byService.put(service.path("service").asString(), service));
        assertThat(byService.get("ali-preview").path("templateCode").asString()).isEqualTo("SMS_PREVIEW");
        assertThat(byService.get("ali-preview").path("refusals").get(0).asString())
                .contains("'order'").contains("at most 35");
        assertThat(byService.get("sandbox").path("refusals")).isEmpty();
        assertThat(aliyun.requests()).noneMatch(call -> "SMS_PREVIEW".equals(call.templateCode()));
        admin().exchange("DELETE", "/api/sms/templates/PREVIEW_1", null);
        admin().exchange("DELETE", "/api/sms/services/ali-preview", null);
    }

    @Test
    void aSecretThatDoesNotOpenStopsThatServiceNotTheWorker() {
        admin().post("/api/sms/services", aliyunService("ali-broken", SIGN));
        jdbc.update("update sms_service_secrets set sealed = decode('00112233445566778899aabbccddeeff00112233445566778899', 'hex') where service_name = 'ali-broken'");
        jdbc.update("update catalog_version set version = version + 1");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                AdminApiClient.json(admin().get("/api/sms/services/ali-broken")).path("unavailable").asString())
                .contains("cannot be opened"));
        JsonNode health = AdminApiClient.json(admin().get("/actuator/health/smsServices"));
        assertThat(health.path("components").path("ali-broken").path("status").asString()).isEqualTo("DOWN");
        assertThat(health.path("components").path("ali-broken").path("details").path("reason").asString())
                .contains("cannot be opened");
        assertThat(admin().post("/api/sms/services/sandbox/test", "{\"phone\": \"+8613800138106\"}").body())
                .contains("\"SENT\"");
        assertThat(admin().exchange("DELETE", "/api/sms/services/ali-broken", null).statusCode()).isEqualTo(204);
    }

    @Test
    void aRequestInFlightFinishesOnTheSettingsItStartedWithAndTheNextGoesWithTheEdit() throws Exception {
        // The answer is held 2 s, well within the read timeout: long enough to edit the service meanwhile.
        admin().post("/api/sms/services", aliyunService("ali-slow", "Before").replace("\"2s\"", "\"8s\""));
        aliyun.failNext(1, Behaviour.slow(Duration.ofSeconds(2)));
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() ->
                admin().post("/api/sms/services/ali-slow/test", "{\"phone\": \"+8613800138110\"}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !aliyun.sentTo("13800138110").isEmpty());

        HttpResponse<String> edited = admin().exchange("PUT", "/api/sms/services/ali-slow",
                aliyunService("ali-slow", "After").replace("\"2s\"", "\"8s\""), "If-Match", "\"1\"");

        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        HttpResponse<String> finished = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(AdminApiClient.json(finished).path("status").asString()).as(finished.body()).isEqualTo("SENT");
        assertThat(aliyun.sentTo("13800138110")).singleElement()
                .satisfies(call -> assertThat(call.signName()).isEqualTo("Before"));
        assertThat(admin().post("/api/sms/services/ali-slow/test", "{\"phone\": \"+8613800138111\"}").body())
                .contains("\"SENT\"");
        assertThat(aliyun.sentTo("13800138111")).singleElement()
                .satisfies(call -> assertThat(call.signName()).isEqualTo("After"));
        admin().exchange("DELETE", "/api/sms/services/ali-slow", null);
    }

    @Test
    void anExclusiveWebhookSwitchedOnAtRuntimeTakesAllTrafficAtOnce() {
        try (WebhookReceiver hook = new WebhookReceiver()) {
            HttpResponse<String> created = admin().post("/api/sms/services", """
                    {"name": "hook-exclusive", "type": "webhook", "url": "%s",
                     "exclusive": true, "headers": {"Authorization": "Bearer hook-token-4711"}}"""
                    .formatted(hook.url("/sms")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).doesNotContain("hook-token-4711").contains("\"headers\":[\"Authorization\"]");

            String unnamed = send(null, "+8613800138120");
            String namingSandbox = send("sandbox", "+8613800138121");

            assertThat(kafka().awaitOutcomes(Topics.DELIVERY, unnamed, 1)).singleElement()
                    .satisfies(outcome -> assertThat(outcome.service()).isEqualTo("hook-exclusive"));
            assertThat(kafka().awaitOutcomes(Topics.DELIVERY, namingSandbox, 1)).singleElement()
                    .satisfies(outcome -> assertThat(outcome.service()).isEqualTo("hook-exclusive"));
            assertThat(hook.received("/sms")).hasSize(2)
                    .allSatisfy(request -> assertThat(request.header("Authorization")).isEqualTo("Bearer hook-token-4711"));

            assertThat(admin().exchange("DELETE", "/api/sms/services/hook-exclusive", null).statusCode())
                    .isEqualTo(204);
            String after = send(null, "+8613800138122");
            assertThat(kafka().awaitOutcomes(Topics.DELIVERY, after, 1)).singleElement()
                    .satisfies(outcome -> assertThat(outcome.service()).isEqualTo("sandbox"));
            assertThat(tableText()).doesNotContain("hook-token-4711");
        }
    }

    private static String send(String service, String phone) {
        String eventId = uniqueId("catalog-route");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(null, null, null, List.of(phone), null), service, "ORDER_NOTIFY",
                Map.of("username", "u1", "amount", "2.00")));
        return eventId;
    }

    private static List<String> fields(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        AdminApiClient.json(response).path("errors").forEach(error -> fields.add(error.path("field").asString()));
        return fields;
    }

    /** Every stored row of the catalog's tables as text (the sealed column as hex). */
    private String tableText() {
        StringBuilder text = new StringBuilder();
        for (String table : List.of("sms_services", "sms_service_secrets", "sms_templates", "admin_audit")) {
            jdbc.queryForList("select * from " + table).forEach(row -> text.append(row).append('\n'));
        }
        return text.toString();
    }

    private List<byte[]> sealedSecrets() {
        return jdbc.queryForList("select sealed from sms_service_secrets", byte[].class);
    }
}
