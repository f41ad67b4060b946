package io.smsnotifier.worker.console;

import io.smsnotifier.worker.delivery.HandsetAlerts;
import io.smsnotifier.worker.delivery.HandsetStats;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The overview's handset part: per service, the last hour's delivery rate from the vendors' reports, the time to
 * the handset, the reports counted and the sends still waiting for one, with a warning badge where
 * {@link HandsetAlerts} says so. Apart from {@link ConsoleOverview} because it is read apart: the statistics are
 * cached by the delivery module, and when they cannot be read this part alone shows as unavailable.
 */
@Component
class ConsoleHandsets {

    private static final Logger log = LoggerFactory.getLogger(ConsoleHandsets.class);
    private static final String NONE = "—";

    private final HandsetAlerts alerts;
    private final ConsoleTime time;

    ConsoleHandsets(HandsetAlerts alerts, ConsoleTime time) {
        this.alerts = alerts;
        this.time = time;
    }

    /** The table, and the threshold as a percentage for the warning's text. */
    record Handsets(List<Row> rows, String alertBelow) {
    }

    /** One service's row, every value as printed ({@code —} when there is none). */
    record Row(String service, String rate, String p50, String p95, long receipts, long awaiting, boolean alert) {
    }

    /** As of now, in the request's language; null when the ledger cannot be read. */
    @Nullable Handsets lastHour() {
        List<HandsetAlerts.Rate> rates;
        try {
            rates = alerts.lastHour();
        } catch (RuntimeException e) {
            log.warn("console overview: could not read the handset reports: {}", e.getClass().getSimpleName());
            return null;
        }
        return new Handsets(rates.stream().map(this::row).toList(), percent(alerts.alertBelow()));
    }

    private Row row(HandsetAlerts.Rate rate) {
        HandsetStats.Service stats = rate.stats();
        return new Row(stats.service(), stats.rate() == null ? NONE : percent(stats.rate()), took(stats.p50()),
                took(stats.p95()), stats.receipts(), stats.awaiting(), rate.alert());
    }

    /** Handsets mostly answer within seconds: under a minute a tenth of a second still tells something. */
    private String took(@Nullable Duration duration) {
        if (duration == null) {
            return NONE;
        }
        if (duration.compareTo(Duration.ofMinutes(1)) >= 0) {
            return time.duration(duration);
        }
        String seconds = String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
        boolean chinese = ConsoleLanguage.CHINESE.equals(ConsoleLanguage.supported(LocaleContextHolder.getLocale()));
        return seconds + (chinese ? " 秒" : " s");
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f %%", rate * 100);
    }
}
