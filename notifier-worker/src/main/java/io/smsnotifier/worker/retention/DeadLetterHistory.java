package io.smsnotifier.worker.retention;

import io.smsnotifier.worker.topics.NotifierTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * How long the history of replays and discards ({@code dead_letter_actions}) must be kept: as long as the
 * dead-letter topics keep their records. A record whose history was purged looks pending again, and "replay all"
 * would resend what was already replayed or discarded. So the history is kept for the longer of
 * {@code notifier.retention.dead-letter-actions} and the longest {@code retention.ms} of the dead-letter topics,
 * read from the broker at start and at each purge (ops may change a topic's retention at any time); a topic that
 * keeps records for ever ({@code retention.ms} -1, or compacted without delete) keeps the history for ever. The
 * decision is logged at start and whenever it changes. Thread-safe.
 */
@Component
class DeadLetterHistory {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHistory.class);
    private static final int TIMEOUT_SECONDS = 30;

    /**
     * What the purge may do.
     *
     * @param age how old an entry must be to go; null: keep every entry
     * @param why the log line's words
     */
    record Keep(@Nullable Duration age, String why) {
    }

    private final KafkaAdmin admin;
    private final NotifierTopics topics;
    private final RetentionProperties retention;
    private volatile @Nullable Keep logged;

    DeadLetterHistory(KafkaAdmin admin, NotifierTopics topics, RetentionProperties retention) {
        this.admin = admin;
        this.topics = topics;
        this.retention = retention;
    }

    @EventListener(ApplicationReadyEvent.class)
    void logAtStart() {
        // Off the start's thread: the broker may be slow to answer, and the first purge asks again anyway.
        Thread.ofVirtual().name("dead-letter-history").start(() -> {
            try {
                keep();
            } catch (RuntimeException e) {
                log.warn("dead-letter history: could not read the dead-letter topics' retention yet ({}); until it "
                        + "is read, no replay or discard history is purged", e.toString());
            }
        });
    }

    /**
     * Reads the dead-letter topics' retention and decides.
     *
     * @throws IllegalStateException when the broker did not tell: then nothing may be purged
     */
    Keep keep() {
        Keep keep = decide(topicRetention());
        if (!keep.equals(logged)) {
            logged = keep;
            log.info("dead-letter history {}", keep.why());
        }
        return keep;
    }

    private Keep decide(Map<String, Long> byTopic) {
        Duration configured = retention.deadLetterActions();
        String configuredShown = shown(configured);
        String forEver = byTopic.entrySet().stream().filter(topic -> topic.getValue() < 0).map(Map.Entry::getKey)
                .findFirst().orElse(null);
        if (forEver != null) {
            return new Keep(null, "kept=forever configured=" + configuredShown + " topic=" + forEver
                    + " keeps records for ever (retention.ms=-1 or compacted): no replay or discard is purged");
        }
        Map.Entry<String, Long> longest = byTopic.entrySet().stream().max(Map.Entry.comparingByValue())
                .orElse(null);
        if (longest == null) {
            return new Keep(configured, "kept=" + configuredShown + " configured=" + configuredShown
                    + " (notifier.retention.dead-letter-actions): no dead-letter topic exists yet");
        }
        Duration topic = Duration.ofMillis(longest.getValue());
        if (topic.compareTo(configured) > 0) {
            return new Keep(topic, "kept=" + shown(topic) + " configured=" + configuredShown + " topic="
                    + longest.getKey()
                    + " retention.ms=" + longest.getValue() + ": the configured retention is shorter than the topic"
                    + " keeps records, the history is kept as long as the topic");
        }
        return new Keep(configured, "kept=" + configuredShown + " configured=" + configuredShown + " topic="
                + longest.getKey() + " retention.ms=" + longest.getValue()
                + ": the topics keep records no longer than the configured retention");
    }

    /** Whole days as {@code 90d}, as the settings are written; anything else as ISO-8601. */
    static String shown(Duration duration) {
        return duration.toMillis() % Duration.ofDays(1).toMillis() == 0 ? duration.toDays() + "d"
                : duration.toString();
    }

    /** {@code retention.ms} of each dead-letter topic that exists; -1 for those that keep records for ever. */
    private Map<String, Long> topicRetention() {
        try (Admin client = Admin.create(admin.getConfigurationProperties())) {
            Set<String> existing = client.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<ConfigResource> resources = topics.deadLetterTopics().stream().filter(existing::contains)
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            if (resources.isEmpty()) {
                return Map.of();
            }
            Map<ConfigResource, Config> configs = client.describeConfigs(resources).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<String, Long> byTopic = new TreeMap<>();
            configs.forEach((resource, config) -> byTopic.put(resource.name(), retentionMs(config)));
            return byTopic;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the dead-letter topics' retention", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not read the dead-letter topics' retention: " + e, e);
        }
    }

    private static long retentionMs(Config config) {
        ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy != null && policy.value() != null && !policy.value().contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            return -1;
        }
        ConfigEntry entry = config.get(TopicConfig.RETENTION_MS_CONFIG);
        String value = entry == null ? null : entry.value();
        // describeConfigs reports the broker's default when the topic sets none; with no value at all the broker
        // did not say, and the history is kept rather than guessed away.
        return Long.parseLong(Objects.requireNonNullElse(value, "-1"));
    }
}
