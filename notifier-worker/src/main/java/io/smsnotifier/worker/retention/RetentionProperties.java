package io.smsnotifier.worker.retention;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code notifier.retention.*}: how long the worker keeps what it records. Ledger rows hold full numbers, so they
 * do not stay for ever, whatever their state; a row whose claim is still held (being sent) is never purged.
 *
 * @param deliveries        ledger rows, from when they were made: also how long a replay or a duplicate of an
 *                          event is still recognised as already delivered
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
