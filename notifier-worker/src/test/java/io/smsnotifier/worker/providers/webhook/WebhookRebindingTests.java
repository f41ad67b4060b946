package io.smsnotifier.worker.providers.webhook;

import com.sun.net.httpserver.HttpServer;
import io.smsnotifier.events.Channel;
import io.smsnotifier.worker.providers.DestinationPolicy;
import io.smsnotifier.worker.providers.DestinationProperties;
import io.smsnotifier.worker.providers.FailureClass;
import io.smsnotifier.worker.providers.OutgoingSms;
import io.smsnotifier.worker.providers.ProviderFailure;
import io.smsnotifier.worker.templates.RenderedMessage;
import io.smsnotifier.worker.templates.SmsTemplate;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DNS rebinding against a real HTTP server on loopback: the name answers an address inside the configured range
 * to whoever checks first and 127.0.0.1 afterwards. The policy runs inside the client's own lookup, so the
 * address it checks is the one the client connects to, and the server on loopback never hears from it. Before,
 * the guard resolved the name, approved the first answer, and the HTTP client resolved again and connected to
 * 127.0.0.1.
 */
class WebhookRebindingTests {

    private HttpServer server;
    private final AtomicInteger received = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sms", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aNameThatRebindsToLoopbackAfterTheFirstLookupIsNeverConnectedTo() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        Dns rebinding = hostname -> lookups.getAndIncrement() == 0
                ? List.of(InetAddress.getByName("10.20.0.7"))
                : List.of(InetAddress.getByName("127.0.0.1"));
        DestinationPolicy policy = policy("10.20.0.0/16");
        WebhookTarget target = new WebhookTarget(URI.create("http://rebind.example:" + server.getAddress().getPort()
                + "/sms"), policy, "notifier.sms.services.gw.url");
        assertThat(policy.vet(rebinding.lookup("rebind.example"), target.property(), false))
                .as("what the check at creation saw").hasSize(1);
        WebhookSmsProvider provider = new WebhookSmsProvider("gw", target, Map.of(), null, Duration.ofSeconds(1),
                Duration.ofSeconds(2), rebinding);

        assertThatThrownBy(() -> provider.send(sms())).isInstanceOfSatisfying(ProviderFailure.class, failure -> {
            assertThat(failure.failureClass()).isEqualTo(FailureClass.OPS_BLOCKING);
            assertThat(failure.reason()).contains("notifier.sms.services.gw.url").contains("loopback, private")
                    .contains("notifier.sms.allowed-private-networks");
        });
        assertThat(received).as("requests that reached the server on loopback").hasValue(0);
    }

    @Test
    void aLoopbackGatewayInAConfiguredRangeIsReached() {
        WebhookTarget target = new WebhookTarget(URI.create("http://gw.internal:" + server.getAddress().getPort()
                + "/sms"), policy("127.0.0.0/8"), "notifier.sms.services.gw.url");
        WebhookSmsProvider provider = new WebhookSmsProvider("gw", target, Map.of(), null, Duration.ofSeconds(1),
                Duration.ofSeconds(2), hostname -> List.of(InetAddress.getLoopbackAddress()));

        assertThat(provider.send(sms()).byPhone().get("+8613700000001").accepted()).isTrue();
        assertThat(received).hasValue(1);
    }

    @Test
    void metadataAddressesStayClosedInsideAConfiguredRangeUnlessNamedExactly() throws Exception {
        Dns metadata = hostname -> List.of(InetAddress.getByName("169.254.169.254"));
        WebhookTarget covered = new WebhookTarget(URI.create("http://meta.example/x"), policy("169.254.0.0/16"), "p");
        assertThatThrownBy(() -> covered.dns(metadata).lookup("meta.example"))
                .isInstanceOf(DestinationPolicy.Refused.class).hasMessageContaining("metadata");

        WebhookTarget named = new WebhookTarget(URI.create("http://meta.example/x"), policy("169.254.169.254/32"), "p");
        assertThat(named.dns(metadata).lookup("meta.example")).hasSize(1);
    }

    private static DestinationPolicy policy(String... ranges) {
        return new DestinationPolicy(new DestinationProperties(List.of(ranges)));
    }

    private static OutgoingSms sms() {
        SmsTemplate template = new SmsTemplate("T", "hello", List.of(), Map.of());
        return new OutgoingSms("e-1", "sms.notify", Channel.SMS, new RenderedMessage(template, Map.of(), "hello"),
                List.of("+8613700000001"), Map.of());
    }
}
