package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 4 of docs/RELIABILITY.md: the same event published three times, and a replay of an event already
 * delivered, send one SMS per number.
 */
class FaultDuplicateEventsTests extends FaultTestBase {

    private static final int EVENTS = 300;
    private static final int COPIES = 3;
    private static final int NUMBERS_PER_EVENT = 2;

    @Test
    void eventPublishedThreeTimesAndReplayedAfterDeliverySendsOneSmsPerNumber() {
        resetSimulators();
        awaitAllServicesInRotation();
        resetSimulators();
        String prefix = "f4-" + UUID.randomUUID() + "-";
        List<SmsNotificationRequested> events = new ArrayList<>();
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < EVENTS; i++) {
            List<String> phones = new ArrayList<>();
            for (int n = 0; n < NUMBERS_PER_EVENT; n++) {
                phones.add(phone(4, i * NUMBERS_PER_EVENT + n));
            }
            numbers.addAll(phones);
            events.add(notice(prefix + i, phones));
        }
        // Three copies of each event, keyed by its id as the contract says: a producer that retried its send
        // twice. The copies of one event follow each other closely on its partition.
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (SmsNotificationRequested event : events) {
            for (int copy = 0; copy < COPIES; copy++) {
                records.add(record(event));
            }
        }

        long started = System.nanoTime();
        publishAll(records);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> ledgerStatuses(prefix).getOrDefault("SENT", 0) == numbers.size());
        Duration drained = awaitDrained(Duration.ofSeconds(60));
        Duration firstPass = Duration.ofNanos(System.nanoTime() - started);
        Map<String, Integer> acceptedBeforeReplay = acceptedPerNumber(numbers::contains);

        // Ops replay every delivered event: its record republished to its topic, as the replay API does.
        long replayStarted = System.nanoTime();
        publishAll(events.stream().map(event -> {
            ProducerRecord<String, byte[]> replay = record(event);
            replay.headers().add("notifier-replay-of", (Topics.SMS_NOTIFY + "/replay-test")
                    .getBytes(StandardCharsets.UTF_8));
            return replay;
        }).toList());
        Duration replayDrained = awaitDrained(Duration.ofSeconds(60));

        Map<String, Integer> accepted = acceptedPerNumber(numbers::contains);
        int vendorRequests = aliyun.requests(AliyunSmsSimulator.AliyunCall::isSend).size() + tencent.requests().size();
        List<SmsDelivered> outcomes = outcomes(prefix);
        print("4", "events=" + EVENTS + " x " + COPIES + " copies = " + records.size() + " records, numbers="
                + numbers.size() + "; all SENT and committed " + firstPass.toMillis() + "ms after publishing (drain +"
                + drained.toMillis() + "ms); accepted so far timesPerNumber="
                + histogram(List.copyOf(acceptedBeforeReplay.values())));
        print("4", "replayed " + EVENTS + " delivered events, committed " + replayDrained.toMillis()
                + "ms later; vendor requests in all=" + vendorRequests + " (aliyun accepted=" + aliyunAccepted().stream()
                .filter(numbers::contains).count() + ", tencent accepted=" + tencentAccepted().stream()
                .filter(numbers::contains).count() + ") timesPerNumber=" + histogram(List.copyOf(accepted.values()))
                + " ledger=" + ledgerByStatusAndService(prefix) + " outcomes="
                + histogram(outcomes.stream().map(o -> o.status() + " attempt " + o.attempt()).toList()));

        assertThat(accepted).hasSize(numbers.size());
        assertThat(accepted.values()).as(() -> "each number accepted exactly once" + duplicateReport(accepted, 5))
                .containsOnly(1);
        assertThat(ledgerStatuses(prefix)).containsExactly(Map.entry("SENT", numbers.size()));
        assertThat(outcomes).as("one outcome per number: copies and replays settle nothing new")
                .hasSize(numbers.size())
                .allSatisfy(outcome -> assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT));
        assertThat(vendorRequests).isEqualTo(EVENTS);
    }

    /**
     * The copies of one event on different partitions at the same time, so that different consumers handle them
     * at once: what a second worker instance does with a record it got in a rebalance while the first is still
     * sending it, or what follows adding partitions to the topic (a key's partition changes) and a producer
     * retrying an event. The ledger row is the only thing between the copies.
     */
    @Test
    void copiesOfOneEventHandledAtOnceOnDifferentPartitions() {
        resetSimulators();
        awaitAllServicesInRotation();
        resetSimulators();
        String prefix = "f4b-" + UUID.randomUUID() + "-";
        int events = 200;
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Set<String> numbers = new HashSet<>();
        List<List<ProducerRecord<String, byte[]>>> byPartition = new ArrayList<>();
        for (int copy = 0; copy < COPIES; copy++) {
            byPartition.add(new ArrayList<>());
        }
        for (int i = 0; i < events; i++) {
            List<String> phones = List.of(phone(7, i * 2), phone(7, i * 2 + 1));
            numbers.addAll(phones);
            byte[] value = json(notice(prefix + i, phones));
            for (int copy = 0; copy < COPIES; copy++) {
                byPartition.get(copy).add(new ProducerRecord<>(Topics.SMS_NOTIFY, copy, prefix + i, value));
            }
        }
        for (int i = 0; i < events; i++) {
            for (List<ProducerRecord<String, byte[]>> partition : byPartition) {
                records.add(partition.get(i));
            }
        }

        long started = System.nanoTime();
        publishAll(records);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> ledgerStatuses(prefix).getOrDefault("SENT", 0) == numbers.size());
        awaitDrained(Duration.ofSeconds(60));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        Map<String, Integer> accepted = acceptedPerNumber(numbers::contains);
        List<SmsDelivered> outcomes = outcomes(prefix);
        long duplicated = accepted.values().stream().filter(times -> times > 1).count();
        String summary = "copies at once on partitions 0-" + (COPIES - 1) + ": events=" + events + " x " + COPIES
                + " numbers=" + numbers.size() + " committed after " + took.toMillis() + "ms; timesPerNumber="
                + histogram(List.copyOf(accepted.values())) + " numbers sent more than once=" + duplicated
                + " vendor requests=" + (aliyun.requests(AliyunSmsSimulator.AliyunCall::isSend).size()
                + tencent.requests().size()) + " ledger=" + ledgerByStatusAndService(prefix) + " outcomes="
                + histogram(outcomes.stream().map(o -> o.status() + " attempt " + o.attempt()).toList());
        print("4", summary);

        assertThat(accepted).hasSize(numbers.size());
        assertThat(ledgerStatuses(prefix)).containsExactly(Map.entry("SENT", numbers.size()));
        assertThat(accepted.values()).as(() -> "each number accepted exactly once; " + summary
                        + duplicateReport(accepted, 5))
                .allMatch(times -> times == 1);
        assertThat(outcomes).hasSize(numbers.size());
    }
}
