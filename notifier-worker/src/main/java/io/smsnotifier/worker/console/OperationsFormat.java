package io.smsnotifier.worker.console;

import io.smsnotifier.events.EventJson;
import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * What the operations pages print, as the model attribute {@code ops}: JSON indented, and a status as the colour
 * of its badge. Times are the console's ({@link ConsoleTime}, UTC), which the forms read back in UTC too.
 * Stateless and thread-safe.
 */
public final class OperationsFormat {

    /** Delivery statuses and dead-letter states by how much they want a human's attention. */
    private static final Map<String, String> BADGES = Map.ofEntries(Map.entry("SENT", "ok"),
            Map.entry("DELIVERED", "ok"), Map.entry("UNDELIVERED", "bad"),
            Map.entry("REPLAYED", "ok"), Map.entry("FAILED", "bad"), Map.entry("PENDING", "warn"),
            Map.entry("UNKNOWN", "warn"), Map.entry("RATE_LIMITED", "warn"), Map.entry("SKIPPED", "muted"),
            Map.entry("EXPIRED", "muted"), Map.entry("DISCARDED", "muted"));

    /** The CSS classes of a badge for {@code status}: {@code badge ok|warn|bad|muted}. */
    public String badge(@Nullable Object status) {
        return "badge " + (status == null ? "muted" : BADGES.getOrDefault(status.toString(), "muted"));
    }

    /** {@code value} as indented JSON; a string is shown as it is (a note such as "(no value kept)"). */
    public String json(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String text) {
            return text;
        }
        return EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }
}
