package io.smsnotifier.worker.deadletter;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads dead-letter topics straight from Kafka, each time with a consumer of its own that commits nothing: the
 * worker never consumes them. A scan stops at the end offsets it found when it began, after
 * {@value #MAX_SCANNED} records, or after 30 seconds, whichever comes first. Thread-safe.
 */
@Component
class DeadLetterReader {

    private static final int MAX_SCANNED = 200_000;

    private final ConsumerFactory<Object, Object> consumers;

    DeadLetterReader(ConsumerFactory<Object, Object> consumers) {
        this.consumers = consumers;
    }

    /** Hands every record of {@code topic} to {@code each}, partition by partition in offset order. */
    void scan(String topic, RecordHandler each) {
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return;
            }
            List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            int scanned = 0;
            Instant deadline = Instant.now().plusSeconds(30);
            while (scanned < MAX_SCANNED && Instant.now().isBefore(deadline)
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        each.accept(record);
                        scanned++;
                    }
                }
            }
        }
    }

    /** The record at {@code offset}, if the topic has it (it may have been removed by retention). */
    Optional<ConsumerRecord<String, byte[]>> read(String topic, int partition, long offset) {
        try (Consumer<String, byte[]> consumer = consumer()) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            Long end = consumer.endOffsets(List.of(tp)).get(tp);
            if (end == null || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(tp, offset);
            Instant deadline = Instant.now().plusSeconds(10);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() == offset) {
                        return Optional.of(record);
                    }
                    if (record.offset() > offset) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** Takes one scanned record ({@code Consumer} is Kafka's here). */
    @FunctionalInterface
    interface RecordHandler {
        void accept(ConsumerRecord<String, byte[]> record);
    }

    @SuppressWarnings("unchecked")
    private Consumer<String, byte[]> consumer() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return (Consumer<String, byte[]>) (Consumer<?, ?>) consumers.createConsumer(null, "dead-letter-browser",
                null, overrides);
    }
}
