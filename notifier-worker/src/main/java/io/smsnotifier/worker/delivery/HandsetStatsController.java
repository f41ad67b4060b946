package io.smsnotifier.worker.delivery;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;

/**
 * {@code GET /api/deliveries/handset-stats}: per service, what the handsets made of the last hour's SMS
 * ({@link HandsetStats}) and whether it is in alert ({@link HandsetAlerts}), as the console's overview shows it.
 * Times in milliseconds, so that a script need not parse durations.
 */
@RestController
class HandsetStatsController {

    private final HandsetAlerts alerts;
    private final ReceiptAlertProperties properties;

    HandsetStatsController(HandsetAlerts alerts, ReceiptAlertProperties properties) {
        this.alerts = alerts;
        this.properties = properties;
    }

    /**
     * @param deliveryRate DELIVERED / receipts, 0 to 1; null without a receipt in the hour
     * @param p50Millis    median time from the request going out to the handset, over the DELIVERED ones
     * @param awaiting     sent within the hour and still SENT: no receipt yet
     * @param alert        the rate is below {@code alertBelow} with at least {@code alertMinReceipts} receipts while
     *                     the service is in rotation
     */
    record ServiceStats(String service, long receipts, long delivered, long undelivered,
                        @Nullable Double deliveryRate, @Nullable Long p50Millis, @Nullable Long p95Millis,
                        long awaiting, boolean inRotation, boolean alert) {
    }

    record Stats(long windowSeconds, double alertBelow, int alertMinReceipts, List<ServiceStats> services) {
    }

    @GetMapping("/api/deliveries/handset-stats")
    Stats stats() {
        List<ServiceStats> services = alerts.lastHour().stream().map(rate -> {
            HandsetStats.Service s = rate.stats();
            return new ServiceStats(s.service(), s.receipts(), s.delivered(), s.undelivered(), s.rate(),
                    millis(s.p50()), millis(s.p95()), s.awaiting(), rate.inRotation(), rate.alert());
        }).toList();
        return new Stats(HandsetStats.WINDOW.toSeconds(), properties.alertBelow(), properties.alertMinReceipts(),
                services);
    }

    private static @Nullable Long millis(@Nullable Duration duration) {
        return duration == null ? null : duration.toMillis();
    }
}
