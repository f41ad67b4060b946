package io.smsnotifier.worker.delivery;

import io.smsnotifier.worker.support.LogSafe;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Remembers which services' delivery rates are in alarm, so that the check that runs every minute logs a line when
 * a service crosses below the threshold and one when it comes back, not one a minute while it stays. A service
 * leaves the alarm only on evidence: reports again at or above the threshold. A quiet hour (no report), or the
 * service out of rotation (its own ALERT says so), keeps the alarm as it is. Not thread-safe: one scheduled caller.
 */
final class DeliveryRateAlarm {

    private final double below;
    private final Set<String> alarmed = new HashSet<>();

    DeliveryRateAlarm(double below) {
        this.below = below;
    }

    /** A change of a service's alarm; {@code alarm} true when it went off, false when it came back. */
    record Crossing(String service, boolean alarm, double rate, long receipts) {
    }

    /** The crossings since the last call, given each service's state now. */
    List<Crossing> observe(List<HandsetAlerts.Rate> rates) {
        List<Crossing> crossings = new ArrayList<>();
        for (HandsetAlerts.Rate rate : rates) {
            String service = rate.stats().service();
            Double value = rate.stats().rate();
            if (rate.alert() && value != null && alarmed.add(service)) {
                crossings.add(new Crossing(service, true, value, rate.stats().receipts()));
            } else if (value != null && value >= below && alarmed.remove(service)) {
                crossings.add(new Crossing(service, false, value, rate.stats().receipts()));
            }
        }
        return crossings;
    }

    /** The log line of a crossing. */
    String line(Crossing crossing) {
        String verb = crossing.alarm() ? "ALERT" : "RECOVERED";
        String relation = crossing.alarm() ? "below" : "back at or above";
        return "%s service=%s delivery rate %s%% %s %s%% over the last hour (%d receipts)".formatted(verb,
                LogSafe.key(crossing.service()), percent(crossing.rate()), relation, percent(below), crossing.receipts());
    }

    static String percent(@Nullable Double rate) {
        return rate == null ? "—" : String.format(Locale.ROOT, "%.1f", rate * 100);
    }
}
