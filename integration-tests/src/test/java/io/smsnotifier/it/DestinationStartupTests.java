package io.smsnotifier.it;

import io.smsnotifier.worker.NotifierApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The destination policy at start-up: a configured service whose address is not open fails the start, naming the
 * service's setting and {@code notifier.sms.allowed-private-networks}; so does a range that is not one.
 */
@ExtendWith(OutputCaptureExtension.class)
class DestinationStartupTests {

    @Test
    void refusesToStartWithAWebhookNamedForLoopbackWhenOnlyAnotherRangeIsOpen(CapturedOutput output)
            throws Exception {
        int port = closedPort();
        assertThatThrownBy(() -> start("--notifier.sms.allowed-private-networks=10.99.0.0/16",
                "--notifier.sms.services.own-gateway.type=webhook",
                "--notifier.sms.services.own-gateway.url=http://localhost:" + port + "/sms?token=s3cr3t"))
                .isInstanceOf(RuntimeException.class);

        assertThat(output).contains("notifier.sms.services.own-gateway.url resolves to a loopback")
                .contains("notifier.sms.allowed-private-networks").doesNotContain("s3cr3t");
    }

    @Test
    void refusesToStartWithAVendorEndpointOnAPrivateAddressOutsideTheRanges(CapturedOutput output) {
        assertThatThrownBy(() -> start("--notifier.sms.services.ali.type=aliyun",
                "--notifier.sms.services.ali.endpoint=http://10.0.0.1:8080",
                "--notifier.sms.services.ali.access-key=LTAI5tStartupKey01",
                "--notifier.sms.services.ali.access-secret=startup-secret-0d7",
                "--notifier.sms.services.ali.sign-name=Startup"))
                .isInstanceOf(RuntimeException.class);

        assertThat(output).contains("notifier.sms.services.ali.endpoint resolves to a loopback, private")
                .contains("notifier.sms.allowed-private-networks");
    }

    @Test
    void refusesToStartWithARangeThatIsNotOneNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start("--notifier.sms.allowed-private-networks=127.0.0.0/8,10.0.0.0/33"))
                .isInstanceOf(RuntimeException.class);

        assertThat(output).contains("notifier.sms.allowed-private-networks[1]: '10.0.0.0/33'");
    }

    /** The worker of profile {@code it} on a fresh database and a broker that is not there. */
    private static void start(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--spring.profiles.active=it", "--server.port=0",
                "--spring.kafka.admin.close-timeout=1s", "--spring.datasource.url=" + TestPostgres.freshDatabaseUrl(),
                "--spring.kafka.bootstrap-servers=localhost:" + closedPort()));
        all.addAll(List.of(args));
        new SpringApplication(NotifierApplication.class).run(all.toArray(String[]::new)).close();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
