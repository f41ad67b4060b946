package io.smsnotifier.it.faults;

import io.smsnotifier.events.Topics;
import io.smsnotifier.it.faults.FaultScenario.Figures;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.smsnotifier.it.faults.FaultScenario.REQUESTS_IN_FLIGHT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka broker restarted while the worker drains 2,000 {@code sms.notify} events: a real broker in a child
 * JVM ({@link BrokerProcess}) is killed (SIGKILL), stays down 10 s, and is started again on the same port and data
 * directory. The worker (a child JVM too) is not touched: it must resume by itself, every number must get its
 * SMS, and every event's outcome must reach {@code sms.delivery}.
 */
class BrokerRestartTests {

    private static final int EVENTS = 2_000;
    private static final Duration DOWN = Duration.ofSeconds(10);

    private BrokerProcess broker;
    private FaultScenario scenario;

    @BeforeEach
    void start() {
        broker = BrokerProcess.start();
        scenario = FaultScenario.on(broker);
    }

    @AfterEach
    void stop() {
        scenario.close();
    }

    @Test
    void processingResumesByItselfAfterTheBrokerRestartsAndNothingIsLost() {
        AliyunSmsSimulator aliyun = scenario.aliyun();
        FaultDatabase database = scenario.database();
        List<String> phones = FaultScenario.phones(EVENTS);
        List<String> eventIds = scenario.publishOnePerNumber("broker-restart", phones);
        WorkerProcess worker = scenario.startWorker("broker-restart-worker", scenario.workerArgs(database.url()));
        Instant ready = Instant.now();

        boolean started = FaultScenario.waitUntil(Duration.ofSeconds(90),
                () -> scenario.distinctAccepted() >= EVENTS / 4);
        assertThat(started).as("a quarter of the backlog sent before the restart").isTrue();
        int acceptedAtKill = scenario.distinctAccepted();
        broker.kill();
        Instant killedAt = Instant.now();
        WorkerProcess.sleep(DOWN.toMillis() / 2);
        String healthWhileDown = worker.healthStatus() + " (kafka " + worker.healthStatus("kafka") + ")";
        WorkerProcess.sleep(DOWN.toMillis() - DOWN.toMillis() / 2);
        int requestsWhileDown = aliyun.accepted().size();
        Instant restartAt = Instant.now();
        broker.restart();
        Instant backAt = Instant.now();

        boolean resumed = FaultScenario.waitUntil(Duration.ofSeconds(90),
                () -> aliyun.accepted().size() > requestsWhileDown);
        Instant resumedAt = Instant.now();
        boolean drained = FaultScenario.waitUntil(Duration.ofSeconds(120),
                () -> scenario.distinctAccepted() == EVENTS
                        && database.count("select count(*) from deliveries where status = 'SENT'") == EVENTS);
        Instant drainedAt = Instant.now();
        Set<String> outcomeEvents = new HashSet<>();
        boolean outcomesComplete = FaultScenario.waitUntil(Duration.ofSeconds(30), () -> {
            outcomeEvents.addAll(keysOn(scenario.bootstrap(), Topics.DELIVERY));
            return outcomeEvents.containsAll(eventIds);
        });

        Map<String, Integer> perNumber = scenario.acceptedPerNumber();
        int duplicates = FaultScenario.duplicates(perNumber);
        Set<String> missingOutcomes = new HashSet<>(eventIds);
        missingOutcomes.removeAll(outcomeEvents);
        long deadLettered = scenario.recordCount(Topics.deadLetterOf(Topics.SMS_NOTIFY));
        new Figures("Kafka broker restart (BrokerRestartTests)")
                .add("events (one number each)", EVENTS)
                .add("kill point: numbers accepted at the simulator", acceptedAtKill)
                .add("SMS accepted while the broker was down (in flight at the kill)", requestsWhileDown
                        - aliyun.accepted().stream().filter(call -> call.arrivedAt().isBefore(killedAt)).count())
                .add("worker health while the broker was down", healthWhileDown)
                .add("broker down (kill to restart command), s", FaultScenario.seconds(killedAt, restartAt))
                .add("broker restart to serving, s", FaultScenario.seconds(restartAt, backAt))
                .add("first send after the broker served again, s", FaultScenario.seconds(backAt, resumedAt))
                .add("drained after the broker served again, s", FaultScenario.seconds(backAt, drainedAt))
                .add("drain rate before the kill, SMS/s", acceptedAtKill / FaultScenario.seconds(ready, killedAt))
                .add("duplicate SMS", duplicates)
                .add("events without an outcome on sms.delivery", missingOutcomes.size())
                .add("sms.notify-dlt records", deadLettered)
                .add("ledger at the end", database.statusCounts())
                .add("same worker alive (one instance id), health at the end", (worker.isAlive()
                        && database.count("select count(*) from worker_instances") == 1)
                        + ", " + worker.healthStatus())
                .print();

        assertThat(resumed).as("sending resumed after the broker restart, without a worker restart").isTrue();
        assertThat(drained).as("every number sent, every ledger row SENT; ledger " + database.statusCounts()
                + ", numbers accepted " + perNumber.size()).isTrue();
        assertThat(perNumber.keySet()).containsExactlyInAnyOrderElementsOf(phones);
        assertThat(duplicates).as("duplicates ≤ requests in flight at the kill").isLessThanOrEqualTo(REQUESTS_IN_FLIGHT);
        assertThat(outcomesComplete).as("every event's outcome on sms.delivery; missing " + missingOutcomes.size())
                .isTrue();
        assertThat(deadLettered).isZero();
        // One instance id for the whole run: a context that restarted inside the process would register another.
        assertThat(database.count("select count(*) from worker_instances")).as("worker instances seen").isEqualTo(1);
        assertThat(FaultScenario.waitUntil(Duration.ofSeconds(30), () -> "UP".equals(worker.healthStatus())))
                .as("health UP again").isTrue();
    }

    /** Every key on {@code topic}, read from the beginning to the current end. */
    private static Set<String> keysOn(String bootstrap, String topic) {
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> keys.add(record.key()));
            }
        }
        return keys;
    }
}
