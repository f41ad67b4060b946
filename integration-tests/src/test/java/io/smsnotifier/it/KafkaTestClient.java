package io.smsnotifier.it;

import io.smsnotifier.events.DepartmentUpdated;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.EventPublisher;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.NotifierEvent;
import io.smsnotifier.events.SmsDelivered;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * What a test does on the broker: publish events (good or garbage) and read topics from the beginning. Public for
 * the console tests ({@code io.smsnotifier.it.console}).
 */
public final class KafkaTestClient implements AutoCloseable {

    private final String bootstrapServers;
    private final EventPublisher publisher;
    private final KafkaProducer<String, byte[]> rawProducer;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.publisher = new EventPublisher(bootstrapServers);
        this.rawProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    public void publish(NotifierEvent event) {
        await(publisher.publish(event));
    }

    public void publishRaw(String topic, String key, byte[] value) {
        await(rawProducer.send(new ProducerRecord<>(topic, key, value)));
    }

    /** Publishes on {@code directory.members} and waits for the broker's acknowledgement. */
    public void publishMember(MemberUpdated member) {
        await(publisher.publishMember(member));
    }

    public void publishDepartment(DepartmentUpdated department) {
        await(publisher.publishDepartment(department));
    }

    /** A tombstone on {@code directory.members}. */
    public void deleteMember(String memberId) {
        await(publisher.deleteMember(memberId));
    }

    public void deleteDepartment(String departmentId) {
        await(publisher.deleteDepartment(departmentId));
    }

    /** Waits until {@code count} outcomes for {@code eventId} are on {@code topic}, and returns them. */
    public List<SmsDelivered> awaitOutcomes(String topic, String eventId, int count) {
        return outcomes(awaitRecords(topic, record -> eventId.equals(record.key()), count));
    }

    /** Waits until {@code count} outcomes for events whose id starts with {@code prefix} are on {@code topic}. */
    public List<SmsDelivered> awaitOutcomesOfPrefix(String topic, String prefix, int count) {
        return outcomes(awaitRecords(topic, record -> record.key() != null && record.key().startsWith(prefix),
                count));
    }

    /** Reads {@code topic} from the beginning until {@code count} records match, for at most 30 s. */
    public List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, Predicate<ConsumerRecord<String, byte[]>> match,
                                                      int count) {
        List<ConsumerRecord<String, byte[]>> found = read(topic, match, (consumer, end, matched) ->
                matched.size() >= count);
        if (found.size() < count) {
            throw new AssertionError("expected " + count + " matching records on " + topic + " within 30 s, found "
                    + found.size());
        }
        return found;
    }

    /** Every record on {@code topic} that matches, after reading to the current end. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
        return read(topic, match, (consumer, end, matched) -> end.entrySet().stream()
                .allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue()));
    }

    /** When a read of a topic from the beginning has seen enough. */
    private interface Enough {
        boolean test(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end,
                     List<ConsumerRecord<String, byte[]>> matched);
    }

    /** Reads {@code topic} from the beginning until {@code enough}, for at most 30 s: the records that match. */
    private List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<ConsumerRecord<String, byte[]>> match,
                                                      Enough enough) {
        Instant deadline = Instant.now().plusSeconds(30);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic, deadline);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!enough.test(consumer, end, found) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (match.test(record)) {
                        found.add(record);
                    }
                });
            }
        }
        return found;
    }

    /** The last value of header {@code name} on {@code record} as text, or {@code null}. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<SmsDelivered> outcomes(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(record -> EventJson.mapper().readValue(record.value(), SmsDelivered.class))
                .toList();
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> consumer, String topic,
                                                     Instant deadline) {
        while (Instant.now().isBefore(deadline)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            }
        }
        throw new AssertionError("topic " + topic + " does not exist");
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing failed", e);
        }
    }

    @Override
    public void close() {
        publisher.close();
        rawProducer.close();
    }
}
