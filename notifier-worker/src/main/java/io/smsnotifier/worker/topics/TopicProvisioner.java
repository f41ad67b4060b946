package io.smsnotifier.worker.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Creates the worker's topics once the broker answers. Spring Kafka tries once during start-up (bounded by
 * {@code spring.kafka.admin.operation-timeout}); when the broker was down then, this keeps trying in the
 * background with growing pauses instead of failing the start or leaving the topics to chance.
 * <p>
 * Then, and every {@value #ALIGN_EVERY_MINUTES} minutes, it keeps the derived topics in line with their
 * source: a retry or dead-letter topic with fewer partitions than its request topic (created before partitions
 * were added to the source, or by Spring Kafka with {@code notifier.topics.partitions}) is grown to the
 * source's count, and {@code login.code} and its retry topics, whose records carry codes in clear, keep them
 * no longer than {@code notifier.topics.login-code-retention}.
 */
@Component
class TopicProvisioner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(5);
    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(1);
    static final int ALIGN_EVERY_MINUTES = 10;

    private final KafkaAdmin admin;
    private final NotifierTopics topics;
    private volatile Thread worker;

    TopicProvisioner(KafkaAdmin admin, NotifierTopics topics) {
        this.admin = admin;
        this.topics = topics;
    }

    @EventListener(ApplicationReadyEvent.class)
    void provisionInBackground() {
        worker = Thread.ofVirtual().name("topic-provisioner").start(() -> {
            Duration pause = FIRST_PAUSE;
            while (!Thread.currentThread().isInterrupted()) {
                if (admin.initialize()) {
                    break;
                }
                log.warn("kafka topics not provisioned yet: no broker answered; retrying in {} s", pause.toSeconds());
                if (!rest(pause)) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
            do {
                try {
                    align();
                } catch (Exception e) {
                    log.warn("could not align retry and dead-letter topics with their sources: {}", e.toString());
                }
            } while (rest(Duration.ofMinutes(ALIGN_EVERY_MINUTES)));
        });
    }

    /**
     * Grows retry and dead-letter topics to their source's partition count and caps the retention of the topics
     * that carry login codes. Returns the topics it changed.
     */
    List<String> align() throws Exception {
        List<String> changed = new ArrayList<>();
        try (Admin client = Admin.create(admin.getConfigurationProperties())) {
            Set<String> names = client.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<String, TopicDescription> described = client.describeTopics(names).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            Map<String, NewPartitions> grow = new HashMap<>();
            for (String name : names) {
                String source = DerivedTopics.sourceOf(name);
                TopicDescription sourceTopic = source == null ? null : described.get(source);
                if (sourceTopic != null
                        && described.get(name).partitions().size() < sourceTopic.partitions().size()) {
                    grow.put(name, NewPartitions.increaseTo(sourceTopic.partitions().size()));
                }
            }
            if (!grow.isEmpty()) {
                client.createPartitions(grow).all().get(30, TimeUnit.SECONDS);
                grow.forEach((name, partitions) -> log.info("topic {} grown to {} partitions, as its source has",
                        name, partitions.totalCount()));
                changed.addAll(grow.keySet());
            }
            changed.addAll(capLoginCodeRetention(client, names));
        }
        return changed;
    }

    private List<String> capLoginCodeRetention(Admin client, Set<String> names) throws Exception {
        long retention = topics.loginCodeRetention().toMillis();
        List<ConfigResource> carriers = names.stream()
                .filter(name -> name.equals(topics.loginCode()) || topics.loginCode().equals(DerivedTopics.retriedBy(name)))
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        if (carriers.isEmpty()) {
            return List.of();
        }
        Map<ConfigResource, Config> configs = client.describeConfigs(carriers).all().get(30, TimeUnit.SECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        configs.forEach((resource, config) -> {
            ConfigEntry entry = config.get(TopicConfig.RETENTION_MS_CONFIG);
            long current = entry == null || entry.value() == null ? Long.MAX_VALUE : Long.parseLong(entry.value());
            if (current < 0 || current > retention) {
                changes.put(resource, List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG,
                        String.valueOf(retention)), AlterConfigOp.OpType.SET)));
            }
        });
        if (changes.isEmpty()) {
            return List.of();
        }
        client.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
        List<String> changed = changes.keySet().stream().map(ConfigResource::name).toList();
        log.info("login-code topics {} keep records for {} (notifier.topics.login-code-retention)", changed,
                topics.loginCodeRetention());
        return changed;
    }

    private static boolean rest(Duration pause) {
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void destroy() {
        Thread running = worker;
        if (running != null) {
            running.interrupt();
        }
    }
}
