package io.smsnotifier.worker.intake;

import io.smsnotifier.worker.support.CachedHealth;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Health of the broker connection: DOWN while no broker answers, so an orchestrator sees the outage while the
 * listeners keep retrying by themselves.
 */
@Component("kafka")
class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

    private static final int TIMEOUT_MS = 3_000;

    private final AdminClient admin;
    private final KafkaListenerEndpointRegistry listeners;
    private final CachedHealth cached;

    KafkaHealthIndicator(KafkaAdmin kafkaAdmin, KafkaListenerEndpointRegistry listeners) {
        this.admin = AdminClient.create(kafkaAdmin.getConfigurationProperties());
        this.listeners = listeners;
        this.cached = new CachedHealth(Duration.ofSeconds(1), this::check);
    }

    @Override
    public Health health() {
        return cached.get();
    }

    /** One describe-cluster call and the offsets of every listener's group: checked at most once a second. */
    private Health check() {
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS));
            int brokers = cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
            Health.Builder up = Health.up().withDetail("brokers", brokers)
                    .withDetail("clusterId", cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
            try {
                up.withDetail("consumerLag", consumerLag());
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // The broker answered: a lag query that fails (a partition without a leader for a moment, just
                // after its topic was created) is a missing detail, not an outage to report to an orchestrator.
                up.withDetail("consumerLag", "unavailable (" + e.getClass().getSimpleName() + ")");
            }
            return up.build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        } catch (Exception e) {
            return Health.down().withDetail("error", "no Kafka broker answered within " + TIMEOUT_MS + " ms ("
                    + e.getClass().getSimpleName() + ")").build();
        }
    }

    /** Records not yet processed, per listener's consumer group: what a backlog looks like from here. */
    private Map<String, Long> consumerLag() throws Exception {
        Map<String, Long> lagByGroup = new TreeMap<>();
        for (MessageListenerContainer container : listeners.getListenerContainers()) {
            String group = container.getGroupId();
            if (group == null || lagByGroup.containsKey(group)) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (committed.isEmpty()) {
                continue;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                ListOffsetsResult.ListOffsetsResultInfo end = ends.get(entry.getKey());
                if (end != null && entry.getValue() != null) {
                    lag += Math.max(0, end.offset() - entry.getValue().offset());
                }
            }
            lagByGroup.put(group, lag);
        }
        return lagByGroup;
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(2));
    }
}
