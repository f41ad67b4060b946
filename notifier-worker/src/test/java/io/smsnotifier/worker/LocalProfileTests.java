package io.smsnotifier.worker;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.EventPublisher;
import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.worker.admin.AdminProperties;
import io.smsnotifier.worker.providers.sandbox.SandboxOutbox;
import io.smsnotifier.worker.secrets.SecretBox;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's run command: profile {@code local} brings its own broker, PostgreSQL and sandbox, and works, the
 * sandbox's report of delivery included.
 */
class LocalProfileTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsWithItsOwnBrokerAndDatabaseAndDeliversASampleLoginCode() throws Exception {
        try (ConfigurableApplicationContext context = LocalNotifierApplication.run(0, "--server.port=0")) {
            String port = context.getEnvironment().getProperty("local.server.port");
            String token = context.getBean(AdminProperties.class).token();
            String bootstrap = context.getEnvironment().getProperty("spring.kafka.bootstrap-servers");

            HttpResponse<String> health = get(port, "/actuator/health", token);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"db\":{").contains("\"kafka\":{");
            assertThat(get(port, "/actuator/health", null).body()).as("anonymous: the status alone")
                    .contains("\"status\":\"UP\"").doesNotContain("\"db\"");
            assertThat(get(port, "/api/sandbox/messages", null).statusCode()).isEqualTo(401);
            assertThat(token).startsWith("local-").hasSizeGreaterThan(30);
            SecretBox secrets = context.getBean(SecretBox.class);
            assertThat(secrets.canSeal()).as("a random key per start").isTrue();
            assertThat(secrets.open(secrets.seal("s3cr3t", "local"), "local")).isEqualTo("s3cr3t");

            String eventId = "local-" + System.nanoTime();
            try (EventPublisher publisher = new EventPublisher(bootstrap)) {
                publisher.publish(new LoginCodeRequested(eventId, Instant.now(), "+8613800138000", "246810",
                        Instant.now().plusSeconds(300), Channel.SMS, null, "SMS_LOGIN_1")).get(30, TimeUnit.SECONDS);
            }
            SandboxOutbox outbox = context.getBean(SandboxOutbox.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outbox.newestFirst(100))
                    .anySatisfy(message -> {
                        assertThat(message.eventId()).isEqualTo(eventId);
                        assertThat(message.text()).contains("246810");
                    }));
            HttpResponse<String> listing = get(port, "/api/sandbox/messages", token);
            assertThat(listing.statusCode()).isEqualTo(200);
            assertThat(listing.body()).contains(eventId).contains("+86138****8000").doesNotContain("+8613800138000");
            // A moment later the sandbox reports it delivered, as a handset would: the message's whole life.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    get(port, "/api/deliveries?eventId=" + eventId, token).body())
                    .contains("\"status\":\"DELIVERED\""));
        }
    }

    private HttpResponse<String> get(String port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
