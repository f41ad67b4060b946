package io.smsnotifier.worker.delivery;

import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The days the ledger keeps, one partition each (decision 0014): an event's rows live in the partition of its
 * {@code occurredAt}'s UTC day, which every copy of the event carries unchanged, so a copy meets its rows there and
 * nowhere else. The ledger keeps the days of {@code notifier.retention.deliveries} (rounded up to whole days) and
 * the next one; an event outside them is refused before anything is claimed: an older one because the ledger
 * could no longer tell whether it was sent (its day is dropped, or is about to be), a later one because its
 * producer's clock is wrong. {@code LedgerPartitions} creates and drops the partitions. Thread-safe.
 */
@Component
public class LedgerDays {

    /** The day of the rows of the ledger as it was before it was partitioned (V26): looked into by every claim. */
    static final String BEFORE_PARTITIONS = "-infinity";

    private final int keptDays;
    private final Clock clock;

    @Autowired
    LedgerDays(@Value("${notifier.retention.deliveries:30d}") Duration retention) {
        this(retention, Clock.systemUTC());
    }

    /** Days as {@code clock} counts them: for tests, and for what runs beside the worker. */
    public LedgerDays(Duration retention, Clock clock) {
        this.keptDays = (int) Math.max(1, (retention.toSeconds() + 86_399) / 86_400);
        this.clock = clock;
    }

    /** The ledger day of an event that happened at {@code occurredAt}, as PostgreSQL reads a date. */
    public static String of(Instant occurredAt) {
        return LocalDate.ofInstant(occurredAt, ZoneOffset.UTC).toString();
    }

    /** How many days before today the ledger keeps: the oldest day an event may have is today minus this. */
    public int keptDays() {
        return keptDays;
    }

    /** Today, in UTC. */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /**
     * Refuses an event whose day the ledger does not keep, with a reason that says why and names no value but the
     * day. Checked as an event is decoded, before anything is claimed for it.
     *
     * @throws PermanentDeliveryFailure {@code INVALID_REQUEST} when the day is too old or ahead
     */
    public void requireKept(Instant occurredAt) {
        LocalDate day = LocalDate.ofInstant(occurredAt, ZoneOffset.UTC);
        LocalDate today = today();
        if (day.isBefore(today.minusDays(keptDays))) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "occurredAt (day " + day
                    + ") is older than the " + keptDays + " days the ledger keeps (notifier.retention.deliveries):"
                    + " whether the event was already sent can no longer be told");
        }
        if (day.isAfter(today.plusDays(1))) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "occurredAt (day " + day
                    + ") is more than a day ahead of this worker's clock (" + today + ")");
        }
    }
}
