package io.smsnotifier.it;

import io.smsnotifier.events.EventJson;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint but health needs the admin bearer token. */
class AdminApiTests extends WorkerIntegrationTest {

    @Test
    void sandboxListingAndMetricsAnswer401WithoutTheToken() {
        for (String path : new String[] {"/api/sandbox/messages", "/actuator/prometheus", "/actuator/info", "/nowhere"}) {
            HttpResponse<String> response = admin().anonymous().get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
        }
        assertThat(admin().withToken("wrong-token-0123456789").get("/api/sandbox/messages").statusCode())
                .isEqualTo(401);
    }

    @Test
    void sandboxListingAndMetricsAnswerWithTheToken() {
        HttpResponse<String> messages = admin().get("/api/sandbox/messages");
        assertThat(messages.statusCode()).isEqualTo(200);
        assertThat(messages.body()).startsWith("[");

        HttpResponse<String> metrics = admin().get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void healthAnswersWithoutTheTokenWithTheStatusAlone() {
        HttpResponse<String> health = admin().anonymous().health();
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(EventJson.mapper().readTree(health.body()).propertyNames()).as("no components, no details")
                .isSubsetOf("status", "groups");
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void healthShowsItsComponentsToTheAdminToken() {
        HttpResponse<String> health = admin().health();
        assertThat(EventJson.mapper().readTree(health.body()).path("components").propertyNames())
                .contains("db", "kafka", "smsServices");
    }
}
