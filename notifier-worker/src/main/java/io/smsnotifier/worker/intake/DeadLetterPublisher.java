package io.smsnotifier.worker.intake;

import io.smsnotifier.events.EventJson;
import io.smsnotifier.worker.failures.DatabaseErrors;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.topics.DerivedTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Forwards what could not be delivered to a retry topic or to {@code <topic>-dlt}, with headers a human can act
 * on ({@value #ERROR_CODE}, {@value #REASON}, {@value #ATTEMPTS}, first and last failure time, the original
 * topic, partition and offset) beside Spring Kafka's own. Exception messages and stack traces are left out: they
 * may quote a payload. A login-code dead letter never carries the code: it is removed from the value, and an
 * undecodable login-code value is not kept at all.
 */
class DeadLetterPublisher extends DeadLetterPublishingRecoverer {

    static final String ERROR_CODE = "notifier-error-code";
    static final String REASON = "notifier-reason";
    static final String PROVIDER_ERROR_CODE = "notifier-provider-error-code";
    static final String ATTEMPTS = "notifier-attempts";
    static final String FIRST_FAILED_AT = "notifier-first-failed-at";
    static final String FAILED_AT = "notifier-last-failed-at";
    static final String ORIGINAL_TOPIC = "notifier-original-topic";
    static final String ORIGINAL_PARTITION = "notifier-original-partition";
    static final String ORIGINAL_OFFSET = "notifier-original-offset";
    static final String REDACTED = "notifier-redacted";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final String loginCodeTopic;
    private final int maxRequestBytes;

    /** Straight to {@code <topic>-dlt} (the directory topics, which have no retry topics). */
    DeadLetterPublisher(KafkaOperations<?, ?> template, String loginCodeTopic, int maxRequestBytes) {
        // Partition -1: the producer picks one by key, so dead-letter topics need not match source partitions.
        super(template, (record, exception) -> new TopicPartition(record.topic() + "-dlt", -1));
        this.loginCodeTopic = loginCodeTopic;
        this.maxRequestBytes = maxRequestBytes;
        excludeHeader(HeaderNames.HeadersToAdd.EX_MSG, HeaderNames.HeadersToAdd.EX_STACKTRACE);
        setVerifyPartition(false);
        setHeadersFunction(DeadLetterPublisher::readableHeaders);
    }

    /** For retry topics: Spring Kafka's factory chooses the destination and adds {@link #readableHeaders}. */
    DeadLetterPublisher(Function<ProducerRecord<?, ?>, ? extends KafkaOperations<?, ?>> templates,
                        BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destinations, String loginCodeTopic,
                        int maxRequestBytes) {
        super(templates, destinations);
        this.loginCodeTopic = loginCodeTopic;
        this.maxRequestBytes = maxRequestBytes;
        excludeHeader(HeaderNames.HeadersToAdd.EX_MSG, HeaderNames.HeadersToAdd.EX_STACKTRACE);
        // The producer picks the partition by key (RetryConfiguration's partition resolver); asking the broker
        // for every record is what made an outage crawl through the retry path at about one record a second.
        setVerifyPartition(false);
    }

    static Headers readableHeaders(ConsumerRecord<?, ?> record, Exception exception) {
        Throwable cause = rootDeliveryFailure(exception);
        String errorCode;
        String reason;
        String providerErrorCode = null;
        if (cause instanceof PermanentDeliveryFailure permanent) {
            errorCode = permanent.errorCode().code();
            reason = permanent.reason();
            providerErrorCode = permanent.providerErrorCode();
        } else if (cause instanceof TransientDeliveryFailure transientFailure) {
            errorCode = transientFailure.errorCode().code();
            reason = transientFailure.getMessage();
            providerErrorCode = transientFailure.providerErrorCode();
        } else {
            // Not the vendor's doing (that is 46002 or 46003): the worker's own database or a bug.
            Throwable unexpected = cause == null ? exception : cause;
            errorCode = ErrorCode.INTERNAL_ERROR.code();
            String sqlState = DatabaseErrors.sqlState(exception);
            reason = "the worker could not process the event: " + unexpected.getClass().getSimpleName()
                    + (sqlState == null ? "" : " (SQLSTATE " + sqlState + ")");
        }
        // Only a retry topic's record carries headers the worker wrote itself; on a request topic, anything
        // named like them came from a producer and says nothing (ProducerHeaders).
        String retried = DerivedTopics.retriedBy(record.topic());
        boolean fromRetryTopic = retried != null;
        String sourceTopic = fromRetryTopic ? retried : record.topic();
        int attempts = (fromRetryTopic ? intText(record, ATTEMPTS, 0) : 0) + deliveryAttempts(record);
        String now = Instant.now().toString();
        String first = fromRetryTopic ? text(record, FIRST_FAILED_AT) : null;
        log.warn("forwarded failed record topic={} partition={} offset={} key={} attempts={} errorCode={} reason={}",
                record.topic(), record.partition(), record.offset(), LogSafe.key(String.valueOf(record.key())),
                attempts, errorCode, LogSafe.text(reason));
        Headers headers = new RecordHeaders();
        headers.add(ERROR_CODE, bytes(errorCode));
        headers.add(REASON, bytes(LogSafe.text(reason)));
        if (providerErrorCode != null) {
            headers.add(PROVIDER_ERROR_CODE, bytes(providerErrorCode));
        }
        headers.add(ATTEMPTS, bytes(String.valueOf(attempts)));
        headers.add(FIRST_FAILED_AT, bytes(first != null ? first : now));
        headers.add(FAILED_AT, bytes(now));
        // The original topic is never taken from a header: it decides where a replay goes.
        headers.add(ORIGINAL_TOPIC, bytes(sourceTopic));
        headers.add(ORIGINAL_PARTITION, bytes(String.valueOf(fromRetryTopic
                ? intText(record, ORIGINAL_PARTITION, record.partition()) : record.partition())));
        headers.add(ORIGINAL_OFFSET, bytes(String.valueOf(fromRetryTopic
                ? longText(record, ORIGINAL_OFFSET, record.offset()) : record.offset())));
        return headers;
    }

    /** In-place attempts of this hop, from the container's delivery-attempt header; 1 when absent. */
    private static int deliveryAttempts(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(KafkaHeaders.DELIVERY_ATTEMPT);
        return header != null && header.value().length == Integer.BYTES ? ByteBuffer.wrap(header.value()).getInt() : 1;
    }

    private static @Nullable String text(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int intText(ConsumerRecord<?, ?> record, String name, int fallback) {
        String value = text(record, name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static long longText(ConsumerRecord<?, ?> record, String name, long fallback) {
        String value = text(record, name);
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static @Nullable Throwable rootDeliveryFailure(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof PermanentDeliveryFailure || cause instanceof TransientDeliveryFailure) {
                return cause;
            }
            if (cause.getCause() == null) {
                return cause;
            }
        }
        return null;
    }

    private static final java.util.List<String> OWN_HEADERS = java.util.List.of(ERROR_CODE, REASON,
            PROVIDER_ERROR_CODE, ATTEMPTS, FIRST_FAILED_AT, FAILED_AT, ORIGINAL_TOPIC, ORIGINAL_PARTITION,
            ORIGINAL_OFFSET);

    @Override
    protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
                                                                  TopicPartition topicPartition, Headers headers,
                                                                  byte @Nullable [] key, byte @Nullable [] value) {
        // The record's own headers come along on every hop: keep only the newest of each of ours.
        for (String name : OWN_HEADERS) {
            Header newest = headers.lastHeader(name);
            if (newest != null) {
                headers.remove(name);
                headers.add(newest);
            }
        }
        Object payload = value != null ? value : record.value();
        if (payload instanceof byte[] bytes && estimatedBytes(record, key, bytes, headers) > maxRequestBytes) {
            // The producer would refuse the copy (max.request.size) and the record could never move on: the
            // dead letter keeps its key and headers, and says what was left out.
            headers.add(VALUE_DROPPED, bytes("value of " + bytes.length + " bytes left out: the dead-letter copy "
                    + "was over the producer's max.request.size"));
            log.warn("forwarding without its value topic={} partition={} offset={} valueBytes={}", record.topic(),
                    record.partition(), record.offset(), bytes.length);
            Integer partition = topicPartition.partition() < 0 ? null : topicPartition.partition();
            return new ProducerRecord<>(topicPartition.topic(), partition, key != null ? key : record.key(), null,
                    headers);
        }
        // Retry topics need the code to retry; only the dead letter, which people read, loses it.
        if (!record.topic().startsWith(loginCodeTopic) || !topicPartition.topic().endsWith("-dlt")) {
            return super.createProducerRecord(record, topicPartition, headers, key, value);
        }
        headers.add(REDACTED, bytes("code"));
        byte[] redacted = withoutCode(record.value());
        Integer partition = topicPartition.partition() < 0 ? null : topicPartition.partition();
        return new ProducerRecord<>(topicPartition.topic(), partition, record.key(), redacted, headers);
    }

    static final String VALUE_DROPPED = "notifier-value-dropped";

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

    private static byte @Nullable [] withoutCode(@Nullable Object value) {
        if (!(value instanceof byte[] payload)) {
            return null;
        }
        try {
            JsonNode tree = EventJson.mapper().readTree(payload);
            if (tree instanceof ObjectNode object) {
                object.remove("code");
                return EventJson.mapper().writeValueAsBytes(object);
            }
        } catch (JacksonException e) {
            // Not JSON: it cannot be shown without risking the code, so the dead letter keeps headers only.
        }
        return null;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
