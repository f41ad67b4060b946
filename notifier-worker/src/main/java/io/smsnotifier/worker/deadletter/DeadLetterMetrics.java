package io.smsnotifier.worker.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code notifier_deadletters_pending{topic}} and {@code notifier_deadletters_oldest_age_seconds{topic}},
 * refreshed every {@code notifier.deadletters.refresh} (1 min), the first time 10 s after start-up.
 */
@Component
class DeadLetterMetrics implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterMetrics.class);
    private static final Duration FIRST_REFRESH = Duration.ofSeconds(10);

    private final DeadLetters deadLetters;
    private final DeadLetterProperties properties;
    private final Map<String, DeadLetters.Backlog> latest = new ConcurrentHashMap<>();

    DeadLetterMetrics(DeadLetters deadLetters, DeadLetterProperties properties, MeterRegistry meters) {
        this.deadLetters = deadLetters;
        this.properties = properties;
        for (String topic : deadLetters.topics()) {
            Gauge.builder("notifier.deadletters.pending", latest,
                            backlog -> backlog.containsKey(topic) ? backlog.get(topic).pending() : 0)
                    .tags(Tags.of("topic", topic)).description("dead letters waiting for ops").register(meters);
            Gauge.builder("notifier.deadletters.oldest.age", latest, backlog -> {
                        DeadLetters.Backlog b = backlog.get(topic);
                        return b == null || b.oldest() == null ? 0
                                : (Instant.now().toEpochMilli() - b.oldest().toEpochMilli()) / 1000.0;
                    })
                    .tags(Tags.of("topic", topic)).baseUnit("seconds")
                    .description("age of the oldest dead letter waiting for ops").register(meters);
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::refresh, properties.refresh(), FIRST_REFRESH));
    }

    private void refresh() {
        try {
            deadLetters.backlog().forEach(backlog -> latest.put(backlog.topic(), backlog));
        } catch (RuntimeException e) {
            log.warn("could not read the dead-letter topics for metrics: {}", e.getClass().getSimpleName());
        }
    }
}
