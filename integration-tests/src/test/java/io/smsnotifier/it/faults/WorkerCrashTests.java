package io.smsnotifier.it.faults;

import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.Behaviour;
import io.smsnotifier.it.faults.FaultScenario.Figures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.smsnotifier.it.faults.FaultScenario.CONCURRENCY;
import static io.smsnotifier.it.faults.FaultScenario.REQUESTS_IN_FLIGHT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the worker (a child JVM) halfway through draining a backlog of 5,000 {@code sms.notify} events, one
 * unique number each, then a new worker process on the same ledger and consumer group. Every number must get its
 * SMS; the only numbers that may get two are those whose request was in flight at the kill (ledger rows left
 * {@code UNKNOWN}) — and those are first asked of the vendor (QuerySendDetails by OutId), so normally none.
 */
class WorkerCrashTests {

    private static final int EVENTS = 5_000;

    private FaultScenario scenario;

    @BeforeEach
    void start() {
        scenario = FaultScenario.onEmbeddedBroker();
    }

    @AfterEach
    void stop() {
        scenario.close();
    }

    @Test
    void everyNumberGetsItsSmsAfterKillNineAndOnlyRequestsInFlightAtTheKillMayBeRepeated() {
        AliyunSmsSimulator aliyun = scenario.aliyun();
        FaultDatabase database = scenario.database();
        List<String> phones = FaultScenario.phones(EVENTS);
        scenario.publishOnePerNumber("crash", phones);
        // The classic group protocol keeps a killed member's partitions until its session times out (45 s by
        // default); a shorter session lets the restarted worker take over within the test's time.
        List<String> args = scenario.workerArgs(database.url(),
                "--spring.kafka.consumer.properties.session.timeout.ms=10000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=2000");

        Instant firstStart = Instant.now();
        WorkerProcess first = scenario.startWorker("crash-worker-1", args);
        Instant firstReady = Instant.now();
        boolean halfway = FaultScenario.waitUntil(Duration.ofSeconds(120),
                () -> scenario.distinctAccepted() >= EVENTS / 2);
        assertThat(halfway).as("the first worker sent half the backlog").isTrue();
        // Time the kill for the worst moment: the vendor takes the messages in but holds its answers, so every
        // consumer thread has a request sent and unanswered (its rows UNKNOWN) when the process dies.
        int callsBefore = aliyun.requests().size();
        aliyun.behaviour(call -> call.isSend() ? Behaviour.slow(Duration.ofSeconds(5)) : null);
        FaultScenario.waitUntil(Duration.ofSeconds(3), () -> aliyun.requests().size() - callsBefore >= CONCURRENCY);
        // Their rows are marked UNKNOWN before they leave: kill once the ledger shows them.
        FaultScenario.waitUntil(Duration.ofSeconds(3),
                () -> database.count("select count(*) from deliveries where status = 'UNKNOWN'") >= CONCURRENCY);
        first.kill();
        Instant killedAt = Instant.now();
        aliyun.behaviour(null);
        long heldAtKill = aliyun.accepted().stream()
                .filter(call -> call.behaviour() != null && !call.behaviour().delay().isZero()).count();

        // The dead worker's ledger and the vendor's view, frozen at the kill.
        Map<String, Integer> ledgerAtKill = database.statusCounts();
        int unknownAtKill = ledgerAtKill.getOrDefault("UNKNOWN", 0);
        int pendingAtKill = ledgerAtKill.getOrDefault("PENDING", 0);
        int sentAtKill = ledgerAtKill.getOrDefault("SENT", 0);
        int acceptedAtKill = scenario.distinctAccepted();
        int requestsAtKill = aliyun.accepted().size();
        assertThat(FaultScenario.duplicates(scenario.acceptedPerNumber())).as("duplicates before the kill")
                .isZero();
        assertThat(unknownAtKill).as("rows in doubt at the kill").isPositive();

        scenario.startWorker("crash-worker-2", args);
        Instant secondReady = Instant.now();
        boolean firstSendAfterRestart = FaultScenario.waitUntil(Duration.ofSeconds(60),
                () -> aliyun.accepted().size() > requestsAtKill);
        Instant resumedAt = Instant.now();
        boolean drained = FaultScenario.waitUntil(Duration.ofSeconds(150),
                () -> scenario.distinctAccepted() == EVENTS
                        && database.count("select count(*) from deliveries where status = 'SENT'") == EVENTS);
        Instant drainedAt = Instant.now();

        Map<String, Integer> perNumber = scenario.acceptedPerNumber();
        int duplicates = FaultScenario.duplicates(perNumber);
        long duplicatedNumbers = perNumber.values().stream().filter(n -> n > 1).count();
        int confirmedByVendor = database.count(
                "select count(*) from deliveries where reason like 'confirmed by the vendor%'");
        new Figures("worker kill -9 (WorkerCrashTests)")
                .add("events (one number each)", EVENTS)
                .add("worker start to healthy, s", FaultScenario.seconds(firstStart, firstReady))
                .add("kill point: numbers accepted at the simulator", acceptedAtKill)
                .add("first worker: drain time to the kill, s", FaultScenario.seconds(firstReady, killedAt))
                .add("first worker: rate, SMS/s", acceptedAtKill / FaultScenario.seconds(firstReady, killedAt))
                .add("ledger at the kill: SENT / UNKNOWN / PENDING", sentAtKill + " / " + unknownAtKill + " / "
                        + pendingAtKill)
                .add("SendSms requests accepted by the vendor, answer held at the kill", heldAtKill)
                .add("in-flight bound (UNKNOWN rows at the kill; requests in flight)", unknownAtKill + "; " + REQUESTS_IN_FLIGHT)
                .add("UNKNOWN rows resolved by QuerySendDetails (settled SENT, not resent)", confirmedByVendor)
                .add("QuerySendDetails calls", scenario.queries())
                .add("duplicate SMS (numbers)", duplicates + " (" + duplicatedNumbers + ")")
                .add("restart: new worker healthy after the kill, s", FaultScenario.seconds(killedAt, secondReady))
                .add("restart: first new send after the kill, s", FaultScenario.seconds(killedAt, resumedAt))
                .add("second worker: drain time of the rest, s", FaultScenario.seconds(secondReady, drainedAt))
                .add("second worker: rate, SMS/s", (EVENTS - acceptedAtKill)
                        / Math.max(0.001, FaultScenario.seconds(resumedAt, drainedAt)))
                .add("ledger at the end", database.statusCounts())
                .add("sms.notify-dlt records", scenario.recordCount(Topics.deadLetterOf(Topics.SMS_NOTIFY)))
                .print();

        assertThat(firstSendAfterRestart).as("the restarted worker resumed sending").isTrue();
        assertThat(drained).as("every number accepted and every ledger row SENT; ledger " + database.statusCounts()
                + ", numbers accepted " + perNumber.size()).isTrue();
        assertThat(perNumber.keySet()).containsExactlyInAnyOrderElementsOf(phones);
        assertThat(duplicates).as("duplicates ≤ requests in flight at the kill").isLessThanOrEqualTo(unknownAtKill)
                .isLessThanOrEqualTo(REQUESTS_IN_FLIGHT);
        assertThat(database.statusCounts()).isEqualTo(Map.of("SENT", EVENTS));
        assertThat(scenario.recordCount(Topics.deadLetterOf(Topics.SMS_NOTIFY))).isZero();
    }
}
