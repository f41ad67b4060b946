package io.smsnotifier.it;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.worker.instances.Instances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two worker instances in one consumer group, on one database and one broker: they share the partitions, both
 * deliver, and together they hold the service's max-qps (each takes half, from their heartbeats).
 */
class ScaleOutTests {

    private static final int MAX_QPS = 20;
    private static final int EVENTS = 120;
    private static final String KEY_ID = "LTAI5tScaleOutKey0001";
    private static final String SECRET = "scaleOutSecret7f3a91c2";

    private static final AliyunSmsSimulator aliyun = new AliyunSmsSimulator(KEY_ID, SECRET)
            .signName("MyCompany").template("ORDER_NOTIFY", "Order for ${username}: amount ${amount}");
    private static TwoWorkers workers;

    @BeforeAll
    static void startTwoWorkers() {
        String service = "--notifier.sms.services.aliyun-main.";
        workers = new TwoWorkers(4, "sms-notify",
                "--notifier.topics.partitions=4",
                "--notifier.intake.concurrency=2",
                "--notifier.sms.services.sandbox.enabled=false",
                service + "type=aliyun", service + "endpoint=http://" + aliyun.endpoint(),
                service + "access-key=" + KEY_ID, service + "access-secret=" + SECRET,
                service + "sign-name=MyCompany", service + "max-qps=" + MAX_QPS);
    }

    @AfterAll
    static void stop() {
        workers.close();
        aliyun.close();
    }

    @Test
    void bothInstancesDeliverAndTogetherStayWithinTheServiceMaxQps() {
        await().atMost(Duration.ofSeconds(10)).until(() -> requests(workers.first) + requests(workers.second) == 0
                && heartbeatsSeen(workers.first) == 2 && heartbeatsSeen(workers.second) == 2);
        String prefix = "scale-" + UUID.randomUUID() + "-";
        for (int i = 0; i < EVENTS; i++) {
            // One number per event: one request each, so the rate at the vendor is the events' rate.
            workers.kafka.publish(new SmsNotificationRequested(prefix + i, Instant.now(),
                    new Recipients(null, null, null, List.of(String.format("1390000%04d", i)), null), null,
                    "ORDER_NOTIFY", Map.of("username", "u" + i, "amount", "1")));
        }

        List<SmsDelivered> outcomes = workers.kafka.awaitOutcomesOfPrefix(Topics.DELIVERY, prefix, EVENTS);

        assertThat(outcomes).extracting(SmsDelivered::status).containsOnly(DeliveryStatus.SENT);
        assertThat(outcomes).extracting(SmsDelivered::eventId).doesNotHaveDuplicates();
        assertThat(aliyun.accepted()).hasSize(EVENTS);
        assertThat(requests(workers.first)).as("requests sent by the first instance").isPositive();
        assertThat(requests(workers.second)).as("requests sent by the second instance").isPositive();
        // Each instance spaces its requests at its half of 90 % of max-qps, less one a second for the window's
        // edges: two instances together stay under it.
        assertThat(aliyun.maxRequestsInAnySecond()).isLessThanOrEqualTo(MAX_QPS);
    }

    private static double requests(ConfigurableApplicationContext worker) {
        return worker.getBean(MeterRegistry.class).find("notifier.sms.requests").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    private static int heartbeatsSeen(ConfigurableApplicationContext worker) {
        return worker.getBean(Instances.class).live();
    }
}
