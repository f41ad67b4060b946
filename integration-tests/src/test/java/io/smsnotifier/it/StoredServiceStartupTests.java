package io.smsnotifier.it;

import io.smsnotifier.worker.NotifierApplication;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored service that this worker cannot build (here a webhook to 10.255.255.1, stored by a worker whose
 * configuration allowed 10.0.0.0/8, started again without it) is shown unavailable and DOWN with the reason; it
 * does not stop the worker, nor the other services, nor later changes to the catalog.
 */
class StoredServiceStartupTests {

    private static final String SERVICE = "w-ten";

    private static EmbeddedKafkaKraftBroker broker;
    private static String database;
    private static ConfigurableApplicationContext second;
    /** Why the second worker did not start, if it did not: each test says so rather than erroring in setup. */
    private static RuntimeException secondFailed;

    @BeforeAll
    static void storeTheServiceThenRestartWithoutItsNetwork() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        database = TestPostgres.freshDatabaseUrl();

        try (ConfigurableApplicationContext first =
                     start("--notifier.sms.allowed-private-networks=10.0.0.0/8,127.0.0.0/8")) {
            // Nothing listens there: the address is only checked, never connected to, in these tests.
            HttpResponse<String> created = AdminApiClient.of(first).post("/api/sms/services", """
                    {"name": "%s", "type": "webhook", "priority": 60, "url": "http://10.255.255.1:9/hook"}"""
                    .formatted(SERVICE));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        try {
            second = start();
        } catch (RuntimeException e) {
            secondFailed = e;
        }
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        broker.destroy();
    }

    @Test
    void theWorkerStartsAndShowsTheServiceDownWhileTheSandboxSends() {
        AdminApiClient admin = secondWorker();

        JsonNode view = AdminApiClient.json(admin.get("/api/sms/services/" + SERVICE));
        assertThat(view.path("unavailable").isNull() || view.path("unavailable").isMissingNode())
                .as("unavailable in %s", view).isFalse();
        // The wording is the fix's to choose; it must say the address is not allowed here.
        assertThat(view.path("unavailable").asString())
                .containsAnyOf("not allowed", "allowed-private-networks");
        JsonNode services = AdminApiClient.json(admin.health()).path("components").path("smsServices")
                .path("components");
        assertThat(services.path(SERVICE).path("status").asString()).as("health: %s", services).isEqualTo("DOWN");
        assertThat(services.path("sandbox").path("status").asString()).as("health: %s", services).isEqualTo("UP");

        HttpResponse<String> sent = admin.sendSms(List.of("+8613800139301"), "ORDER_NOTIFY",
                Map.of("username", "u1", "amount", "1.00"), null);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        assertThat(AdminApiClient.json(sent).path("results")).singleElement().satisfies(result -> {
            assertThat(result.path("status").asString()).isEqualTo("SENT");
            assertThat(result.path("service").asString()).isEqualTo("sandbox");
        });
    }

    @Test
    void aLaterChangeIsInForceAtOnce() {
        AdminApiClient admin = secondWorker();

        HttpResponse<String> created = admin.post("/api/sms/services", """
                {"name": "sb-2", "type": "sandbox", "priority": 50}""");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        // The instance that made the change has it in force when it answers: no waiting.
        JsonNode versions = AdminApiClient.json(admin.get("/api/sms/catalog"));
        assertThat(versions.path("inForce").asLong()).as("%s", versions)
                .isEqualTo(versions.path("stored").asLong());
        JsonNode listed = null;
        for (JsonNode service : AdminApiClient.json(admin.services())) {
            if ("sb-2".equals(service.path("name").asString())) {
                listed = service;
            }
        }
        assertThat(listed).as("sb-2 listed").isNotNull();
        assertThat(listed.path("inRotation").asBoolean()).as("%s", listed).isTrue();
    }

    private static AdminApiClient secondWorker() {
        if (secondFailed != null) {
            throw new AssertionError("the worker did not start with a stored service it cannot build: "
                    + rootMessage(secondFailed), secondFailed);
        }
        return AdminApiClient.of(second);
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /** A worker (profile {@code it}) on this class's broker and database, with {@code more} arguments. */
    private static ConfigurableApplicationContext start(String... more) {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=it", "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.datasource.url=" + database));
        args.addAll(List.of(more));
        return new SpringApplication(NotifierApplication.class).run(args.toArray(String[]::new));
    }
}
