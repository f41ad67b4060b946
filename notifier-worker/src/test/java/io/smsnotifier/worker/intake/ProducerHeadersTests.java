package io.smsnotifier.worker.intake;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerHeadersTests {

    @Test
    void dropsOnlyTheHeaderNamesTheWorkerReserves() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("notifier-original-topic", bytes("directory.members"));
        headers.add("Notifier-Attempts", bytes("3"));
        headers.add("kafka_dlt-original-topic", bytes("x"));
        headers.add("retry_topic-backoff-timestamp", bytes("99999999999999"));
        headers.add("traceparent", bytes("00-abc-def-01"));

        ProducerHeaders.dropReserved(headers);

        assertThat(StreamSupport.stream(headers.spliterator(), false).map(Header::key)).containsExactly("traceparent");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
