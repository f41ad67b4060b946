package io.smsnotifier.worker.providers;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsnotifier.events.Channel;
import io.smsnotifier.it.TestPostgres;
import io.smsnotifier.worker.providers.sandbox.SandboxOutbox;
import io.smsnotifier.worker.templates.RenderedMessage;
import io.smsnotifier.worker.templates.SmsTemplate;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A half-open circuit has one trial permit here. When the ledger write before a request failed, the permit was
 * never given back and the service was refused for ever while health said UP. A real webhook over HTTP, real
 * PostgreSQL for the instance share.
 */
class CircuitPermitTests {

    private static final String PHONE = "+8613700000001";

    private final AtomicBoolean failing = new AtomicBoolean(true);
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aLedgerWriteThatFailsBeforeTheTrialRequestGivesTheHalfOpenPermitBack() throws Exception {
        SmsServices services = services();
        for (int i = 0; i < 2; i++) {
            assertThat(services.send(sms("fail-" + i), null, RequestJournal.NONE).owed()).containsExactly(PHONE);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> services.statuses().getFirst().circuit().equals("HALF_OPEN"));
        failing.set(false);

        RequestJournal brokenLedger = new RequestJournal() {
            @Override
            public void sending(String service, String outId, List<String> phones) {
                throw new IllegalStateException("database unreachable");
            }

            @Override
            public void notSent(List<String> phones) {
            }
        };
        assertThatThrownBy(() -> services.send(sms("ledger-down"), null, brokenLedger))
                .hasMessage("database unreachable");

        Dispatch next = services.send(sms("after"), null, RequestJournal.NONE);
        assertThat(next.delivered()).as("the trial request goes out once the ledger is back").containsKey(PHONE);
        assertThat(services.statuses().getFirst().circuit()).isEqualTo("CLOSED");
    }

    private SmsServices services() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sms", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(failing.get() ? 500 : 200, -1);
            exchange.close();
        });
        server.start();
        SmsServicesProperties.Service hook = new SmsServicesProperties.Service(SmsServicesProperties.Type.WEBHOOK,
                true, 1, 1, null, null, null, null, null, null, null, null,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/sms", Map.of(), null, false, true, List.of(),
                1000, null, Duration.ofSeconds(2), Duration.ofSeconds(5));
        SmsServicesProperties properties = new SmsServicesProperties(SmsServicesProperties.Routing.FAILOVER,
                Map.of("hook", hook), new SmsServicesProperties.CircuitBreaker(2, 2, 50, Duration.ofMillis(100), 1,
                Duration.ofSeconds(60)), Duration.ofMinutes(10));
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestPostgres.freshDatabaseUrl());
        Flyway.configure().dataSource(dataSource).load().migrate();
        InstanceShare share = new InstanceShare(new NamedParameterJdbcTemplate(dataSource), Duration.ofMillis(1),
                Duration.ofSeconds(5));
        share.beat();
        return new SmsServices(properties, new SandboxOutbox(), new SimpleMeterRegistry(), share);
    }

    private static OutgoingSms sms(String eventId) {
        SmsTemplate template = new SmsTemplate("T", "hello ${name}", List.of("name"), Map.of());
        return new OutgoingSms(eventId, "sms.notify", Channel.SMS,
                new RenderedMessage(template, Map.of("name", "x"), "hello x"), List.of(PHONE), Map.of(PHONE, 1L));
    }
}
