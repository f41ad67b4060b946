package io.smsnotifier.worker.providers.webhook;

import com.sun.net.httpserver.Headers;
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

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a user's gateway receives, read by a real HTTP server on loopback, and how its answers are taken. */
class WebhookSmsProviderTests {

    private static final String PHONE = "+8613700000001";

    private final AtomicReference<Headers> headers = new AtomicReference<>();
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> answer = new AtomicReference<>("");
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sms", exchange -> {
            headers.set(exchange.getRequestHeaders());
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answered = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), answered.length == 0 ? -1 : answered.length);
            if (answered.length > 0) {
                exchange.getResponseBody().write(answered);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theGatewayGetsTheConfiguredHeadersAndTheEstablishedBody() {
        try (WebhookSmsProvider provider = provider(Map.of("Authorization", "Bearer t0k3n", "X-Tenant", "ops"))) {
            assertThat(provider.send(sms(Channel.SMS)).byPhone().get(PHONE).accepted()).isTrue();
        }

        assertThat(headers.get().getFirst("Authorization")).isEqualTo("Bearer t0k3n");
        assertThat(headers.get().getFirst("X-Tenant")).isEqualTo("ops");
        assertThat(headers.get().getFirst("Content-Type")).startsWith("application/json");
        assertThat(body.get()).contains("\"Type\":1").contains("\"Mobiles\":[\"" + PHONE + "\"]")
                .contains("\"Message\":\"hello x\"").contains("\"Signature\":\"Acme\"");
    }

    @Test
    void aVoiceCodeGoesAsTypeTwoWithTheCode() {
        try (WebhookSmsProvider provider = provider(Map.of())) {
            provider.send(sms(Channel.VOICE));
        }

        assertThat(body.get()).contains("\"Type\":2").contains("\"Mobile\":\"" + PHONE + "\"")
                .contains("\"Code\":\"x\"");
    }

    @Test
    void refusedCredentialsBlockTheServiceAndServerErrorsAreRetryable() {
        try (WebhookSmsProvider provider = provider(Map.of())) {
            status.set(401);
            assertThatThrownBy(() -> provider.send(sms(Channel.SMS))).isInstanceOfSatisfying(ProviderFailure.class,
                    failure -> assertThat(failure.failureClass()).isEqualTo(FailureClass.OPS_BLOCKING));
            status.set(503);
            assertThatThrownBy(() -> provider.send(sms(Channel.SMS))).isInstanceOfSatisfying(ProviderFailure.class,
                    failure -> assertThat(failure.failureClass()).isEqualTo(FailureClass.RETRYABLE));
            status.set(400);
            assertThatThrownBy(() -> provider.send(sms(Channel.SMS))).isInstanceOfSatisfying(ProviderFailure.class,
                    failure -> assertThat(failure.failureClass()).isEqualTo(FailureClass.PERMANENT_FOR_EVENT));
        }
    }

    @Test
    void theAnswersMessageIdIsKeptForEveryNumberOfTheRequest() {
        answer.set("{\"messageId\":\"gw-2026/07:a^1\",\"ok\":true}");
        try (WebhookSmsProvider provider = provider(Map.of())) {
            assertThat(provider.send(sms(Channel.SMS)).byPhone().get(PHONE).providerMessageId())
                    .isEqualTo("gw-2026/07:a^1");
            assertThat(provider.send(sms(Channel.VOICE)).byPhone().get(PHONE).providerMessageId())
                    .isEqualTo("gw-2026/07:a^1");
        }
    }

    @Test
    void anAnswerWithoutAUsableIdIsStillAcceptedWithoutOne() {
        List<String> answers = List.of("", "{\"ok\":true}", "not json", "[\"x\"]", "{\"messageId\":null}",
                "{\"messageId\":12345}", "{\"messageId\":\"\"}", "{\"messageId\":\"" + "x".repeat(65) + "\"}",
                "{\"messageId\":\"a b\"}", "{\"messageId\":\"a\\nb\"}", "{\"messageId\":\"<script>\"}",
                "{\"messageId\":\"x\",\"pad\":\"" + "y".repeat(WebhookSmsProvider.MAX_ANSWER) + "\"}");
        try (WebhookSmsProvider provider = provider(Map.of())) {
            for (String given : answers) {
                answer.set(given);
                assertThat(provider.send(sms(Channel.SMS)).byPhone().get(PHONE)).as(given).satisfies(result -> {
                    assertThat(result.accepted()).isTrue();
                    assertThat(result.providerMessageId()).isNull();
                });
            }
        }
    }

    @Test
    void anErrorAnswerIsNotReadForAnId() {
        status.set(400);
        answer.set("{\"messageId\":\"m-1\"}");
        try (WebhookSmsProvider provider = provider(Map.of())) {
            assertThatThrownBy(() -> provider.send(sms(Channel.SMS))).isInstanceOf(ProviderFailure.class);
        }
    }

    private WebhookSmsProvider provider(Map<String, String> configuredHeaders) {
        DestinationPolicy loopbackOpen = new DestinationPolicy(new DestinationProperties(List.of("127.0.0.0/8")));
        WebhookTarget target = WebhookTarget.of(loopbackOpen,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/sms", "notifier.sms.services.gw.url");
        return new WebhookSmsProvider("gw", target, configuredHeaders, "Acme", Duration.ofSeconds(1),
                Duration.ofSeconds(2), Dns.SYSTEM);
    }

    private static OutgoingSms sms(Channel channel) {
        SmsTemplate template = new SmsTemplate("T", "hello ${code}", List.of("code"), Map.of());
        return new OutgoingSms("e-1", "sms.notify", channel, new RenderedMessage(template, Map.of("code", "x"),
                "hello x"), List.of(PHONE), Map.of());
    }
}
