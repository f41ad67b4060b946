package io.smsnotifier.it;

import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One destination policy for every service type, through the admin API: with {@code 127.0.0.0/8} open (the
 * simulators' range in {@code application-it.yaml}) a service reaches the simulator, while metadata endpoints
 * and private addresses outside the range are refused field by field before anything is stored or sent,
 * whatever the service's own settings say. Before, vendor endpoints were not checked at all and a webhook's own
 * {@code allowPrivateNetwork} opened the private networks.
 */
class DestinationPolicyTests extends WorkerIntegrationTest {

    private static final String KEY_ID = "LTAI5tDestinationKey1";
    private static final String SECRET = "destination-secret-4b1e9d";

    private static final AliyunSmsSimulator aliyun = new AliyunSmsSimulator(KEY_ID, SECRET);

    @AfterAll
    static void stop() {
        aliyun.close();
    }

    @Test
    void refusesVendorEndpointsOnMetadataAndPrivateAddressesNamingTheSetting() {
        HttpResponse<String> metadata = admin().post("/api/sms/services", aliyunService("ali-metadata",
                "http://169.254.169.254"));
        HttpResponse<String> privateHost = admin().post("/api/sms/services", aliyunService("ali-private",
                "http://10.0.0.1:8080"));
        HttpResponse<String> tencent = admin().post("/api/sms/services", """
                {"name": "tx-private", "type": "tencent", "endpoint": "https://192.168.1.1", "secretId": "AKIDdest",
                 "secretKey": "tx-secret", "sdkAppId": "1400000000", "signName": "Dest"}""");

        assertThat(error(metadata, "endpoint")).contains("cloud metadata")
                .contains("notifier.sms.allowed-private-networks");
        assertThat(error(privateHost, "endpoint")).contains("loopback, private")
                .contains("notifier.sms.allowed-private-networks");
        assertThat(error(tencent, "endpoint")).contains("loopback, private");
        assertThat(names()).doesNotContain("ali-metadata", "ali-private", "tx-private");
    }

    @Test
    void refusesAWebhookToTheMetadataEndpointAlthoughLoopbackIsOpenAndTheServiceAsksForIt() {
        HttpResponse<String> asking = admin().post("/api/sms/services", """
                {"name": "hook-metadata-open", "type": "webhook", "url": "http://169.254.169.254/x",
                 "allowPrivateNetwork": true, "allowedAddresses": ["169.254.169.254"]}""");
        HttpResponse<String> webhook = admin().post("/api/sms/services", """
                {"name": "hook-metadata-open", "type": "webhook", "url": "http://169.254.169.254/x"}""");

        assertThat(asking.statusCode()).isEqualTo(400);
        assertThat(AdminApiClient.json(asking).path("errors").findValuesAsString("field"))
                .as("a stored document cannot open an address").containsExactlyInAnyOrder("allowPrivateNetwork",
                        "allowedAddresses");
        assertThat(error(webhook, "url")).contains("cloud metadata").contains("notifier.sms.allowed-private-networks");
        assertThat(names()).doesNotContain("hook-metadata-open");
    }

    @Test
    void aDraftToAnInternalAddressIsRefusedAlikeWhetherItsPortIsOpenOrNot() {
        HttpResponse<String> ssh = admin().post("/api/sms/services/test", """
                {"service": %s, "phone": "+8613800138390"}""".formatted(aliyunService("ali-scan",
                "http://10.0.0.1:22")));
        HttpResponse<String> web = admin().post("/api/sms/services/test", """
                {"service": %s, "phone": "+8613800138391"}""".formatted(aliyunService("ali-scan",
                "http://10.0.0.1:8080")));

        assertThat(error(ssh, "endpoint")).isEqualTo(error(web, "endpoint"));
    }

    @Test
    void anAliyunServiceOnTheSimulatorInsideTheConfiguredRangeSends() {
        HttpResponse<String> created = admin().post("/api/sms/services", aliyunService("ali-in-range",
                "http://" + aliyun.endpoint()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        HttpResponse<String> test = admin().post("/api/sms/services/ali-in-range/test",
                "{\"phone\": \"+8613800138392\"}");

        assertThat(AdminApiClient.json(test).path("status").asString()).as(test.body()).isEqualTo("SENT");
        assertThat(aliyun.sentTo("13800138392")).hasSize(1);
        admin().exchange("DELETE", "/api/sms/services/ali-in-range", null);
    }

    private static String aliyunService(String name, String endpoint) {
        return """
                {"name": "%s", "type": "aliyun", "priority": 70, "endpoint": "%s", "accessKey": "%s",
                 "accessSecret": "%s", "signName": "Dest", "readTimeout": "2s"}""".formatted(name, endpoint, KEY_ID,
                SECRET);
    }

    /** The message of the one field error a 400 answer names, which must be {@code field}. */
    private static String error(HttpResponse<String> response, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode errors = AdminApiClient.json(response).path("errors");
        assertThat(errors.size()).as(response.body()).isEqualTo(1);
        assertThat(errors.get(0).path("field").asString()).isEqualTo(field);
        return errors.get(0).path("message").asString();
    }

    private List<String> names() {
        return AdminApiClient.json(admin().get("/api/sms/services")).findValuesAsString("name");
    }
}
