package io.smsnotifier.worker.retention;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code notifier.retention.*}: how long the worker keeps what it records. Ledger rows hold full numbers, so they
 * do not stay for ever; a row still open (being sent) or whose outcome is not yet published is never purged.
 *
 * @param deliveries        ledger rows, from when they were made: also how long a replay or a duplicate of an
 *                          event is still recognised as already delivered
 * @param loginCodeSends    the login-code counts; never less than a day, which the per-day limit needs
 * @param deadLetterActions the audit of replays and discards
 * @param batchSize         rows deleted per statement, so that a purge never holds many locks or a long
 *                          transaction beside delivery
 * @param every             how often the purge runs
 */
@Validated
@ConfigurationProperties("notifier.retention")
record RetentionProperties(@DefaultValue("30d") @NotNull Duration deliveries,
                           @DefaultValue("1d") @NotNull Duration loginCodeSends,
                           @DefaultValue("90d") @NotNull Duration deadLetterActions,
                           @DefaultValue("1000") @Positive int batchSize,
                           @DefaultValue("10m") @NotNull Duration every) {

    RetentionProperties {
        if (loginCodeSends.compareTo(Duration.ofDays(1)) < 0) {
            loginCodeSends = Duration.ofDays(1);
        }
    }
}
