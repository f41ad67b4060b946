package io.smsnotifier.events;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class EventPublisherTests {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    private final MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
            new StringSerializer());

    private final EventPublisher publisher = new EventPublisher(producer);

    @Test
    void publishesEventJsonToItsDefaultTopicKeyedByEventId() {
        ApprovalReached event = new ApprovalReached("e-1001", NOW, "PI-77", "Expense claim #42", "n-2",
                "Manager approval", new Initiator("u-7", "Alice"), Recipients.ofMembers("u-1"), null, "SMS_APPROVAL",
                Map.of("deadline", "Friday"));

        RecordMetadata metadata = publisher.publish(event).join();

        assertThat(metadata.topic()).isEqualTo(Topics.APPROVAL_REACHED);
        ProducerRecord<String, String> record = producer.history().getFirst();
        assertThat(record.topic()).isEqualTo(Topics.APPROVAL_REACHED);
        assertThat(record.key()).isEqualTo("e-1001");
        JsonNode value = EventJson.mapper().readTree(record.value());
        assertThat(value.get("eventId").asString()).isEqualTo("e-1001");
        assertThat(value.get("occurredAt").asString()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(ContractSchemas.validate(Topics.APPROVAL_REACHED, value)).isEmpty();
        assertThat(EventJson.mapper().readValue(record.value(), ApprovalReached.class)).isEqualTo(event);
    }

    @Test
    void publishesEachKindToItsOwnTopic() {
        List<NotifierEvent> events = SampleEvents.samples("all", NOW, "123456");

        events.forEach(event -> publisher.publish(event).join());

        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly(Topics.APPROVAL_REACHED,
                Topics.APPROVAL_CC, Topics.LOGIN_CODE, Topics.SMS_NOTIFY);
        assertThat(producer.history()).extracting(ProducerRecord::key)
                .containsExactlyElementsOf(events.stream().map(NotifierEvent::eventId).toList());
    }

    @Test
    void publishesToARenamedTopic() {
        LoginCodeRequested event = new LoginCodeRequested("lc-9", NOW, "+8613800138000", "482913",
                NOW.plusSeconds(300), Channel.SMS, null, "SMS_LOGIN_1");

        publisher.publish("tenant-a.login.code", event).join();

        ProducerRecord<String, String> record = producer.history().getFirst();
        assertThat(record.topic()).isEqualTo("tenant-a.login.code");
        assertThat(record.key()).isEqualTo("lc-9");
        assertThat(EventJson.mapper().readValue(record.value(), LoginCodeRequested.class)).isEqualTo(event);
    }

    @Test
    void publishesDirectoryEntriesKeyedByTheirIds() {
        publisher.publishMember(new MemberUpdated("u-1", "Bob", "+8613900139000", List.of("d-9"), List.of("finance"),
                true)).join();
        publisher.publishDepartment(new DepartmentUpdated("d-9", "d-1", "Finance")).join();

        assertThat(producer.history()).extracting(ProducerRecord::topic, ProducerRecord::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Topics.DIRECTORY_MEMBERS, "u-1"),
                        org.assertj.core.groups.Tuple.tuple(Topics.DIRECTORY_DEPARTMENTS, "d-9"));
        assertThat(ContractSchemas.validate(Topics.DIRECTORY_MEMBERS,
                EventJson.mapper().readTree(producer.history().get(0).value()))).isEmpty();
        assertThat(EventJson.mapper().readValue(producer.history().get(1).value(), DepartmentUpdated.class))
                .isEqualTo(new DepartmentUpdated("d-9", "d-1", "Finance"));
    }

    @Test
    void deletesDirectoryEntriesWithTombstones() {
        publisher.deleteMember("u-3").join();
        publisher.deleteDepartment("d-9").join();

        assertThat(producer.history()).extracting(ProducerRecord::topic, ProducerRecord::key, ProducerRecord::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Topics.DIRECTORY_MEMBERS, "u-3", null),
                        org.assertj.core.groups.Tuple.tuple(Topics.DIRECTORY_DEPARTMENTS, "d-9", null));
    }

    @Test
    void reportsAFailedSendThroughTheFuture() {
        MockProducer<String, String> manual = new MockProducer<>(false, null, new StringSerializer(),
                new StringSerializer());
        EventPublisher failing = new EventPublisher(manual);

        CompletableFuture<RecordMetadata> result = failing.deleteMember("u-1");
        assertThat(result).isNotDone();
        manual.errorNext(new IllegalStateException("broker gone"));

        assertThat(result).isCompletedExceptionally();
        assertThat(result.exceptionNow()).hasMessage("broker gone");
    }

    @Test
    void reportsASendThatCannotStartThroughTheFuture() {
        producer.sendException = new IllegalStateException("producer closed");

        CompletableFuture<RecordMetadata> result = publisher.deleteDepartment("d-1");

        assertThat(result).isCompletedExceptionally();
        assertThat(result.exceptionNow()).hasMessage("producer closed");
    }

    @Test
    void leavesAProducerItWasGivenOpen() {
        publisher.close();

        assertThat(producer.closed()).isFalse();
        assertThat(producer.flushed()).isTrue();
    }

    @Test
    void configuresItsOwnProducerForDurableIdempotentSends() {
        Map<String, Object> config = EventPublisher.producerConfig("broker:9092",
                Map.of(ProducerConfig.CLIENT_ID_CONFIG, "billing"));

        assertThat(config).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "billing");
    }
}
