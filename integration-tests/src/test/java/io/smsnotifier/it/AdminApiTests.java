package io.smsnotifier.it;

import io.smsnotifier.events.EventJson;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint but health needs the admin bearer token. */
class AdminApiTests extends WorkerIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Test
    void sandboxListingAndMetricsAnswer401WithoutTheToken() throws Exception {
        for (String path : new String[] {"/api/sandbox/messages", "/actuator/prometheus", "/actuator/info", "/nowhere"}) {
            HttpResponse<String> response = get(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
        }
        assertThat(get("/api/sandbox/messages", "wrong-token-0123456789").statusCode()).isEqualTo(401);
    }

    @Test
    void sandboxListingAndMetricsAnswerWithTheToken() throws Exception {
        HttpResponse<String> messages = get("/api/sandbox/messages", ADMIN_TOKEN);
        assertThat(messages.statusCode()).isEqualTo(200);
        assertThat(messages.body()).startsWith("[");

        HttpResponse<String> metrics = get("/actuator/prometheus", ADMIN_TOKEN);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void healthAnswersWithoutTheTokenWithTheStatusAlone() throws Exception {
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(EventJson.mapper().readTree(health.body()).propertyNames()).as("no components, no details")
                .isSubsetOf("status", "groups");
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void healthShowsItsComponentsToTheAdminToken() throws Exception {
        HttpResponse<String> health = get("/actuator/health", ADMIN_TOKEN);
        assertThat(EventJson.mapper().readTree(health.body()).path("components").propertyNames())
                .contains("db", "kafka", "smsServices");
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
