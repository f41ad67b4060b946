package io.smsnotifier.worker.delivery;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsnotifier.worker.providers.ServiceStatus;
import io.smsnotifier.worker.providers.ServiceStatuses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * When a service's delivery rate is in alert, and that the check every minute logs the crossing once each way
 * and keeps the gauge current. The statistics and the services' states are stubbed: each call of {@code check()}
 * is a minute with the stubbed hour, so no clock is needed.
 */
@ExtendWith(OutputCaptureExtension.class)
class HandsetAlertsTests {

    private final HandsetStats stats = mock(HandsetStats.class);
    private final ServiceStatuses services = mock(ServiceStatuses.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private HandsetAlerts alerts;

    @BeforeEach
    void alerts() {
        alerts = new HandsetAlerts(stats, services, new ReceiptAlertProperties(0.9, 20), meters);
        when(services.statuses()).thenReturn(List.of(status("ali-1", true), status("down-1", false)));
    }

    @Test
    void aServiceInRotationWithEnoughReceiptsBelowTheThresholdIsInAlertAndNoOtherIs() {
        hour(service("ali-1", 17, 3), service("down-1", 0, 30), service("quiet-1", 0, 19));
        assertThat(alerts.lastHour()).extracting(HandsetAlerts.Rate::alert).containsExactly(true, false, false);

        hour(service("ali-1", 18, 2));
        assertThat(alerts.lastHour().getFirst().alert()).as("90 % is not below 90 %").isFalse();
        hour(service("ali-1", 1, 18));
        assertThat(alerts.lastHour().getFirst().alert()).as("19 receipts are too few to judge").isFalse();
    }

    @Test
    void theCheckLogsTheCrossingOnceAndTheRecoveryOnce(CapturedOutput output) {
        hour(service("ali-1", 90, 10));
        alerts.check();
        assertThat(gauge("ali-1")).isEqualTo(0.9);

        hour(service("ali-1", 30, 20));
        alerts.check();
        alerts.check();
        assertThat(gauge("ali-1")).isEqualTo(0.6);
        assertThat(lines(output, "ALERT")).containsExactly(
                "ALERT service=ali-1 delivery rate 60.0% below 90.0% over the last hour (50 receipts)");

        hour();
        alerts.check();
        assertThat(gauge("ali-1")).as("no receipt in the hour: no rate, not the last one").isNaN();
        hour(service("ali-1", 5, 5));
        alerts.check();
        assertThat(lines(output, "RECOVERED")).as("a quiet hour proves nothing").isEmpty();

        hour(service("ali-1", 10, 0));
        alerts.check();
        alerts.check();
        assertThat(lines(output, "RECOVERED")).as("back on evidence, even of few receipts").containsExactly(
                "RECOVERED service=ali-1 delivery rate 100.0% back at or above 90.0% over the last hour (10 receipts)");
        hour(service("ali-1", 30, 20));
        alerts.check();
        assertThat(lines(output, "ALERT")).as("a second crossing is a second line").hasSize(2);
    }

    private void hour(HandsetStats.Service... rows) {
        when(stats.lastHour()).thenReturn(List.of(rows));
    }

    private double gauge(String service) {
        return meters.get("notifier.receipts.delivery.rate").tag("service", service).gauge().value();
    }

    private static List<String> lines(CapturedOutput output, String start) {
        return output.getAll().lines().filter(line -> line.contains(" " + start + " service="))
                .map(line -> line.substring(line.indexOf(start + " service="))).toList();
    }

    private static HandsetStats.Service service(String name, long delivered, long undelivered) {
        return new HandsetStats.Service(name, delivered, undelivered, null, null, 0);
    }

    private static ServiceStatus status(String name, boolean inRotation) {
        return new ServiceStatus(name, "aliyun", true, 100, 1, false, inRotation, inRotation ? "CLOSED" : "OPEN",
                null, null, 100, null, null, null);
    }
}
