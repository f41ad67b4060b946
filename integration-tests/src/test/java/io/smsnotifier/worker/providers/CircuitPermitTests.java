package io.smsnotifier.worker.providers;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsnotifier.events.Channel;
import io.smsnotifier.it.TestPostgres;
import io.smsnotifier.worker.templates.RenderedMessage;
import io.smsnotifier.worker.templates.SmsTemplate;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A half-open circuit has one trial permit here. When the ledger write before a request failed, the permit was
 * never given back and the service was refused for ever while health said UP. A real webhook over HTTP, real
 * PostgreSQL for the instances' heartbeats, the providers' own wiring.
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
        webhook().run(context -> {
            SmsServices services = context.getBean(SmsServices.class);
            ServiceStatuses statuses = context.getBean(ServiceStatuses.class);
            for (int i = 0; i < 2; i++) {
                assertThat(services.send(sms("fail-" + i), null, RequestJournal.NONE).owed()).containsExactly(PHONE);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> statuses.statuses().getFirst().circuit().equals("HALF_OPEN"));
            failing.set(false);

            RequestJournal brokenLedger = new RequestJournal() {
                @Override
                public boolean sending(String service, Long revision, String outId, List<String> phones) {
                    throw new IllegalStateException("database unreachable");
                }

                @Override
                public void notSent(List<String> phones) {
                }
            };
            Dispatch down = services.send(sms("ledger-down"), null, brokenLedger);
            assertThat(down.owed()).as("the request never left: owed, not in doubt").containsExactly(PHONE);
            assertThat(down.inDoubt()).isEmpty();
            assertThat(down.lastFailure().reason()).contains("before it left").doesNotContain("database unreachable");

            Dispatch next = services.send(sms("after"), null, RequestJournal.NONE);
            assertThat(next.delivered()).as("the trial request goes out once the ledger is back").containsKey(PHONE);
            assertThat(statuses.statuses().getFirst().circuit()).isEqualTo("CLOSED");
        });
    }

    /** The providers and instances alone, with one webhook service on a loopback server that fails until told. */
    private ApplicationContextRunner webhook() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sms", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(failing.get() ? 500 : 200, -1);
            exchange.close();
        });
        server.start();
        return new ApplicationContextRunner().withUserConfiguration(ProvidersAlone.class).withPropertyValues(
                "notifier.sms.services.hook.type=webhook",
                "notifier.sms.services.hook.priority=1",
                "notifier.sms.services.hook.url=http://127.0.0.1:" + server.getAddress().getPort() + "/sms",
                "notifier.sms.allowed-private-networks=127.0.0.0/8",
                "notifier.sms.services.hook.max-qps=1000",
                "notifier.sms.services.hook.connect-timeout=2s",
                "notifier.sms.services.hook.read-timeout=5s",
                "notifier.sms.circuit-breaker.sliding-window-size=2",
                "notifier.sms.circuit-breaker.minimum-number-of-calls=2",
                "notifier.sms.circuit-breaker.failure-rate-threshold=50",
                "notifier.sms.circuit-breaker.wait-in-open-state=100ms",
                "notifier.sms.circuit-breaker.permitted-calls-in-half-open-state=1",
                "notifier.sms.circuit-breaker.max-wait-in-half-open-state=60s",
                "notifier.instances.heartbeat=50ms",
                "notifier.instances.expiry=5s");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    @ComponentScan(basePackages = {"io.smsnotifier.worker.providers", "io.smsnotifier.worker.instances",
            "io.smsnotifier.worker.secrets"},
            excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*Tests.*"))
    @ConfigurationPropertiesScan({"io.smsnotifier.worker.providers", "io.smsnotifier.worker.instances",
            "io.smsnotifier.worker.secrets"})
    static class ProvidersAlone {

        @Bean
        NamedParameterJdbcTemplate jdbc() {
            DriverManagerDataSource dataSource = new DriverManagerDataSource(TestPostgres.freshDatabaseUrl());
            Flyway.configure().dataSource(dataSource).load().migrate();
            return new NamedParameterJdbcTemplate(dataSource);
        }

        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    private static OutgoingSms sms(String eventId) {
        SmsTemplate template = new SmsTemplate("T", "hello ${name}", List.of("name"), Map.of());
        return new OutgoingSms(eventId, "sms.notify", Channel.SMS,
                new RenderedMessage(template, Map.of("name", "x"), "hello x"), List.of(PHONE), Map.of(PHONE, 1L));
    }
}
