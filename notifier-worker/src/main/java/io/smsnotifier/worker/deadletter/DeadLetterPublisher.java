package io.smsnotifier.worker.deadletter;

import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.support.LogSafe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Forwards what could not be delivered to a retry topic or to its dead-letter topic, with the worker's headers
 * ({@link DeadLetterHeaders}: error code, reason, attempts, first and last failure, the original topic, partition
 * and offset) beside Spring Kafka's own; exception messages and stack traces are left out. A login code's dead
 * letter never carries the code ({@link Redaction}), and a copy too large for the producer goes without its value
 * rather than never. Thread-safe.
 */
public class DeadLetterPublisher extends DeadLetterPublishingRecoverer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final String loginCodeDeadLetters;
    private final int maxRequestBytes;

    /**
     * Straight to the dead-letter topic (for the directory topics, which have no retry topics).
     *
     * @param loginCodeTopic  the topic whose dead letters lose their code
     * @param maxRequestBytes the producer's {@code max.request.size}: a larger copy goes without its value
     */
    public DeadLetterPublisher(KafkaOperations<?, ?> template, String loginCodeTopic, int maxRequestBytes) {
        // Partition -1: the producer picks one by key, so dead-letter topics need not match source partitions.
        super(template, (record, exception) -> new TopicPartition(Topics.deadLetterOf(record.topic()), -1));
        this.loginCodeDeadLetters = Topics.deadLetterOf(loginCodeTopic);
        this.maxRequestBytes = maxRequestBytes;
        excludeHeader(HeaderNames.HeadersToAdd.EX_MSG, HeaderNames.HeadersToAdd.EX_STACKTRACE);
        setVerifyPartition(false);
        setHeadersFunction(DeadLetterPublisher::headers);
    }

    private DeadLetterPublisher(Function<ProducerRecord<?, ?>, ? extends KafkaOperations<?, ?>> templates,
                                BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destinations,
                                String loginCodeTopic, int maxRequestBytes) {
        super(templates, destinations);
        this.loginCodeDeadLetters = Topics.deadLetterOf(loginCodeTopic);
        this.maxRequestBytes = maxRequestBytes;
        excludeHeader(HeaderNames.HeadersToAdd.EX_MSG, HeaderNames.HeadersToAdd.EX_STACKTRACE);
        // Asking the broker for every record's partition is what made an outage crawl through the retry path at
        // about one record a second.
        setVerifyPartition(false);
    }

    /**
     * Makes Spring Kafka's retry topics publish through this class, so a record moving to a retry topic or on to
     * the dead-letter topic gets the same headers as one dead-lettered at once. The factory chooses the
     * destination; the producer picks the partition by key, as for any record: the source's partition may not
     * exist in a retry topic with fewer partitions (they are grown, but a source can gain partitions at any
     * time).
     */
    public static void publishThrough(DeadLetterPublishingRecovererFactory factory, String loginCodeTopic,
                                      int maxRequestBytes) {
        factory.setDeadLetterPublisherCreator((templates, destinations) ->
                new DeadLetterPublisher(templates, destinations, loginCodeTopic, maxRequestBytes));
        factory.setHeadersFunction(DeadLetterPublisher::headers);
        factory.setPartitionResolver((record, nextTopic) -> null);
    }

    private static Headers headers(ConsumerRecord<?, ?> record, Exception exception) {
        Headers headers = DeadLetterHeaders.written(record, exception, Instant.now());
        log.warn("forwarded failed record topic={} partition={} offset={} key={} attempts={} errorCode={} reason={}",
                record.topic(), record.partition(), record.offset(), LogSafe.key(String.valueOf(record.key())),
                text(headers, DeadLetterHeaders.ATTEMPTS), text(headers, DeadLetterHeaders.ERROR_CODE),
                text(headers, DeadLetterHeaders.REASON));
        return headers;
    }

    @Override
    protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
                                                                  TopicPartition topicPartition, Headers headers,
                                                                  byte @Nullable [] key, byte @Nullable [] value) {
        DeadLetterHeaders.keepNewest(headers);
        Integer partition = topicPartition.partition() < 0 ? null : topicPartition.partition();
        Object payload = value != null ? value : record.value();
        if (payload instanceof byte[] bytes && estimatedBytes(record, key, bytes, headers) > maxRequestBytes) {
            // The producer would refuse the copy (max.request.size) and the record could never move on: the
            // dead letter keeps its key and headers, and says what was left out.
            headers.add(DeadLetterHeaders.VALUE_DROPPED, DeadLetterHeaders.bytes("value of " + bytes.length
                    + " bytes left out: the dead-letter copy was over the producer's max.request.size"));
            log.warn("forwarding without its value topic={} partition={} offset={} valueBytes={}", record.topic(),
                    record.partition(), record.offset(), bytes.length);
            return new ProducerRecord<>(topicPartition.topic(), partition, key != null ? key : record.key(), null,
                    headers);
        }
        // Retry topics need the code to retry; only the dead letter, which people read, loses it.
        if (!topicPartition.topic().equals(loginCodeDeadLetters)) {
            return super.createProducerRecord(record, topicPartition, headers, key, value);
        }
        headers.add(DeadLetterHeaders.REDACTED, DeadLetterHeaders.bytes(Redaction.CODE));
        return new ProducerRecord<>(topicPartition.topic(), partition, record.key(),
                Redaction.withoutCode(record.value()), headers);
    }

    /** What the producer will count for the copy, with room for the record batch's own overhead. */
    private static long estimatedBytes(ConsumerRecord<?, ?> record, byte @Nullable [] key, byte[] value,
                                       Headers headers) {
        long size = value.length + 256L;
        size += key != null ? key.length : record.key() instanceof String text ? text.length() * 3L : 0;
        for (Header header : headers) {
            size += header.key().length() + (header.value() == null ? 0 : header.value().length) + 8L;
        }
        return size;
    }

    private static @Nullable String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
