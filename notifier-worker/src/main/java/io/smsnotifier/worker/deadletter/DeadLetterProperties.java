package io.smsnotifier.worker.deadletter;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code notifier.deadletters.*}.
 *
 * @param refresh how often the dead-letter metrics are recomputed: reading the dead-letter topics is too slow to
 *                do on every scrape
 */
@Validated
@ConfigurationProperties("notifier.deadletters")
record DeadLetterProperties(@DefaultValue("1m") @NotNull Duration refresh) {
}
