package io.smsnotifier.it;

import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.Behaviour;
import io.smsnotifier.worker.NotifierApplication;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog's rules hold against what is stored, not against what one instance has in force: two workers on
 * one database, the second polling once an hour, so that it has not seen what the first changed. A service a
 * template names cannot be deleted through it; versions never start again at 1 after a delete, so an ETag read
 * before the delete stays stale; and an ETag says more than the stored version when the answer also shows live
 * state (in rotation, held), so a conditional GET never answers 304 over a changed state.
 */
class CatalogConsistencyTests {

    private static final String KEY_ID = "LTAI5tConsistencyKey01";
    private static final String SECRET = "consistency-secret-8d2e4b";

    private static final AliyunSmsSimulator aliyun = new AliyunSmsSimulator(KEY_ID, SECRET);
    private static EmbeddedKafkaKraftBroker broker;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static AdminApiClient a;
    private static AdminApiClient b;

    @BeforeAll
    static void startTwoWorkers() {
        broker = new EmbeddedKafkaKraftBroker(1, 2);
        broker.afterPropertiesSet();
        String database = TestPostgres.freshDatabaseUrl();
        first = start(database);
        a = AdminApiClient.of(first);
        HttpResponse<String> created = a.post("/api/sms/services", """
                {"name": "sb-x", "type": "sandbox", "priority": 50}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        // Started after sb-x is stored, B loads it at start; polling hourly, it sees nothing A changes later.
        second = start(database, "--notifier.catalog.poll-interval=1h");
        b = AdminApiClient.of(second);
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        broker.destroy();
        aliyun.close();
    }

    @Test
    void aServiceATemplateNamesCannotBeDeletedThroughAnInstanceThatHasNotSeenTheTemplate() {
        try {
            HttpResponse<String> template = a.post("/api/sms/templates", """
                    {"code": "USES_SB_X", "content": "Order ${order} shipped", "params": ["order"],
                     "codes": {"sb-x": "CODE_1"}}""");
            assertThat(template.statusCode()).as(template.body()).isEqualTo(201);
            // The scenario: B has sb-x in force and has not loaded the template.
            assertThat(AdminApiClient.json(b.get("/api/sms/services/sb-x")).path("inRotation").asBoolean())
                    .as("B knows sb-x").isTrue();
            JsonNode versions = AdminApiClient.json(b.get("/api/sms/catalog"));
            assertThat(versions.path("inForce").asLong()).as("B is behind: %s", versions)
                    .isLessThan(versions.path("stored").asLong());

            HttpResponse<String> refused = b.exchange("DELETE", "/api/sms/services/sb-x", null);

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(AdminApiClient.json(refused).path("templates").toString()).isEqualTo("[\"USES_SB_X\"]");
            assertThat(a.get("/api/sms/services/sb-x").statusCode()).isEqualTo(200);
        } finally {
            a.exchange("DELETE", "/api/sms/templates/USES_SB_X", null);
        }
    }

    @Test
    void aServiceCreatedAgainAfterADeleteDoesNotTakeAnETagReadBeforeTheDelete() {
        HttpResponse<String> created = a.post("/api/sms/services", "{\"name\": \"v-svc\", \"type\": \"sandbox\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String before = etag(created);
        assertThat(a.exchange("DELETE", "/api/sms/services/v-svc", null).statusCode()).isEqualTo(204);
        HttpResponse<String> again = a.post("/api/sms/services", "{\"name\": \"v-svc\", \"type\": \"sandbox\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);

        HttpResponse<String> stale = a.exchange("PUT", "/api/sms/services/v-svc",
                "{\"type\": \"sandbox\", \"priority\": 77}", "If-Match", before);

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(stale.statusCode()).as("PUT with the ETag %s of the deleted one: %s", before, stale.body())
                .isEqualTo(412);
        softly.assertThat(etag(again)).as("the re-created one's ETag").isNotEqualTo(before);
        softly.assertAll();
    }

    @Test
    void aTemplateCreatedAgainAfterADeleteDoesNotTakeAnETagReadBeforeTheDelete() {
        String document = """
                {"code": "V_TPL", "content": "Hello ${name}", "params": ["name"]}""";
        HttpResponse<String> created = a.post("/api/sms/templates", document);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String before = etag(created);
        assertThat(a.exchange("DELETE", "/api/sms/templates/V_TPL", null).statusCode()).isEqualTo(204);
        HttpResponse<String> again = a.post("/api/sms/templates", document);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);

        HttpResponse<String> stale = a.exchange("PUT", "/api/sms/templates/V_TPL",
                document.replace("Hello", "Hi"), "If-Match", before);

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(stale.statusCode()).as("PUT with the ETag %s of the deleted one: %s", before, stale.body())
                .isEqualTo(412);
        softly.assertThat(etag(again)).as("the re-created one's ETag").isNotEqualTo(before);
        softly.assertAll();
    }

    @Test
    void aConditionalGetAnswersTheNewStateWhenTheServiceWasHeldOutOfRotationMeanwhile() {
        String service = """
                {"name": "ali-held", "type": "aliyun", "priority": 60, "endpoint": "http://%s", "accessKey": "%s",
                 "accessSecret": "%s", "signName": "%s", "readTimeout": "2s"}""";
        HttpResponse<String> created = a.post("/api/sms/services",
                service.formatted(aliyun.endpoint(), KEY_ID, SECRET, "Held"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> read = a.get("/api/sms/services/ali-held");
        assertThat(AdminApiClient.json(read).path("inRotation").asBoolean()).isTrue();
        String earlier = etag(read);

        // An ops-blocking answer (no balance) holds the service out of rotation: live state, no stored change.
        aliyun.failNext(1, Behaviour.vendorError("isv.AMOUNT_NOT_ENOUGH"));
        HttpResponse<String> test = a.post("/api/sms/services/ali-held/test", "{\"phone\": \"+8613800139401\"}");
        assertThat(AdminApiClient.json(test).path("providerErrorCode").asString()).as(test.body())
                .isEqualTo("isv.AMOUNT_NOT_ENOUGH");

        // The state changed: a plain GET shows it held.
        HttpResponse<String> now = a.get("/api/sms/services/ali-held");
        assertThat(AdminApiClient.json(now).path("inRotation").asBoolean()).as(now.body()).isFalse();
        assertThat(present(AdminApiClient.json(now).path("blockedUntil"))).as(now.body()).isTrue();

        HttpResponse<String> conditional = a.exchange("GET", "/api/sms/services/ali-held", null,
                "If-None-Match", earlier);

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(conditional.statusCode()).as("GET with If-None-Match %s", earlier).isEqualTo(200);
        if (conditional.statusCode() == 200) {
            JsonNode view = AdminApiClient.json(conditional);
            softly.assertThat(view.path("inRotation").asBoolean()).as("%s", view).isFalse();
            softly.assertThat(present(view.path("blockedUntil"))).as("blockedUntil in %s", view).isTrue();
        }
        // Whatever the ETag now says, the one a GET gives is the one an update names.
        HttpResponse<String> edited = a.exchange("PUT", "/api/sms/services/ali-held",
                service.formatted(aliyun.endpoint(), KEY_ID, SECRET, "Edited").replace("\"name\": \"ali-held\", ", ""),
                "If-Match", etag(now));
        softly.assertThat(edited.statusCode()).as("PUT with If-Match %s: %s", etag(now), edited.body())
                .isEqualTo(200);
        softly.assertAll();
    }

    private static boolean present(JsonNode field) {
        return !field.isNull() && !field.isMissingNode();
    }

    private static String etag(HttpResponse<String> response) {
        return response.headers().firstValue("ETag").orElseThrow(() ->
                new AssertionError("no ETag on " + response.statusCode() + " " + response.body()));
    }

    /** A worker (profile {@code it}) on this class's broker and {@code database}, with {@code more} arguments. */
    private static ConfigurableApplicationContext start(String database, String... more) {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=it", "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.datasource.url=" + database));
        args.addAll(List.of(more));
        return new SpringApplication(NotifierApplication.class).run(args.toArray(String[]::new));
    }
}
