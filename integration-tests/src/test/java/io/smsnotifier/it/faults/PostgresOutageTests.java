package io.smsnotifier.it.faults;

import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.faults.FaultScenario.Figures;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.smsnotifier.it.faults.FaultScenario.REQUESTS_IN_FLIGHT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL unreachable for 20 s while the worker (a child JVM) drains 2,000 {@code sms.notify} events: the
 * worker reaches PostgreSQL only through a {@link TcpProxy}, which the test cuts (live connections severed, new
 * ones refused) and restores. Nothing may be sent without a ledger row, nothing may be lost, and the same worker
 * process must resume by itself. The worker runs with Spring Boot's Hikari defaults (connection timeout 30 s).
 */
class PostgresOutageTests {

    private static final int EVENTS = 2_000;
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    private FaultScenario scenario;
    private TcpProxy proxy;

    @BeforeEach
    void start() {
        scenario = FaultScenario.onEmbeddedBroker();
        proxy = scenario.proxyToDatabase();
    }

    @AfterEach
    void stop() {
        scenario.close();
    }

    @Test
    void nothingIsSentWithoutALedgerRowNothingIsLostAndTheWorkerResumesByItself() {
        AliyunSmsSimulator aliyun = scenario.aliyun();
        FaultDatabase database = scenario.database();
        List<String> phones = FaultScenario.phones(EVENTS);
        scenario.publishOnePerNumber("pg-outage", phones);
        List<String> args = new ArrayList<>(scenario.workerArgs(database.urlVia("127.0.0.1", proxy.port())));
        // The production retry schedule (10 s, then x6): profile it's sub-second one can run out within a 20 s
        // outage when attempts fail fast on severed connections, which tests the schedule, not the worker.
        args.addAll(List.of("--notifier.retry.topics.attempts=4", "--notifier.retry.topics.initial=10s",
                "--notifier.retry.topics.multiplier=6", "--notifier.retry.topics.max=10m"));
        WorkerProcess worker = scenario.startWorker("pg-outage-worker", args);
        Instant ready = Instant.now();

        boolean started = FaultScenario.waitUntil(Duration.ofSeconds(90),
                () -> scenario.distinctAccepted() >= EVENTS / 4);
        assertThat(started).as("a quarter of the backlog sent before the outage").isTrue();
        int acceptedAtCut = scenario.distinctAccepted();
        int requestsAtCut = aliyun.accepted().size();
        proxy.cut();
        Instant cutAt = Instant.now();
        // Health is asked on the side: its db check may wait for a connection, the outage must not.
        String[] healthDuringOutage = {"no answer within 15 s", "?"};
        double[] healthAnsweredAfter = {-1};
        Thread probe = Thread.ofVirtual().start(() -> {
            WorkerProcess.sleep(2_000);
            Instant asked = Instant.now();
            String body = worker.health(Duration.ofSeconds(15));
            if (body != null) {
                healthAnsweredAfter[0] = FaultScenario.seconds(asked, Instant.now());
                JsonNode health = EventJson.mapper().readTree(body);
                healthDuringOutage[0] = health.path("status").asString("?");
                healthDuringOutage[1] = health.path("components").path("db").path("status").asString("?");
            }
        });
        WorkerProcess.sleep(OUTAGE.toMillis());
        int requestsDuringOutage = aliyun.accepted().size() - requestsAtCut;
        proxy.restore();
        Instant restoredAt = Instant.now();
        join(probe);

        boolean resumed = FaultScenario.waitUntil(Duration.ofSeconds(60),
                () -> aliyun.accepted().size() > requestsAtCut + requestsDuringOutage);
        Instant resumedAt = Instant.now();
        boolean drained = FaultScenario.waitUntil(Duration.ofSeconds(120),
                () -> scenario.distinctAccepted() == EVENTS
                        && database.count("select count(*) from deliveries where status in ('PENDING', 'UNKNOWN')") == 0
                        && database.count("select count(*) from deliveries") == EVENTS);
        Instant drainedAt = Instant.now();

        Map<String, Integer> perNumber = scenario.acceptedPerNumber();
        int duplicates = FaultScenario.duplicates(perNumber);
        // A row must exist before its number leaves: compared per message, at the moment the vendor took it, not
        // after the drain, when every number has a row anyway.
        Map<String, Instant> rowMade = database.createdAtByKey();
        Set<String> withoutRow = new HashSet<>();
        for (AliyunSmsSimulator.SentMessage message : aliyun.sentMessages()) {
            String key = message.phoneNumber().startsWith("+") ? message.phoneNumber() : "+86" + message.phoneNumber();
            Instant made = rowMade.get(key);
            if (made == null || made.isAfter(message.sentAt())) {
                withoutRow.add(key);
            }
        }
        long retried = scenario.recordCount(Topics.SMS_NOTIFY + "-retry-0");
        long deadLettered = scenario.recordCount(Topics.deadLetterOf(Topics.SMS_NOTIFY));
        new Figures("PostgreSQL outage (PostgresOutageTests)")
                .add("events (one number each)", EVENTS)
                .add("cut point: numbers accepted at the simulator", acceptedAtCut)
                .add("outage (all connections severed, new ones refused), s", FaultScenario.seconds(cutAt, restoredAt))
                .add("connections severed / refused during the outage", proxy.severed() / 2 + " / " + proxy.refused())
                .add("SMS requests accepted during the outage", requestsDuringOutage)
                .add("GET /actuator/health 2 s into the outage: status / db / answered after, s", healthDuringOutage[0]
                        + " / " + healthDuringOutage[1] + " / " + (healthAnsweredAfter[0] < 0 ? "-"
                        : String.format("%.1f", healthAnsweredAfter[0])))
                .add("first send after the restore, s", FaultScenario.seconds(restoredAt, resumedAt))
                .add("drained after the restore, s", FaultScenario.seconds(restoredAt, drainedAt))
                .add("drain rate before the outage, SMS/s", acceptedAtCut / FaultScenario.seconds(ready, cutAt))
                .add("numbers sent without a ledger row", withoutRow.size())
                .add("duplicate SMS", duplicates)
                .add("UNKNOWN rows resolved by QuerySendDetails", database.count(
                        "select count(*) from deliveries where reason like 'confirmed by the vendor%'"))
                .add("records sent to sms.notify-retry-0 / sms.notify-dlt", retried + " / " + deadLettered)
                .add("ledger at the end", database.statusCounts())
                .add("same worker alive (one instance id), health at the end", (worker.isAlive()
                        && database.count("select count(*) from worker_instances") == 1)
                        + ", " + worker.healthStatus())
                .print();

        assertThat(withoutRow).as("numbers the vendor got without a ledger row").isEmpty();
        assertThat(healthDuringOutage[1]).as("db health during the outage, answered within 15 s").isEqualTo("DOWN");
        assertThat(resumed).as("sending resumed after the restore, without a restart").isTrue();
        assertThat(drained).as("every number sent and every ledger row settled; ledger " + database.statusCounts()
                + ", numbers accepted " + perNumber.size() + ", dead letters " + deadLettered).isTrue();
        assertThat(perNumber.keySet()).containsExactlyInAnyOrderElementsOf(phones);
        assertThat(duplicates).as("duplicates ≤ requests in flight at the cut").isLessThanOrEqualTo(REQUESTS_IN_FLIGHT);
        assertThat(database.statusCounts()).isEqualTo(Map.of("SENT", EVENTS));
        assertThat(deadLettered).isZero();
        assertThat(worker.isAlive()).isTrue();
        // One instance id for the whole run: a context that restarted inside the process would register another.
        assertThat(database.count("select count(*) from worker_instances")).as("worker instances seen").isEqualTo(1);
        assertThat(FaultScenario.waitUntil(Duration.ofSeconds(20), () -> "UP".equals(worker.healthStatus())))
                .as("health UP again").isTrue();
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
