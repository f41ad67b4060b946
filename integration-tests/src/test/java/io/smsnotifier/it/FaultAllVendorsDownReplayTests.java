package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.Behaviour;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.smsnotifier.it.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 2 of docs/RELIABILITY.md: every vendor is down, so events pass the retry topics into the dead-letter
 * topic; the vendors come back and one replay through the API delivers every message, none twice.
 */
class FaultAllVendorsDownReplayTests extends FaultTestBase {

    private static final int EVENTS = 100;
    private static final int NUMBERS_PER_EVENT = 2;
    private static final int RANGE = 2;

    @Value("${notifier.retry.in-place.attempts}")
    int inPlaceAttempts;

    @Value("${notifier.retry.topics.attempts}")
    int topicAttempts;

    @AfterEach
    void vendorsBack() {
        aliyun.behaviour(null);
        tencent.behaviour(null);
        awaitAllServicesInRotation();
    }

    @Test
    void eventsPassTheRetryTopicsIntoTheDeadLetterTopicAndOneReplayAfterTheOutageDeliversEachNumberOnce() {
        resetSimulators();
        awaitAllServicesInRotation();
        resetSimulators();
        aliyun.behaviour(call -> Behaviour.httpError(503));
        tencent.behaviour(call -> Behaviour.httpError(503));
        String prefix = "f2-" + UUID.randomUUID() + "-";
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < EVENTS; i++) {
            List<String> phones = new ArrayList<>();
            for (int n = 0; n < NUMBERS_PER_EVENT; n++) {
                phones.add(phone(RANGE, i * NUMBERS_PER_EVENT + n));
            }
            numbers.addAll(phones);
            records.add(record(notice(prefix + i, phones)));
        }

        long started = System.nanoTime();
        publishAll(records);
        List<JsonNode> letters = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> listedDeadLetters(prefix, "pending"), listed -> listed.size() >= EVENTS);
        Duration toDeadLetters = Duration.ofNanos(System.nanoTime() - started);
        Duration drained = awaitDrained(Duration.ofSeconds(30));
        int aliyunSendsDuringOutage = aliyun.requests(AliyunSmsSimulator.AliyunCall::isSend).size();
        int tencentSendsDuringOutage = tencent.requests().size();
        Map<String, Integer> ledgerDuringOutage = ledgerStatuses(prefix);
        List<ConsumerRecord<String, byte[]>> dltRecords = deadLetters(prefix);
        Map<String, String> circuitsDuringOutage = circuits();

        print("2", "events=" + EVENTS + " numbers=" + numbers.size() + " all in " + DLT + " after "
                + toDeadLetters.toMillis() + "ms (retry topics empty +" + drained.toMillis() + "ms)");
        print("2", "dead letters: errorCode=" + histogram(letters.stream().map(l -> l.path("errorCode").asString()).toList())
                + " attempts=" + histogram(letters.stream().map(l -> l.path("attempts").asInt()).toList())
                + " reasons=" + histogram(letters.stream().map(l -> l.path("reason").asString()).toList()));
        print("2", "dead-letter headers: original topic=" + histogram(dltRecords.stream()
                .map(r -> header(r, "notifier-original-topic")).toList()) + " kafka_original-topic="
                + histogram(dltRecords.stream().map(r -> header(r, "kafka_original-topic")).toList())
                + " kafka_dlt-original-topic=" + histogram(dltRecords.stream()
                .map(r -> header(r, "kafka_dlt-original-topic")).toList()));
        print("2", "each dead letter carries " + dltRecords.getFirst().headers().toArray().length + " headers; "
                + "notifier-attempts appears " + histogram(dltRecords.stream().map(r -> (int) java.util.stream.StreamSupport
                .stream(r.headers().headers("notifier-attempts").spliterator(), false).count()).toList()) + " times");
        print("2", "during the outage: aliyun requests=" + aliyunSendsDuringOutage + " tencent requests="
                + tencentSendsDuringOutage + " (all 503) ledger=" + ledgerDuringOutage + " circuits="
                + circuitsDuringOutage);

        assertThat(letters).hasSize(EVENTS);
        assertThat(dltRecords).hasSize(EVENTS);
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.path("errorCode").asString()).isEqualTo("46003");
            // In place on sms.notify, then on each retry topic: the whole path, not a short cut.
            assertThat(letter.path("attempts").asInt()).isEqualTo(inPlaceAttempts * topicAttempts);
            assertThat(letter.path("originalTopic").asString()).isEqualTo(Topics.SMS_NOTIFY);
        });
        // Spring Kafka's retry-topic headers keep the first topic too (kafka_original-*, not kafka_dlt-original-*).
        assertThat(dltRecords).allSatisfy(record -> assertThat(header(record, "kafka_original-topic"))
                .isEqualTo(Topics.SMS_NOTIFY));
        // Nothing settled, nothing in doubt: a number has a row once a request with it reached a vendor (written as it
        // left, owed again when the 503 came), and none while the open circuits kept every request of its event back
        // (decision 0013: no row is written before a request leaves).
        assertThat(ledgerDuringOutage).isNotEmpty().allSatisfy((status, count) -> assertThat(status)
                .isEqualTo("PENDING"));
        assertThat(ledgerDuringOutage.get("PENDING")).isLessThanOrEqualTo(numbers.size());
        // Both vendors were tried (failover, then the retry topics), and every 503 left its numbers owed.
        assertThat(aliyunSendsDuringOutage).as("requests to the primary during the outage").isPositive();
        assertThat(tencentSendsDuringOutage).as("requests failed over to the secondary").isPositive();

        // The vendors are back (their breakers closed again); ops replay everything the outage left behind.
        aliyun.behaviour(null);
        tencent.behaviour(null);
        awaitAllServicesInRotation();
        long replayStarted = System.nanoTime();
        HttpResponse<String> replay = admin().replayAll(DLT, "{\"errorCode\": \"46003\"}");
        Duration replayCall = Duration.ofNanos(System.nanoTime() - replayStarted);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> ledgerStatuses(prefix).getOrDefault("SENT", 0) == numbers.size());
        Duration replayDelivered = Duration.ofNanos(System.nanoTime() - replayStarted);
        awaitDrained(Duration.ofSeconds(30));

        Map<String, Integer> accepted = acceptedPerNumber(numbers::contains);
        List<SmsDelivered> outcomes = outcomes(prefix);
        List<JsonNode> afterReplay = listedDeadLetters(prefix, "all");
        print("2", "replay: " + replay.body() + " in " + replayCall.toMillis() + "ms; all " + numbers.size()
                + " numbers SENT " + replayDelivered.toMillis() + "ms after the call; ledger="
                + ledgerByStatusAndService(prefix) + " accepted aliyun=" + aliyunAccepted().stream()
                .filter(numbers::contains).count() + " tencent=" + tencentAccepted().stream().filter(numbers::contains)
                .count() + " timesPerNumber=" + histogram(List.copyOf(accepted.values())) + " outcomes="
                + histogram(outcomes.stream().map(o -> o.status() + " " + o.service()).toList())
                + " dead letters now=" + histogram(afterReplay.stream().map(l -> l.path("state").asString()).toList()));

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(AdminApiClient.json(replay).path("replayed").asInt()).isEqualTo(EVENTS);
        assertThat(accepted).hasSize(numbers.size());
        assertThat(accepted.values()).as("each number accepted exactly once").containsOnly(1);
        assertThat(ledgerStatuses(prefix)).containsExactly(Map.entry("SENT", numbers.size()));
        assertThat(outcomes).hasSize(numbers.size())
                .allSatisfy(outcome -> assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT));
        assertThat(outcomes.stream().map(SmsDelivered::eventId).distinct()).hasSize(EVENTS);
        assertThat(afterReplay).hasSize(EVENTS)
                .allSatisfy(letter -> assertThat(letter.path("state").asString()).isEqualTo("REPLAYED"));
        assertThat(listedDeadLetters(prefix, "pending")).isEmpty();
    }
}
