package io.smsnotifier.it;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.Behaviour;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
 * Scenario 1 of docs/RELIABILITY.md: the primary vendor answers 5xx for the whole run, and every message still
 * goes out, once, through the secondary.
 */
class FaultPrimaryVendorDownTests extends FaultTestBase {

    private static final int EVENTS = 1_000;
    private static final int RANGE = 1;

    @AfterEach
    void primaryBack() {
        aliyun.behaviour(null);
        awaitAllServicesInRotation();
    }

    private static final int REQUESTS_IN_FLIGHT = 128;

    @Test
    void primaryAnswering5xxForTheWholeRunDeliversEverythingOnceThroughTheSecondary() {
        resetSimulators();
        awaitAllServicesInRotation();
        resetSimulators();
        aliyun.behaviour(call -> Behaviour.httpError(503));
        String prefix = "f1-" + UUID.randomUUID() + "-";
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        Set<String> numbers = new HashSet<>();
        int next = 0;
        for (int i = 0; i < EVENTS; i++) {
            List<String> phones = new ArrayList<>();
            for (int n = 0; n <= i % 3; n++) {
                phones.add(phone(RANGE, next++));
            }
            numbers.addAll(phones);
            SmsNotificationRequested event = notice(prefix + i, phones);
            records.add(record(event));
        }

        long started = System.nanoTime();
        publishAll(records);
        long published = System.nanoTime();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> ledgerStatuses(prefix).getOrDefault("SENT", 0) == numbers.size());
        Duration delivered = Duration.ofNanos(System.nanoTime() - started);
        Duration drained = awaitDrained(Duration.ofSeconds(30));

        Map<String, Integer> accepted = acceptedPerNumber(numbers::contains);
        List<AliyunSmsSimulator.AliyunCall> aliyunSends = aliyun.requests(AliyunSmsSimulator.AliyunCall::isSend);
        long tencentRequests = tencent.requests().stream()
                .filter(call -> call.phoneNumbers().stream().map(FaultTestBase::national).anyMatch(numbers::contains))
                .count();
        List<SmsDelivered> outcomes = outcomes(prefix);
        Map<String, String> circuits = circuits();

        print("1", "events=" + EVENTS + " numbers=" + numbers.size() + " publish="
                + Duration.ofNanos(published - started).toMillis() + "ms allSent=" + delivered.toMillis()
                + "ms (+" + drained.toMillis() + "ms until committed) rate="
                + Math.round(numbers.size() * 1000.0 / delivered.toMillis()) + " SMS/s");
        print("1", "aliyun requests attempted=" + aliyunSends.size() + " (all answered 503) accepted="
                + aliyun.accepted().size() + "; tencent requests=" + tencentRequests + " numbers accepted="
                + tencentAccepted().stream().filter(numbers::contains).count() + " max requests in any second="
                + tencent.maxRequestsInAnySecond());
        print("1", "aliyun requests arrived at (ms after the first): " + aliyunSends.stream()
                .map(call -> Duration.between(aliyunSends.getFirst().arrivedAt(), call.arrivedAt()).toMillis()).toList());
        print("1", "ledger=" + ledgerByStatusAndService(prefix) + " outcomes=" + histogram(outcomes.stream()
                .map(outcome -> outcome.status() + " " + outcome.service()).toList()) + " circuits=" + circuits);

        print("1", "ledger timings (ms, per row) " + jdbc.queryForMap("select avg(extract(epoch from sending_at - created_at))*1000 as claim_to_sending, "
                + "avg(extract(epoch from updated_at - sending_at))*1000 as sending_to_settled, "
                + "max(updated_at) - min(created_at) as span from deliveries where event_id like ?", prefix + "%"));
        assertThat(accepted).hasSize(numbers.size());
        assertThat(accepted.values()).as("each number accepted exactly once").containsOnly(1);
        assertThat(aliyun.accepted()).isEmpty();
        assertThat(tencentAccepted().stream().filter(numbers::contains)).hasSize(numbers.size());
        assertThat(ledgerByStatusAndService(prefix)).containsExactly(Map.entry("SENT tencent-main", numbers.size()));
        assertThat(outcomes).hasSize(numbers.size()).allSatisfy(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(outcome.service()).isEqualTo("tencent-main");
        });
        assertThat(outcomes.stream().map(SmsDelivered::eventId).distinct()).hasSize(EVENTS);
        // The breaker opened after a handful of 503s and kept the primary out of almost all traffic: what reached it
        // were the requests already in flight when it opened (at most notifier.delivery.requests-in-flight, 128 by
        // default) and later half-open probes (OPEN or HALF_OPEN at the end, depending on when the last probe ran).
        assertThat(aliyunSends).hasSizeLessThan(REQUESTS_IN_FLIGHT + 50);
        assertThat(circuits.get("aliyun-main")).doesNotStartWith("CLOSED");
    }
}
