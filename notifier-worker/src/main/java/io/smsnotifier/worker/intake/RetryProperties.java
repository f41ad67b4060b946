package io.smsnotifier.worker.intake;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code notifier.retry.*}: how transient failures are retried. First briefly in place, then through retry
 * topics ({@code <topic>-retry-0}, {@code -retry-1}, ...) with growing back-off, then {@code <topic>-dlt}.
 * Only the numbers still owed are sent again. Login codes have their own, shorter schedule, and a retry that
 * comes after the code expired settles it as EXPIRED instead of sending it.
 *
 * @param topics          defaults: 4 attempts in all, 10 s, then x6, at most 10 min (10 s, 1 min, 6 min)
 * @param loginCodeTopics defaults: 3 attempts in all, 2 s, then x3, at most 30 s (2 s, 6 s)
 */
@Validated
@ConfigurationProperties("notifier.retry")
record RetryProperties(@DefaultValue @Valid InPlace inPlace, @Nullable @Valid Topics topics,
                       @Nullable @Valid Topics loginCodeTopics) {

    RetryProperties {
        topics = Topics.orDefaults(topics, new Topics(4, Duration.ofSeconds(10), 6.0, Duration.ofMinutes(10)));
        loginCodeTopics = Topics.orDefaults(loginCodeTopics,
                new Topics(3, Duration.ofSeconds(2), 3.0, Duration.ofSeconds(30)));
    }

    /** Attempts on the consumer thread before the record moves on, {@code interval} apart. */
    record InPlace(@DefaultValue("3") @Positive int attempts, @DefaultValue("500ms") Duration interval) {
    }

    /**
     * @param attempts   deliveries in all, the first included: {@code attempts - 1} retry topics
     * @param initial    delay before the first retry topic is read
     * @param multiplier growth per retry topic
     * @param max        longest delay
     */
    record Topics(@Nullable @Positive Integer attempts, @Nullable Duration initial,
                  @Nullable @Positive Double multiplier, @Nullable Duration max) {

        static Topics orDefaults(@Nullable Topics configured, Topics defaults) {
            if (configured == null) {
                return defaults;
            }
            return new Topics(configured.attempts != null ? configured.attempts : defaults.attempts,
                    configured.initial != null ? configured.initial : defaults.initial,
                    configured.multiplier != null ? configured.multiplier : defaults.multiplier,
                    configured.max != null ? configured.max : defaults.max);
        }
    }
}
