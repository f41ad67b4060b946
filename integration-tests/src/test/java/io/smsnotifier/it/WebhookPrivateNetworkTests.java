package io.smsnotifier.it;

import io.smsnotifier.worker.NotifierApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSRF guard: a webhook to a private-network address is refused unless the service allows it. */
@ExtendWith(OutputCaptureExtension.class)
class WebhookPrivateNetworkTests {

    @Test
    void refusesToStartWithAWebhookToLoopbackWithoutAllowPrivateNetwork(CapturedOutput output) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        int kafkaPort = closed;
        assertThatThrownBy(() -> new SpringApplication(NotifierApplication.class).run(
                "--spring.profiles.active=it", "--server.port=0", "--spring.kafka.admin.close-timeout=1s",
                "--spring.datasource.url=" + TestPostgres.freshDatabaseUrl(),
                "--spring.kafka.bootstrap-servers=localhost:" + kafkaPort,
                "--notifier.sms.services.sandbox.enabled=false",
                "--notifier.sms.services.own-gateway.type=webhook",
                "--notifier.sms.services.own-gateway.url=http://127.0.0.1:" + kafkaPort + "/sms"))
                .isInstanceOf(RuntimeException.class);

        assertThat(output).contains("notifier.sms.services.own-gateway.url").contains("allow-private-network");
    }
}
