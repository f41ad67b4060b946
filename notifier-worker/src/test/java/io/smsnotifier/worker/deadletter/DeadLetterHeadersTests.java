package io.smsnotifier.worker.deadletter;

import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterHeadersTests {

    private static final Instant FIRST = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-11-21T10:06:00Z");

    @Test
    void whatIsWrittenOnARequestTopicIsReadBackFromTheDeadLetter() {
        ConsumerRecord<String, byte[]> failed = new ConsumerRecord<>("sms.notify", 2, 17L, "n-1", new byte[0]);
        failed.headers().add(KafkaHeaders.DELIVERY_ATTEMPT, ByteBuffer.allocate(Integer.BYTES).putInt(3).array());

        DeadLetterHeaders.Read read = DeadLetterHeaders.read(deadLetter("sms.notify-dlt",
                DeadLetterHeaders.written(failed, new PermanentDeliveryFailure(ErrorCode.VENDOR_ERROR,
                        "template rejected", "isv.SMS_TEMPLATE_ILLEGAL", null), FIRST)));

        assertThat(read).isEqualTo(new DeadLetterHeaders.Read("46002", "isv.SMS_TEMPLATE_ILLEGAL",
                "template rejected", 3, FIRST.toString(), FIRST.toString(), "sms.notify", "2", "17"));
    }

    @Test
    void aRetryTopicsRecordKeepsItsFirstFailureOriginAndCountsEveryAttempt() {
        ConsumerRecord<String, byte[]> first = new ConsumerRecord<>("sms.notify", 1, 40L, "n-2", new byte[0]);
        Headers firstHop = DeadLetterHeaders.written(first, new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED,
                "aliyun-main timed out", null, null), FIRST);
        ConsumerRecord<String, byte[]> retried = deadLetter("sms.notify-retry-0", firstHop);

        DeadLetterHeaders.Read read = DeadLetterHeaders.read(deadLetter("sms.notify-dlt",
                DeadLetterHeaders.written(retried, new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED,
                        "tencent-main timed out", null, null), LATER)));

        assertThat(read).isEqualTo(new DeadLetterHeaders.Read("46003", null, "tencent-main timed out", 2,
                FIRST.toString(), LATER.toString(), "sms.notify", "1", "40"));
    }

    @Test
    void keepsOnlyTheNewestOfEachOfTheWorkersHeaders() {
        Headers headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, DeadLetterHeaders.bytes("first"));
        headers.add("traceparent", DeadLetterHeaders.bytes("00-abc-def-01"));
        headers.add(DeadLetterHeaders.REASON, DeadLetterHeaders.bytes("second"));

        DeadLetterHeaders.keepNewest(headers);

        assertThat(headers.headers(DeadLetterHeaders.REASON))
                .extracting(header -> new String(header.value(), StandardCharsets.UTF_8)).containsExactly("second");
        assertThat(headers.lastHeader("traceparent")).isNotNull();
    }

    @Test
    void aDeadLetterWithoutTheWorkersHeadersReadsAsAllAbsent() {
        ConsumerRecord<String, byte[]> foreign = new ConsumerRecord<>("sms.notify-dlt", 0, 1L, "x", new byte[0]);

        assertThat(DeadLetterHeaders.read(foreign)).isEqualTo(new DeadLetterHeaders.Read(null, null, null, null, null,
                null, null, null, null));
    }

    private static ConsumerRecord<String, byte[]> deadLetter(String topic, Headers headers) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, 0, 5L, "k", new byte[0]);
        headers.forEach(record.headers()::add);
        return record;
    }
}
