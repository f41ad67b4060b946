package io.smsnotifier.it;

import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.worker.NotifierApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The secrets key over a deployment's life, one database, the worker restarted between the steps: without a key
 * no secret is stored; a service sealed under the first key keeps sending after a rotation that lists it as a
 * previous key; a re-seal puts every secret under the new key, after which the old one can go.
 */
class SecretKeyRotationTests {

    private static final String KEY_ID = "LTAI5tRotationKeyId01";
    private static final String SECRET = "rotation-secret-93c1d7";

    private static final AliyunSmsSimulator aliyun = new AliyunSmsSimulator(KEY_ID, SECRET);
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
    void aRotatedKeyStillOpensUntilTheReSealAndThenTheOldKeyCanGo() {
        String firstKey = newKey();
        String secondKey = newKey();
        String receiptUrl;

        try (ConfigurableApplicationContext worker = start("")) {
            AdminApiClient admin = AdminApiClient.of(worker);
            HttpResponse<String> refused = admin.post("/api/sms/services", service());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(AdminApiClient.json(refused).path("detail").asString()).contains("notifier.secrets.key")
                    .doesNotContain(SECRET);
            assertThat(admin.post("/api/sms/services", "{\"name\": \"sandbox-2\", \"type\": \"sandbox\"}")
                    .statusCode()).as("a service without secrets needs no key").isEqualTo(201);
        }
        try (ConfigurableApplicationContext worker = start(firstKey)) {
            AdminApiClient admin = AdminApiClient.of(worker);
            assertThat(admin.post("/api/sms/services", service()).statusCode()).isEqualTo(201);
            assertThat(testSend(admin, "+8613800138301")).isEqualTo("SENT");
            // The version this replaces is kept, sealed, for rows in doubt that name it: re-sealed with the rest.
            String signedAnew = service().replace("\"signName\": \"Rotation\"", "\"signName\": \"Rotation 2\"");
            assertThat(admin.exchange("PUT", "/api/sms/services/ali-rotated", signedAnew, "If-Match", "\"1\"")
                    .statusCode()).isEqualTo(200);
            // Its receipt address: a secret of its own, sealed under this key, re-sealed with the rest.
            receiptUrl = receiptUrl(admin);
        }
        List<String> keyIdsBefore = keyIds();
        try (ConfigurableApplicationContext worker = start(secondKey, "--notifier.secrets.previous-keys=" + firstKey)) {
            AdminApiClient admin = AdminApiClient.of(worker);
            assertThat(testSend(admin, "+8613800138302")).as("opened with the previous key").isEqualTo("SENT");

            HttpResponse<String> resealed = admin.post("/api/secrets/reseal", "{}");

            assertThat(resealed.statusCode()).as(resealed.body()).isEqualTo(200);
            assertThat(AdminApiClient.json(resealed).path("resealed").asInt())
                    .as("the service, its kept version and its receipt secret").isEqualTo(3);
            assertThat(AdminApiClient.json(admin.post("/api/secrets/reseal", "{}")).path("resealed").asInt())
                    .as("nothing left under the old key").isZero();
            assertThat(admin.get("/api/audit?action=secrets.reseal").body()).contains("\"resealed\":3");
        }
        assertThat(keyIds()).hasSize(1).doesNotContainAnyElementsOf(keyIdsBefore);
        try (ConfigurableApplicationContext worker = start(secondKey)) {
            AdminApiClient admin = AdminApiClient.of(worker);
            assertThat(testSend(admin, "+8613800138303")).as("the old key gone").isEqualTo("SENT");
            assertThat(receiptUrl(admin)).as("the same receipt address").isEqualTo(receiptUrl);
        }
        assertThat(aliyun.accepted()).hasSize(3).allSatisfy(call -> assertThat(call.accessKeyId()).isEqualTo(KEY_ID));
    }

    private static String service() {
        return """
                {"name": "ali-rotated", "type": "aliyun", "priority": 50, "endpoint": "http://%s", "accessKey": "%s",
                 "accessSecret": "%s", "signName": "Rotation", "readTimeout": "2s"}"""
                .formatted(aliyun.endpoint(), KEY_ID, SECRET);
    }

    private static String receiptUrl(AdminApiClient admin) {
        String url = AdminApiClient.json(admin.get("/api/sms/services/ali-rotated")).path("receiptUrl").asString();
        assertThat(url).contains("/receipts/aliyun/ali-rotated/");
        return url.substring(url.lastIndexOf('/'));
    }

    private static String testSend(AdminApiClient admin, String phone) {
        HttpResponse<String> sent = admin.post("/api/sms/services/ali-rotated/test", "{\"phone\": \"" + phone + "\"}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        return AdminApiClient.json(sent).path("status").asString();
    }

    /** The ids of the keys the stored secrets (kept versions' too) are sealed under, read from the tables. */
    private static List<String> keyIds() {
        return new JdbcTemplate(new DriverManagerDataSource(database)).queryForList(
                "select key_id from sms_service_secrets union select key_id from sms_service_revision_secrets "
                        + "union select key_id from receipt_secrets",
                String.class);
    }

    private static ConfigurableApplicationContext start(String key, String... more) {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=it", "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.datasource.url=" + database, "--notifier.secrets.key=" + key));
        args.addAll(List.of(more));
        return new SpringApplication(NotifierApplication.class).run(args.toArray(String[]::new));
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
