package io.smsnotifier.worker.retention;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code notifier.retention.*}: how long the worker keeps what it records. Ledger rows hold full numbers, so they
 * do not stay for ever, whatever their state: no delivery holds a row of a day being dropped, since its events have
 * been refused for a day by then.
 *
 * @param deliveries        the ledger's days (rounded up to whole days), by the day the event happened: each
 *                          day's partition is dropped a day after it passes; also how old an event may be — an
 *                          older one is refused, since whether it was sent can no longer be told
 *                          ({@code LedgerDays}); rows in every state go with their day
 * @param loginCodeSends    the login-code counts; never less than a day, which the per-day limit needs
 * @param deadLetterActions the history of replays and discards; kept longer when the dead-letter topics keep their
 *                          records longer ({@link DeadLetterHistory}), so that "replay all" never resends what was
 *                          already replayed or discarded
 * @param audit             the audit log ({@code admin_audit}): 400 days by default, a year of changes for the
 *                          yearly review with a month to spare for it to take place
 * @param batchSize         rows deleted per statement, so that a purge never holds many locks or a long
 *                          transaction beside delivery
 * @param every             how often the purge runs
 */
@Validated
@ConfigurationProperties("notifier.retention")
record RetentionProperties(@DefaultValue("30d") @NotNull Duration deliveries,
                           @DefaultValue("1d") @NotNull Duration loginCodeSends,
                           @DefaultValue("90d") @NotNull Duration deadLetterActions,
                           @DefaultValue("400d") @NotNull Duration audit,
                           @DefaultValue("1000") @Positive int batchSize,
                           @DefaultValue("10m") @NotNull Duration every) {

    RetentionProperties {
        if (loginCodeSends.compareTo(Duration.ofDays(1)) < 0) {
            loginCodeSends = Duration.ofDays(1);
        }
    }
}
