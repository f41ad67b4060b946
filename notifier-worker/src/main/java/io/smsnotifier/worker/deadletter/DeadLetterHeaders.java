package io.smsnotifier.worker.deadletter;

import io.smsnotifier.worker.failures.DatabaseErrors;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.topics.DerivedTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.KafkaHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The headers the worker writes on a record it forwards to a retry or dead-letter topic, and reads back from a
 * dead letter: the only place their names are spelled. Exception messages are never written: they may quote a
 * payload. Only a retry topic's record carries headers the worker wrote itself; on a request topic anything named
 * like them came from a producer and is ignored.
 */
final class DeadLetterHeaders {

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
    static final String VALUE_DROPPED = "notifier-value-dropped";
    static final String REPLAY_OF = "notifier-replay-of";

    /** The headers {@link #written} adds on every hop, of which a forwarded record keeps only the newest. */
    static final List<String> PER_HOP = List.of(ERROR_CODE, REASON, PROVIDER_ERROR_CODE, ATTEMPTS, FIRST_FAILED_AT,
            FAILED_AT, ORIGINAL_TOPIC, ORIGINAL_PARTITION, ORIGINAL_OFFSET);

    /** What a dead letter's headers say, as ops see it; any of it may be absent. */
    record Read(@Nullable String errorCode, @Nullable String providerErrorCode, @Nullable String reason,
                @Nullable Integer attempts, @Nullable String firstFailedAt, @Nullable String lastFailedAt,
                @Nullable String originalTopic, @Nullable String originalPartition, @Nullable String originalOffset) {
    }

    private DeadLetterHeaders() {
    }

    /** The headers for {@code record}, which failed with {@code exception}, as it moves on. */
    static Headers written(ConsumerRecord<?, ?> record, Exception exception, Instant now) {
        Failure failure = Failure.of(exception);
        String retried = DerivedTopics.retriedBy(record.topic());
        boolean fromRetryTopic = retried != null;
        int attempts = (fromRetryTopic ? intText(record, ATTEMPTS, 0) : 0) + deliveryAttempts(record);
        String first = fromRetryTopic ? text(record, FIRST_FAILED_AT) : null;
        Headers headers = new RecordHeaders();
        headers.add(ERROR_CODE, bytes(failure.errorCode()));
        headers.add(REASON, bytes(LogSafe.text(failure.reason())));
        if (failure.providerErrorCode() != null) {
            headers.add(PROVIDER_ERROR_CODE, bytes(failure.providerErrorCode()));
        }
        headers.add(ATTEMPTS, bytes(String.valueOf(attempts)));
        headers.add(FIRST_FAILED_AT, bytes(first != null ? first : now.toString()));
        headers.add(FAILED_AT, bytes(now.toString()));
        // The original topic is never taken from a header: it decides where a replay goes.
        headers.add(ORIGINAL_TOPIC, bytes(fromRetryTopic ? retried : record.topic()));
        headers.add(ORIGINAL_PARTITION, bytes(String.valueOf(fromRetryTopic
                ? intText(record, ORIGINAL_PARTITION, record.partition()) : record.partition())));
        headers.add(ORIGINAL_OFFSET, bytes(String.valueOf(fromRetryTopic
                ? longText(record, ORIGINAL_OFFSET, record.offset()) : record.offset())));
        return headers;
    }

    /** The record's own headers come along on every hop: keeps only the newest of each of the worker's. */
    static void keepNewest(Headers headers) {
        for (String name : PER_HOP) {
            Header newest = headers.lastHeader(name);
            if (newest != null) {
                headers.remove(name);
                headers.add(newest);
            }
        }
    }

    static Read read(ConsumerRecord<?, ?> record) {
        String attempts = text(record, ATTEMPTS);
        return new Read(text(record, ERROR_CODE), text(record, PROVIDER_ERROR_CODE), text(record, REASON),
                attempts == null ? null : Integer.valueOf(attempts), text(record, FIRST_FAILED_AT),
                text(record, FAILED_AT), text(record, ORIGINAL_TOPIC), text(record, ORIGINAL_PARTITION),
                text(record, ORIGINAL_OFFSET));
    }

    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
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

    /** Why a record failed, in the words a human can act on. */
    record Failure(String errorCode, String reason, @Nullable String providerErrorCode) {

        static Failure of(Exception exception) {
            Throwable cause = rootDeliveryFailure(exception);
            if (cause instanceof PermanentDeliveryFailure permanent) {
                return new Failure(permanent.errorCode().code(), permanent.reason(), permanent.providerErrorCode());
            }
            if (cause instanceof TransientDeliveryFailure transientFailure) {
                return new Failure(transientFailure.errorCode().code(), transientFailure.getMessage(),
                        transientFailure.providerErrorCode());
            }
            // Not the vendor's doing (that is 46002 or 46003): the worker's own database or a bug.
            Throwable unexpected = cause == null ? exception : cause;
            String sqlState = DatabaseErrors.sqlState(exception);
            return new Failure(ErrorCode.INTERNAL_ERROR.code(), "the worker could not process the event: "
                    + unexpected.getClass().getSimpleName() + (sqlState == null ? "" : " (SQLSTATE " + sqlState + ")"),
                    null);
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
    }
}
