package io.smsnotifier.worker.providers.webhook;

import com.sun.net.httpserver.HttpServer;
import io.smsnotifier.events.Channel;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DNS rebinding against a real HTTP server on loopback: the name answers a public address to whoever checks
 * first and 127.0.0.1 afterwards. The guard runs inside the client's own lookup, so the address it checks is
 * the one the client connects to, and the server on loopback never hears from it. Before, the guard resolved
 * the name, approved the public answer, and the HTTP client resolved again and connected to 127.0.0.1.
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
                ? List.of(InetAddress.getByName("93.184.216.34"))
                : List.of(InetAddress.getByName("127.0.0.1"));
        WebhookTarget target = new WebhookTarget("http://rebind.example:" + server.getAddress().getPort() + "/sms",
                false, List.of(), "notifier.sms.services.gw.url");
        target.vet("rebind.example", rebinding.lookup("rebind.example"));
        WebhookSmsProvider provider = new WebhookSmsProvider("gw", target, Map.of(), null, Duration.ofSeconds(1),
                Duration.ofSeconds(2), rebinding);

        assertThatThrownBy(() -> provider.send(sms())).isInstanceOfSatisfying(ProviderFailure.class, failure -> {
            assertThat(failure.failureClass()).isEqualTo(FailureClass.OPS_BLOCKING);
            assertThat(failure.reason()).contains("loopback, private");
        });
        assertThat(received).as("requests that reached the server on loopback").hasValue(0);
    }

    @Test
    void aLoopbackGatewayAllowedOnPurposeIsReached() {
        WebhookTarget target = new WebhookTarget("http://gw.internal:" + server.getAddress().getPort() + "/sms",
                true, List.of(), "notifier.sms.services.gw.url");
        WebhookSmsProvider provider = new WebhookSmsProvider("gw", target, Map.of(), null, Duration.ofSeconds(1),
                Duration.ofSeconds(2), hostname -> List.of(InetAddress.getLoopbackAddress()));

        assertThat(provider.send(sms()).byPhone().get("+8613700000001").accepted()).isTrue();
        assertThat(received).hasValue(1);
    }

    @Test
    void metadataAddressesStayClosedWithPrivateNetworksAllowedUnlessListed() throws Exception {
        WebhookTarget allowingPrivate = new WebhookTarget("http://meta.example/x", true, List.of(), "p");
        assertThatThrownBy(() -> allowingPrivate.vet("meta.example",
                List.of(InetAddress.getByName("169.254.169.254"))))
                .isInstanceOf(WebhookTarget.BlockedAddressException.class).hasMessageContaining("metadata");
        assertThatThrownBy(() -> allowingPrivate.vet("meta.example",
                List.of(InetAddress.getByName("100.100.100.200")))).hasMessageContaining("metadata");

        WebhookTarget listed = new WebhookTarget("http://meta.example/x", false, List.of("169.254.169.254"), "p");
        assertThat(listed.vet("meta.example", List.of(InetAddress.getByName("169.254.169.254")))).hasSize(1);
    }

    private static OutgoingSms sms() {
        SmsTemplate template = new SmsTemplate("T", "hello", List.of(), Map.of());
        return new OutgoingSms("e-1", "sms.notify", Channel.SMS, new RenderedMessage(template, Map.of(), "hello"),
                List.of("+8613700000001"), Map.of());
    }
}
