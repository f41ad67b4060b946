package io.smsnotifier.worker.intake;

import io.smsnotifier.events.EventJson;
import io.smsnotifier.worker.PermanentDeliveryFailure;
import io.smsnotifier.worker.TransientDeliveryFailure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Publishes what cannot be delivered to {@code <topic>-dlt} with headers a human can act on
 * ({@value #ERROR_CODE}, {@value #REASON}, ...) beside Spring Kafka's original topic/partition/offset headers.
 * Exception messages and stack traces are left out: they may quote a payload. Login-code dead letters never
 * carry the code: it is removed from the value, and an undecodable login-code value is not kept at all.
 */
class DeadLetterPublisher extends DeadLetterPublishingRecoverer {

    static final String ERROR_CODE = "notifier-error-code";
    static final String REASON = "notifier-reason";
    static final String PROVIDER_ERROR_CODE = "notifier-provider-error-code";
    static final String FAILED_AT = "notifier-failed-at";
    static final String REDACTED = "notifier-redacted";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final String loginCodeTopic;

    DeadLetterPublisher(KafkaOperations<?, ?> template, String loginCodeTopic) {
        // Partition -1: the producer picks one by key, so dead-letter topics need not match source partitions.
        super(template, (record, exception) -> new TopicPartition(record.topic() + "-dlt", -1));
        this.loginCodeTopic = loginCodeTopic;
        excludeHeader(HeaderNames.HeadersToAdd.EX_MSG, HeaderNames.HeadersToAdd.EX_STACKTRACE);
        setHeadersFunction(DeadLetterPublisher::readableHeaders);
    }

    private static Headers readableHeaders(ConsumerRecord<?, ?> record, Exception exception) {
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
            reason = "retries exhausted: " + transientFailure.getMessage();
            providerErrorCode = transientFailure.providerErrorCode();
        } else {
            errorCode = "46003";
            reason = "unexpected error: " + (cause == null ? exception : cause).getClass().getName();
        }
        log.warn("dead-lettered topic={} partition={} offset={} key={} errorCode={} reason={}", record.topic(),
                record.partition(), record.offset(), record.key(), errorCode, reason);
        Headers headers = new RecordHeaders();
        headers.add(ERROR_CODE, bytes(errorCode));
        headers.add(REASON, bytes(reason));
        if (providerErrorCode != null) {
            headers.add(PROVIDER_ERROR_CODE, bytes(providerErrorCode));
        }
        headers.add(FAILED_AT, bytes(Instant.now().toString()));
        return headers;
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

    @Override
    protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
                                                                  TopicPartition topicPartition, Headers headers,
                                                                  byte @Nullable [] key, byte @Nullable [] value) {
        if (!record.topic().equals(loginCodeTopic)) {
            return super.createProducerRecord(record, topicPartition, headers, key, value);
        }
        headers.add(REDACTED, bytes("code"));
        byte[] redacted = withoutCode(record.value());
        return new ProducerRecord<>(topicPartition.topic(), null, record.key(), redacted, headers);
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
