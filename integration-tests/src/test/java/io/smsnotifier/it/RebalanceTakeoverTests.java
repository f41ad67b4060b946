package io.smsnotifier.it;

import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.it.simulators.Behaviour;
import io.smsnotifier.it.simulators.TencentSmsSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebalance in the middle of a round, on a real broker: the vendor holds the first worker's request longer
 * than {@code max.poll.interval.ms}, so the group takes the partition away from it and the second worker reads
 * the same record again while the first one's request is still out. The second is another claim holder (another
 * member and generation) and waits; the first settles when its answer comes; the number gets one SMS. Before,
 * the claim token was the record's topic/partition/offset alone: the second worker took the row over at once and
 * sent it again.
 */
class RebalanceTakeoverTests {

    private static final String SECRET_ID = "AKIDrebalanceSecret001";
    private static final String SECRET_KEY = "rebalanceTencentKey7e1";
    private static final String SDK_APP_ID = "1400000099";
    private static final String TEMPLATE_ID = "3300009";
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(4);
    private static final Duration HELD = Duration.ofSeconds(15);

    /** Tencent Cloud cannot be asked whether a request whose answer is still out arrived. */
    private static final TencentSmsSimulator tencent = new TencentSmsSimulator(SECRET_ID, SECRET_KEY)
            .smsSdkAppId(SDK_APP_ID).signName("MyCompany").template(TEMPLATE_ID, 2);
    private static TwoWorkers workers;

    @BeforeAll
    static void startTwoWorkersOnOnePartition() {
        String service = "--notifier.sms.services.tencent-main.";
        workers = new TwoWorkers(2, "sms-notify",
                "--notifier.topics.partitions=2",
                "--notifier.intake.concurrency=1",
                "--spring.kafka.consumer.properties.max.poll.interval.ms=" + POLL_INTERVAL.toMillis(),
                "--notifier.sms.services.sandbox.enabled=false",
                "--notifier.templates.ORDER_NOTIFY.codes.tencent-main=" + TEMPLATE_ID,
                service + "type=tencent", service + "endpoint=http://" + tencent.endpoint(),
                service + "secret-id=" + SECRET_ID, service + "secret-key=" + SECRET_KEY,
                service + "sdk-app-id=" + SDK_APP_ID, service + "sign-name=MyCompany",
                service + "read-timeout=30s");
    }

    private static boolean holds(org.springframework.context.ConfigurableApplicationContext worker,
                                 org.apache.kafka.common.TopicPartition partition) {
        var container = worker.getBean(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class)
                .getListenerContainer("sms-notify");
        return container != null && container.getAssignedPartitions() != null
                && container.getAssignedPartitions().contains(partition);
    }

    @AfterAll
    static void stop() {
        workers.close();
        tencent.close();
    }

    @Test
    void aRecordRebalancedWhileItsRequestIsOutIsSentOnce() {
        String eventId = "rebalance-" + UUID.randomUUID();
        String number = "13900009999";
        tencent.failNext(1, Behaviour.slow(HELD));
        // The partition the event's key goes to (Kafka's default partitioner) and the worker that holds it.
        org.apache.kafka.common.TopicPartition partition = new org.apache.kafka.common.TopicPartition(
                io.smsnotifier.events.Topics.SMS_NOTIFY, org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(eventId.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % 2);
        boolean firstHeldIt = holds(workers.first, partition);

        workers.kafka.publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(null, null, null, List.of(number), null), null, "ORDER_NOTIFY",
                Map.of("username", "u", "amount", "1")));

        // While the request is held, the group gives the partition to the other worker.
        var other = firstHeldIt ? workers.second : workers.first;
        await().atMost(HELD).pollInterval(Duration.ofMillis(100)).until(() -> holds(other, partition));
        JdbcTemplate jdbc = workers.first.getBean(JdbcTemplate.class);
        await().atMost(HELD.plusSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                "SENT".equals(jdbc.query("select status from deliveries where event_id = ?",
                        rs -> rs.next() ? rs.getString(1) : null, eventId)));
        // Give the second worker's copy time to come back from the retry topic and find the row settled.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> jdbc.queryForObject("select outcome_published from deliveries where event_id = ?",
                        Boolean.class, eventId));

        long accepted = tencent.requests().stream()
                .filter(call -> call.sentNumbers().stream().anyMatch(phone -> phone.endsWith(number))).count();
        long attempts = tencent.requests().size();
        System.out.println("[rebalance] requests=" + attempts + " accepted for the number=" + accepted);
        assertThat(accepted).as("SMS accepted for the number").isEqualTo(1);
    }
}
