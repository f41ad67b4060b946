package io.smsnotifier.worker.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.worker.providers.ServiceStatus;
import io.smsnotifier.worker.providers.ServiceStatuses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Whether each service's handsets get what it accepts: a service whose delivery rate over the last hour
 * ({@link HandsetStats}) is below {@code notifier.receipts.alert-below} with at least
 * {@code alert-min-receipts} reports, while it is in rotation, is in alert. A service out of rotation is not: its
 * vendor answers errors, which its own ALERT and the overview already show; this one is for the vendor that takes
 * every request and delivers too few of them. Every minute the check sets the gauge
 * {@code notifier.receipts.delivery.rate{service}} and logs a line when a service crosses either way
 * ({@link DeliveryRateAlarm}); each instance checks, and logs, for itself. Thread-safe.
 */
@Service
public class HandsetAlerts {

    private static final Logger log = LoggerFactory.getLogger(HandsetAlerts.class);

    private final HandsetStats stats;
    private final ServiceStatuses services;
    private final ReceiptAlertProperties properties;
    private final MeterRegistry meters;
    private final DeliveryRateAlarm alarm;
    /** The gauges' values: the rate at the last check, NaN without reports in the hour. */
    private final Map<String, Double> gauges = new ConcurrentHashMap<>();

    HandsetAlerts(HandsetStats stats, ServiceStatuses services, ReceiptAlertProperties properties,
                  MeterRegistry meters) {
        this.stats = stats;
        this.services = services;
        this.properties = properties;
        this.meters = meters;
        this.alarm = new DeliveryRateAlarm(properties.alertBelow());
    }

    /**
     * One service's last hour and whether it is in alert.
     *
     * @param inRotation the service is enabled and takes traffic (circuit closed, not held out)
     */
    public record Rate(HandsetStats.Service stats, boolean inRotation, boolean alert) {
    }

    /** Every service with reports or sends in the last hour (a few seconds old at most), by name. */
    public List<Rate> lastHour() {
        Set<String> inRotation = services.statuses().stream().filter(ServiceStatus::inRotation)
                .map(ServiceStatus::name).collect(Collectors.toSet());
        List<Rate> rates = new ArrayList<>();
        for (HandsetStats.Service service : stats.lastHour()) {
            boolean up = inRotation.contains(service.service());
            rates.add(new Rate(service, up, up && low(service)));
        }
        return rates;
    }

    public double alertBelow() {
        return properties.alertBelow();
    }

    private boolean low(HandsetStats.Service service) {
        Double rate = service.rate();
        return rate != null && service.receipts() >= properties.alertMinReceipts() && rate < properties.alertBelow();
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void check() {
        List<Rate> rates;
        try {
            rates = lastHour();
        } catch (RuntimeException e) {
            log.warn("delivery rates not checked reason={}", e.getClass().getSimpleName());
            return;
        }
        // A service gone quiet keeps its gauge, as NaN: a stale rate would look like a current one.
        gauges.replaceAll((service, rate) -> Double.NaN);
        for (Rate rate : rates) {
            String service = rate.stats().service();
            Double value = rate.stats().rate();
            if (gauges.put(service, value == null ? Double.NaN : value) == null) {
                Gauge.builder("notifier.receipts.delivery.rate", gauges, all -> all.getOrDefault(service, Double.NaN))
                        .tag("service", service)
                        .description("DELIVERED / handset reports over the last hour, as of the last check")
                        .register(meters);
            }
        }
        for (DeliveryRateAlarm.Crossing crossing : alarm.observe(rates)) {
            if (crossing.alarm()) {
                log.error("{}", alarm.line(crossing));
            } else {
                log.info("{}", alarm.line(crossing));
            }
        }
    }
}
