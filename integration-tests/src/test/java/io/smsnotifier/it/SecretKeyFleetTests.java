package io.smsnotifier.it;

import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.worker.NotifierApplication;
import io.smsnotifier.worker.instances.Instances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A key rotation across two worker instances on one database: worker A already has the new key (K2, with K1 as
 * previous), worker B only the old one (K1). A re-seal through A would leave B unable to open any stored secret,
 * so it is refused, naming B and K2, and nothing is sealed again; once B holds K2 too, the re-seal goes through
 * and both instances keep every service.
 */
class SecretKeyFleetTests {

    // Test keys only (openssl rand -base64 32); the ids were computed with openssl, not with the worker's code:
    // echo -n "sms-notifier secret key id" | openssl dgst -sha256 -mac HMAC -macopt hexkey:<key in hex> | cut -c1-16
    private static final String K1 = "DVtsj9hA+4seYaMaaPPWAmzbEtxfbCGV1rPh+44zlSU=";
    private static final String K1_ID = "a1fa67d67a5f8212";
    private static final String K2 = "d29fFeWGAzTUyEw/OtbBcne8xj63vyleHS4yWmUaCes=";
    private static final String K2_ID = "90e536e88e222f23";

    private static final String ACCESS_KEY = "LTAI5tFleetKeyId0001";
    private static final String SECRET = "fleet-secret-5be0a2";

    private static final AliyunSmsSimulator aliyun = new AliyunSmsSimulator(ACCESS_KEY, SECRET);
    private static EmbeddedKafkaKraftBroker broker;
    private static String database;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        database = TestPostgres.freshDatabaseUrl();
    }

    @AfterAll
    static void stop() {
        broker.destroy();
        aliyun.close();
    }

    @Test
    void aReSealWaitsUntilEveryLiveInstanceHoldsTheCurrentKey() {
        try (ConfigurableApplicationContext a = start(K2, "--notifier.secrets.previous-keys=" + K1)) {
            AdminApiClient adminA = AdminApiClient.of(a);
            String bId;
            try (ConfigurableApplicationContext b = start(K1)) {
                AdminApiClient adminB = AdminApiClient.of(b);
                bId = b.getBean(Instances.class).instanceId();
                assertThat(adminB.post("/api/sms/services", service("ali-old")).statusCode()).isEqualTo(201);
                assertThat(adminA.post("/api/sms/services", service("ali-new")).statusCode()).isEqualTo(201);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(unavailable(adminA, "ali-old")).as("A opens K1 as a previous key").isEmpty();
                    assertThat(unavailable(adminB, "ali-new")).as("B lacks K2 and says so")
                            .contains("cannot be opened").contains(K2_ID);
                });
                assertThat(healthReason(adminB, "ali-new")).contains(K2_ID);
                awaitTwoLiveInstances();

                HttpResponse<String> refused = adminA.post("/api/secrets/reseal", "{}");

                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
                JsonNode problem = AdminApiClient.json(refused);
                assertThat(problem.path("detail").asString()).contains(bId).contains(K2_ID);
                assertThat(problem.path("keyId").asString()).isEqualTo(K2_ID);
                assertThat(problem.path("instances")).hasSize(1);
                assertThat(problem.path("instances").get(0).path("instanceId").asString()).isEqualTo(bId);
                assertThat(problem.path("instances").get(0).path("hostName").asString()).isNotBlank();
                assertThat(storedKeyIds("ali-old")).as("nothing sealed again").containsOnly(K1_ID);
                assertThat(testSend(adminB, "ali-old", "+8613800138401")).as("B keeps its service").isEqualTo("SENT");

                JsonNode keys = AdminApiClient.json(adminA.withToken(AdminApiClient.VIEWER_TOKEN)
                        .get("/api/secrets/keys"));
                assertThat(keys.path("currentKeyId").asString()).isEqualTo(K2_ID);
                assertThat(keys.path("resealable").asBoolean()).isFalse();
                assertThat(instance(keys, bId).path("currentKeyId").asString()).isEqualTo(K1_ID);
                assertThat(instance(keys, bId).path("keyIds").toString()).isEqualTo("[\"" + K1_ID + "\"]");
                assertThat(instance(keys, bId).path("holdsCurrentKey").asBoolean()).isFalse();
                assertThat(instance(keys, a.getBean(Instances.class).instanceId()).path("keyIds").toString())
                        .isEqualTo("[\"" + K2_ID + "\",\"" + K1_ID + "\"]");
            }
            try (ConfigurableApplicationContext b = start(K2, "--notifier.secrets.previous-keys=" + K1)) {
                AdminApiClient adminB = AdminApiClient.of(b);
                awaitTwoLiveInstances();

                HttpResponse<String> resealed = adminA.post("/api/secrets/reseal", "{}");

                assertThat(resealed.statusCode()).as(resealed.body()).isEqualTo(200);
                // ali-old's secret, and the receipt address B made for ali-new when an operator first read it
                // there (issue 20), both sealed under K1.
                assertThat(AdminApiClient.json(resealed).path("resealed").asInt()).isEqualTo(2);
                assertThat(storedKeyIds("ali-old")).containsOnly(K2_ID);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    JsonNode versions = AdminApiClient.json(adminB.get("/api/sms/catalog"));
                    assertThat(versions.path("inForce").asLong()).isEqualTo(versions.path("stored").asLong());
                });
                for (AdminApiClient admin : List.of(adminA, adminB)) {
                    for (String name : List.of("ali-old", "ali-new")) {
                        assertThat(unavailable(admin, name)).isEmpty();
                        assertThat(testSend(admin, name, "+8613800138402")).isEqualTo("SENT");
                    }
                }
            }
        }
    }

    /**
     * Until two instances beat, the B started last being one of them (a B that stopped deleted its row). Read from
     * the table itself, so that the wait does not depend on what is being tested.
     */
    private static void awaitTwoLiveInstances() {
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database));
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject(
                "select count(*) from worker_instances where heartbeat_at > now() - interval '5 seconds'",
                Integer.class) == 2);
    }

    private static JsonNode instance(JsonNode keys, String instanceId) {
        for (JsonNode instance : keys.path("instances")) {
            if (instance.path("instanceId").asString().equals(instanceId)) {
                return instance;
            }
        }
        throw new AssertionError("instance " + instanceId + " not listed: " + keys);
    }

    private static String unavailable(AdminApiClient admin, String name) {
        HttpResponse<String> view = admin.get("/api/sms/services/" + name);
        assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
        JsonNode unavailable = AdminApiClient.json(view).path("unavailable");
        return unavailable.isNull() || unavailable.isMissingNode() ? "" : unavailable.asString();
    }

    private static String healthReason(AdminApiClient admin, String name) {
        JsonNode health = AdminApiClient.json(admin.get("/actuator/health/smsServices"));
        assertThat(health.path("components").path(name).path("status").asString()).isEqualTo("DOWN");
        return health.path("components").path(name).path("details").path("reason").asString();
    }

    private static String service(String name) {
        return """
                {"name": "%s", "type": "aliyun", "priority": 50, "endpoint": "http://%s", "accessKey": "%s",
                 "accessSecret": "%s", "signName": "Fleet", "readTimeout": "2s"}"""
                .formatted(name, aliyun.endpoint(), ACCESS_KEY, SECRET);
    }

    private static String testSend(AdminApiClient admin, String service, String phone) {
        HttpResponse<String> sent = admin.post("/api/sms/services/" + service + "/test",
                "{\"phone\": \"" + phone + "\"}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        return AdminApiClient.json(sent).path("status").asString();
    }

    /** The ids of the keys a service's secrets are sealed under, read from the table itself. */
    private static List<String> storedKeyIds(String service) {
        return new JdbcTemplate(new DriverManagerDataSource(database)).queryForList(
                "select distinct key_id from sms_service_secrets where service_name = ?", String.class, service);
    }

    private static ConfigurableApplicationContext start(String key, String... more) {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=it", "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.datasource.url=" + database, "--notifier.secrets.key=" + key));
        args.addAll(List.of(more));
        return new SpringApplication(NotifierApplication.class).run(args.toArray(String[]::new));
    }
}
