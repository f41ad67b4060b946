package io.smsnotifier.it;

import io.smsnotifier.worker.NotifierApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A read replica that is set but cannot serve stops the start, and the report names its setting. */
@ExtendWith(OutputCaptureExtension.class)
class ReadReplicaStartupTests {

    @Test
    void aReplicaThatCannotBeReachedStopsTheStartNamingTheSetting(CapturedOutput output) throws IOException {
        String replica = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/notifier";

        assertThatThrownBy(() -> start("--notifier.read-datasource.url=" + replica))
                .isInstanceOf(RuntimeException.class);

        assertThat(output).contains("notifier.read-datasource.url is set but unusable: cannot connect")
                .contains("Check notifier.read-datasource.url");
        assertThat(output).as("the primary is not blamed").doesNotContain("Check spring.datasource.url");
    }

    @Test
    void aReplicaWithoutTheLedgerStopsTheStartSayingSo(CapturedOutput output) {
        String empty = TestPostgres.freshDatabaseUrl();

        assertThatThrownBy(() -> start("--notifier.read-datasource.url=" + empty))
                .isInstanceOf(RuntimeException.class);

        assertThat(output).contains("notifier.read-datasource.url is set but unusable: it does not hold the ledger");
    }

    private static void start(String replicaSetting) throws IOException {
        new SpringApplication(NotifierApplication.class).run(replicaSetting,
                "--spring.datasource.url=" + TestPostgres.freshDatabaseUrl(),
                "--spring.kafka.bootstrap-servers=localhost:" + closedPort(), "--spring.profiles.active=it",
                "--server.port=0", "--spring.kafka.admin.close-timeout=1s").close();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
