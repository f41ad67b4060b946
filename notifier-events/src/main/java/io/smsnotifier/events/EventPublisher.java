package io.smsnotifier.events;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes contract events to Kafka as JSON ({@link EventJson}), keyed by {@code eventId} (directory entries by
 * their member / department id).
 * <p>
 * Thread-safe: share one instance, as you would the underlying producer. Publishing is asynchronous; the returned
 * future completes when the broker acknowledged the record ({@code acks=all}) or fails with the producer's
 * exception (a failure to serialize or to hand the record over is reported the same way, never thrown).
 * <p>
 * Idempotency: the producer is idempotent, so its own retries never duplicate a record. Publishing the same event
 * again yourself (same {@code eventId}) is safe too: the worker sends each SMS of an event at most once per
 * recipient. Give a new event a new {@code eventId}.
 */
public final class EventPublisher implements AutoCloseable {

    private final Producer<String, String> producer;
    private final boolean ownsProducer;

    /** A publisher with its own producer: {@code acks=all}, idempotence on, {@code linger.ms=5}. */
    public EventPublisher(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /**
     * A publisher with its own producer, configured as {@link #EventPublisher(String)} and then with
     * {@code overrides} (any producer setting, e.g. {@code max.block.ms} or {@code client.id}).
     */
    public EventPublisher(String bootstrapServers, Map<String, ?> overrides) {
        this(new KafkaProducer<>(producerConfig(bootstrapServers, overrides), new StringSerializer(),
                new StringSerializer()), true);
    }

    /**
     * A publisher over an existing producer. The producer stays yours: {@link #close()} leaves it open. For the
     * guarantees above it should be configured with {@code acks=all} and idempotence on (Kafka's defaults).
     */
    public EventPublisher(Producer<String, String> producer) {
        this(producer, false);
    }

    private EventPublisher(Producer<String, String> producer, boolean ownsProducer) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.ownsProducer = ownsProducer;
    }

    /** The producer settings the bootstrap-servers constructors use, before overrides. */
    static Map<String, Object> producerConfig(String bootstrapServers, Map<String, ?> overrides) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putAll(overrides);
        return config;
    }

    /** Publishes {@code event} to its {@link NotifierEvent#defaultTopic() default topic}. */
    public CompletableFuture<RecordMetadata> publish(NotifierEvent event) {
        return publish(event.defaultTopic(), event);
    }

    /** Publishes {@code event} to {@code topic} (for a worker whose {@code notifier.topics.*} renamed it). */
    public CompletableFuture<RecordMetadata> publish(String topic, NotifierEvent event) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(event.eventId(), "event.eventId");
        return send(topic, event.eventId(), event);
    }

    /** Publishes a member's current entry to {@link Topics#DIRECTORY_MEMBERS}, keyed by {@code memberId}. */
    public CompletableFuture<RecordMetadata> publishMember(MemberUpdated member) {
        Objects.requireNonNull(member, "member");
        return send(Topics.DIRECTORY_MEMBERS, Objects.requireNonNull(member.memberId(), "member.memberId"), member);
    }

    /** Publishes a department's current entry to {@link Topics#DIRECTORY_DEPARTMENTS}, keyed by its id. */
    public CompletableFuture<RecordMetadata> publishDepartment(DepartmentUpdated department) {
        Objects.requireNonNull(department, "department");
        return send(Topics.DIRECTORY_DEPARTMENTS,
                Objects.requireNonNull(department.departmentId(), "department.departmentId"), department);
    }

    /** Deletes a member: a tombstone (null value) keyed by {@code memberId} on {@link Topics#DIRECTORY_MEMBERS}. */
    public CompletableFuture<RecordMetadata> deleteMember(String memberId) {
        return send(Topics.DIRECTORY_MEMBERS, Objects.requireNonNull(memberId, "memberId"), null);
    }

    /** Deletes a department: a tombstone keyed by {@code departmentId} on {@link Topics#DIRECTORY_DEPARTMENTS}. */
    public CompletableFuture<RecordMetadata> deleteDepartment(String departmentId) {
        return send(Topics.DIRECTORY_DEPARTMENTS, Objects.requireNonNull(departmentId, "departmentId"), null);
    }

    /** Sends what is buffered and waits for it; see {@link Producer#flush()}. */
    public void flush() {
        producer.flush();
    }

    /** Flushes and, if this publisher created the producer, closes it. */
    @Override
    public void close() {
        if (ownsProducer) {
            producer.close();
        }
        else {
            producer.flush();
        }
    }

    private CompletableFuture<RecordMetadata> send(String topic, String key, Object value) {
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        try {
            String json = value == null ? null : EventJson.mapper().writeValueAsString(value);
            producer.send(new ProducerRecord<>(topic, key, json), (metadata, exception) -> {
                if (exception != null) {
                    result.completeExceptionally(exception);
                }
                else {
                    result.complete(metadata);
                }
            });
        }
        catch (RuntimeException ex) {
            result.completeExceptionally(ex);
        }
        return result;
    }
}
