package io.smsnotifier.worker.providers.tencent;

import com.sun.net.httpserver.HttpServer;
import io.smsnotifier.events.Channel;
import io.smsnotifier.worker.providers.DestinationPolicy;
import io.smsnotifier.worker.providers.DestinationProperties;
import io.smsnotifier.worker.providers.FailureClass;
import io.smsnotifier.worker.providers.OutgoingSms;
import io.smsnotifier.worker.providers.ProviderFailure;
import io.smsnotifier.worker.providers.VendorEndpoint;
import io.smsnotifier.worker.templates.RenderedMessage;
import io.smsnotifier.worker.templates.SmsTemplate;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Tencent Cloud SDK connects through the endpoint's lookup, so the destination policy judges the address it
 * connects to: a name that resolves to loopback when only another range is open never reaches the server on
 * loopback. Before, nothing was checked.
 */
class TencentDestinationTests {

    private static final String ENDPOINT = "notifier.sms.services.tx.endpoint";

    private HttpServer server;
    private final AtomicInteger received = new AtomicInteger();
    private final List<String> lookedUp = new CopyOnWriteArrayList<>();
    private final Dns loopback = hostname -> {
        lookedUp.add(hostname);
        return List.of(InetAddress.getByName("127.0.0.1"));
    };

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            byte[] answer = """
                    {"Response":{"SendStatusSet":[{"PhoneNumber":"+8613700000001","Code":"Ok","SerialNo":"s-1",
                    "Fee":1,"SessionContext":"","Message":"send success","IsoCode":"CN"}],"RequestId":"r-1"}}"""
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aNameThatResolvesToARefusedAddressIsNeverConnectedTo() {
        try (TencentSmsProvider provider = provider(policy("10.20.0.0/16"))) {
            assertThatThrownBy(() -> provider.send(sms())).isInstanceOfSatisfying(ProviderFailure.class, failure -> {
                assertThat(failure.failureClass()).isEqualTo(FailureClass.OPS_BLOCKING);
                assertThat(failure.reason()).startsWith(ENDPOINT + " resolves to a loopback")
                        .contains("notifier.sms.allowed-private-networks");
            });
        }
        assertThat(lookedUp).contains("sms.example");
        assertThat(received).as("requests that reached the server on loopback").hasValue(0);
    }

    @Test
    void anAddressInAConfiguredRangeIsReachedThroughTheSameLookup() {
        try (TencentSmsProvider provider = provider(policy("127.0.0.0/8"))) {
            assertThat(provider.send(sms()).byPhone().get("+8613700000001").accepted()).isTrue();
        }
        assertThat(lookedUp).as("the SDK resolved through the endpoint's lookup").contains("sms.example");
        assertThat(received).hasValue(1);
    }

    private TencentSmsProvider provider(DestinationPolicy policy) {
        VendorEndpoint endpoint = new VendorEndpoint("sms.example:" + server.getAddress().getPort(), false,
                policy.dns(loopback, ENDPOINT, false));
        return new TencentSmsProvider("tx", "ap-guangzhou", endpoint, "AKIDtest", "secret", "1400000000", "Sign", null,
                0, Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    private static DestinationPolicy policy(String... ranges) {
        return new DestinationPolicy(new DestinationProperties(List.of(ranges)));
    }

    private static OutgoingSms sms() {
        SmsTemplate template = new SmsTemplate("1234567", "hello", List.of(), Map.of());
        return new OutgoingSms("e-1", "sms.notify", Channel.SMS, new RenderedMessage(template, Map.of(), "hello"),
                List.of("+8613700000001"), Map.of());
    }
}
