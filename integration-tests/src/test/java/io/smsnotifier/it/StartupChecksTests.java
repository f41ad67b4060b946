package io.smsnotifier.it;

import io.smsnotifier.worker.NotifierApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.ServerSocket;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The production profile refuses to start without what it needs, naming the property, and survives Kafka. */
@ExtendWith(OutputCaptureExtension.class)
class StartupChecksTests {

    @Test
    void refusesToStartWithoutAnAdminTokenNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start("--notifier.admin.token=", "--spring.datasource.url="
                + TestPostgres.freshDatabaseUrl(), "--spring.kafka.bootstrap-servers=localhost:" + closedPort()))
                .isInstanceOf(RuntimeException.class);
        assertThat(output).contains("notifier.admin.token").contains("NOTIFIER_ADMIN_TOKEN");
    }

    @Test
    void refusesToStartWhenPostgresCannotBeReachedNamingTheProperty(CapturedOutput output) throws Exception {
        int port = closedPort();
        assertThatThrownBy(() -> start("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + port + "/notifier",
                "--spring.datasource.hikari.initialization-fail-timeout=1",
                "--spring.kafka.bootstrap-servers=localhost:" + closedPort()))
                .isInstanceOf(RuntimeException.class);
        assertThat(output).contains("PostgreSQL cannot be reached").contains("spring.datasource.url");
    }

    @Test
    void startsAndReportsKafkaDownWhileNoBrokerAnswers() throws Exception {
        try (ConfigurableApplicationContext context = start("--spring.datasource.url="
                + TestPostgres.freshDatabaseUrl(), "--spring.kafka.bootstrap-servers=localhost:" + closedPort())) {
            HttpResponse<String> health = AdminApiClient.of(context).health();

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"kafka\":{").contains("no Kafka broker answered");
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--spring.profiles.active=it";
        all[args.length + 1] = "--server.port=0";
        all[args.length + 2] = "--spring.kafka.admin.close-timeout=1s";
        return new SpringApplication(NotifierApplication.class).run(all);
    }

    private static int closedPort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
