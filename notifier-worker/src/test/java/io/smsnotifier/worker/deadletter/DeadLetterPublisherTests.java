package io.smsnotifier.worker.deadletter;

import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.mock.MockProducerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the recoverer through a real {@link KafkaTemplate} on Kafka's {@link MockProducer}, which completes every
 * send at once and keeps what was sent.
 */
class DeadLetterPublisherTests {

    private static final String LOGIN_CODE_VALUE = """
            {"eventId":"lc-9","occurredAt":"2026-11-21T10:00:00Z","phone":"+8613800138000","code":"482913",\
            "expiresAt":"2026-11-21T10:05:00Z","channel":"sms","templateCode":"SMS_LOGIN_1"}""";

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());

    private final DeadLetterPublisher publisher = new DeadLetterPublisher(
            new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)), "login.code", 64 * 1024);

    @Test
    void deadLettersAnInvalidEventWithItsErrorCodeAndReasonAndTheValueUnchanged() {
        byte[] value = bytes("{\"occurredAt\":\"2026-11-21T10:00:00Z\"}");
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("approval.reached", 2, 17L, "e-1001", value);

        publisher.accept(record, listenerFailure(
                new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "missing required field eventId")));

        ProducerRecord<String, byte[]> deadLetter = onlyDeadLetter();
        assertThat(deadLetter.topic()).isEqualTo("approval.reached-dlt");
        assertThat(deadLetter.partition()).isNull();
        assertThat(deadLetter.key()).isEqualTo("e-1001");
        assertThat(deadLetter.value()).isEqualTo(value);
        assertThat(header(deadLetter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("46001");
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("missing required field eventId");
        assertThat(header(deadLetter, DeadLetterHeaders.FAILED_AT)).isNotBlank();
        assertThat(deadLetter.headers().lastHeader(DeadLetterHeaders.PROVIDER_ERROR_CODE)).isNull();
        assertThat(deadLetter.headers().lastHeader(DeadLetterHeaders.REDACTED)).isNull();
        assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo("approval.reached");
    }

    @Test
    void carriesTheProviderErrorCodeOfAVendorFailure() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("sms.notify", 0, 3L, "n-5", bytes("{}"));

        publisher.accept(record, listenerFailure(new PermanentDeliveryFailure(ErrorCode.VENDOR_ERROR,
                "template rejected by the vendor", "isv.SMS_TEMPLATE_ILLEGAL", null)));

        ProducerRecord<String, byte[]> deadLetter = onlyDeadLetter();
        assertThat(deadLetter.topic()).isEqualTo("sms.notify-dlt");
        assertThat(header(deadLetter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("46002");
        assertThat(header(deadLetter, DeadLetterHeaders.PROVIDER_ERROR_CODE)).isEqualTo("isv.SMS_TEMPLATE_ILLEGAL");
    }

    @Test
    void saysRetriesWereExhaustedForATransientFailure() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("sms.notify", 1, 4L, "n-6", bytes("{}"));

        publisher.accept(record, listenerFailure(new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED,
                "aliyun-main timed out after 5s", null, null)));

        ProducerRecord<String, byte[]> deadLetter = onlyDeadLetter();
        assertThat(header(deadLetter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("46003");
        assertThat(header(deadLetter, DeadLetterHeaders.REASON))
                .isEqualTo("aliyun-main timed out after 5s");
    }

    @Test
    void removesTheCodeFromALoginCodeDeadLetter() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("login.code", 0, 5L, "lc-9",
                bytes(LOGIN_CODE_VALUE));

        publisher.accept(record, listenerFailure(
                new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "unknown template 'SMS_LOGIN_1'")));

        ProducerRecord<String, byte[]> deadLetter = onlyDeadLetter();
        assertThat(deadLetter.topic()).isEqualTo("login.code-dlt");
        assertThat(deadLetter.key()).isEqualTo("lc-9");
        String value = new String(deadLetter.value(), StandardCharsets.UTF_8);
        assertThat(value).doesNotContain("482913").doesNotContain("\"code\"")
                .contains("\"eventId\":\"lc-9\"").contains("\"templateCode\":\"SMS_LOGIN_1\"");
        assertThat(header(deadLetter, DeadLetterHeaders.REDACTED)).isEqualTo("code");
        assertThat(header(deadLetter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("46001");
        assertThat(allHeaderValues(deadLetter)).noneMatch(text -> text.contains("482913"));
    }

    @Test
    void keepsNoValueOfALoginCodeThatIsNotJson() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("login.code", 0, 6L, "lc-10",
                bytes("code=482913;phone=+8613800138000"));

        publisher.accept(record, listenerFailure(new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST,
                "not valid JSON (line 1, column 1)")));

        ProducerRecord<String, byte[]> deadLetter = onlyDeadLetter();
        assertThat(deadLetter.topic()).isEqualTo("login.code-dlt");
        assertThat(deadLetter.value()).isNull();
        assertThat(header(deadLetter, DeadLetterHeaders.REDACTED)).isEqualTo("code");
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("not valid JSON (line 1, column 1)");
    }

    @Test
    void keepsNoValueOfALoginCodeThatIsAJsonArray() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("login.code", 0, 7L, "lc-11",
                bytes("[\"482913\"]"));

        publisher.accept(record, listenerFailure(new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST,
                "JSON does not have the shape of a X")));

        assertThat(onlyDeadLetter().value()).isNull();
    }

    @Test
    void namesOnlyTheClassOfAnUnexpectedException() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("approval.reached", 0, 9L, "e-1002",
                bytes("{}"));

        publisher.accept(record, listenerFailure(new IllegalStateException("secret detail +8613800138000")));

        ProducerRecord<String, byte[]> deadLetter = onlyDeadLetter();
        assertThat(header(deadLetter, DeadLetterHeaders.ERROR_CODE)).as("not the vendor's failure").isEqualTo("46004");
        assertThat(header(deadLetter, DeadLetterHeaders.REASON))
                .isEqualTo("the worker could not process the event: IllegalStateException");
        assertThat(allHeaderValues(deadLetter))
                .noneMatch(text -> text.contains("secret detail") || text.contains("8613800138000"));
    }

    @Test
    void leavesOutTheMessageOfAnUnwrappedUnexpectedException() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("approval.cc", 0, 9L, "e-1003", bytes("{}"));

        publisher.accept(record, new IllegalArgumentException("secret detail +8613800138000"));

        ProducerRecord<String, byte[]> deadLetter = onlyDeadLetter();
        assertThat(deadLetter.topic()).isEqualTo("approval.cc-dlt");
        assertThat(header(deadLetter, DeadLetterHeaders.REASON))
                .isEqualTo("the worker could not process the event: IllegalArgumentException");
        assertThat(allHeaderValues(deadLetter))
                .noneMatch(text -> text.contains("secret detail") || text.contains("8613800138000"));
    }

    @Test
    void namesTheSqlStateOfADatabaseFailureButNotItsMessage() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("sms.notify", 0, 10L, "e-1004", bytes("{}"));

        publisher.accept(record, listenerFailure(new DataIntegrityViolationException("x",
                new SQLException("Key (event_id)=(+8613800138000) already exists", "23505"))));

        ProducerRecord<String, byte[]> deadLetter = onlyDeadLetter();
        assertThat(header(deadLetter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("46004");
        assertThat(header(deadLetter, DeadLetterHeaders.REASON))
                .isEqualTo("the worker could not process the event: SQLException (SQLSTATE 23505)");
        assertThat(allHeaderValues(deadLetter)).noneMatch(text -> text.contains("8613800138000"));
    }

    @Test
    void leavesOutTheMessageOfAnExceptionWrappingAPermanentFailure() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("approval.reached", 0, 9L, "e-1004",
                bytes("{}"));
        RuntimeException wrapper = new RuntimeException("wrapped +8613800138000",
                new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "no recipients left"));

        publisher.accept(record, listenerFailure(wrapper));

        ProducerRecord<String, byte[]> deadLetter = onlyDeadLetter();
        assertThat(header(deadLetter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("46001");
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("no recipients left");
        assertThat(allHeaderValues(deadLetter)).noneMatch(text -> text.contains("8613800138000"));
    }

    @Test
    void aCopyOverTheProducersLimitGoesWithoutItsValueAndSaysSo() {
        byte[] value = new byte[64 * 1024 - 100];
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("sms.notify", 0, 11L, "n-10", value);

        publisher.accept(record, listenerFailure(new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "bad")));

        ProducerRecord<String, byte[]> deadLetter = onlyDeadLetter();
        assertThat(deadLetter.value()).isNull();
        assertThat(deadLetter.key()).isEqualTo("n-10");
        assertThat(header(deadLetter, DeadLetterHeaders.VALUE_DROPPED)).isEqualTo("value of 65436 bytes left out: "
                + "the dead-letter copy was over the producer's max.request.size");
        assertThat(header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("bad");
    }

    @Test
    void headersAProducerForgedInTheWorkersNameDecideNothingOnTheFirstHop() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("sms.notify", 1, 42L, "n-7", bytes("{"));
        record.headers().add(DeadLetterHeaders.ORIGINAL_TOPIC, bytes("directory.members"));
        record.headers().add(DeadLetterHeaders.ATTEMPTS, bytes("99"));
        record.headers().add(DeadLetterHeaders.FIRST_FAILED_AT, bytes("2001-01-01T00:00:00Z"));

        publisher.accept(record, listenerFailure(new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "bad")));

        ProducerRecord<String, byte[]> deadLetter = onlyDeadLetter();
        assertThat(deadLetter.topic()).isEqualTo("sms.notify-dlt");
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("sms.notify");
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("1");
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("42");
        assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
        assertThat(header(deadLetter, DeadLetterHeaders.FIRST_FAILED_AT)).isNotEqualTo("2001-01-01T00:00:00Z");
    }

    @Test
    void aRetryTopicsRecordKeepsItsOriginButNeverAnotherTopicAsOrigin() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("sms.notify-retry-1", 0, 5L, "n-8", bytes("{"));
        record.headers().add(DeadLetterHeaders.ORIGINAL_TOPIC, bytes("directory.members"));
        record.headers().add(DeadLetterHeaders.ORIGINAL_PARTITION, bytes("2"));
        record.headers().add(DeadLetterHeaders.ORIGINAL_OFFSET, bytes("not a number"));
        record.headers().add(DeadLetterHeaders.ATTEMPTS, bytes("4"));

        publisher.accept(record, listenerFailure(new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "bad")));

        ProducerRecord<String, byte[]> deadLetter = onlyDeadLetter();
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("sms.notify");
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_PARTITION)).isEqualTo("2");
        assertThat(header(deadLetter, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo("5");
        assertThat(header(deadLetter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("5");
    }

    @Test
    void aReasonCannotBreakALineOrAHeader() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("sms.notify", 0, 6L, "n-9", bytes("{}"));

        publisher.accept(record, listenerFailure(new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST,
                "unknown template 'X'\r\n2026-12-01 ERROR ALERT fake line")));

        assertThat(header(onlyDeadLetter(), DeadLetterHeaders.REASON))
                .isEqualTo("unknown template 'X'\\u000d\\u000a2026-12-01 ERROR ALERT fake line");
    }

    private ProducerRecord<String, byte[]> onlyDeadLetter() {
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).hasSize(1);
        return sent.getFirst();
    }

    private static ListenerExecutionFailedException listenerFailure(Exception cause) {
        return new ListenerExecutionFailedException("Listener failed", cause);
    }

    private static String header(ProducerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> allHeaderValues(ProducerRecord<?, ?> record) {
        return StreamSupport.stream(record.headers().spliterator(), false)
                .map(header -> header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8))
                .toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
