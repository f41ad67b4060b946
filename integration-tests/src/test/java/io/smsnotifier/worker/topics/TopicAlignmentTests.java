package io.smsnotifier.worker.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retry and dead-letter topics made with fewer partitions than their source (Spring Kafka creates them with
 * {@code notifier.topics.partitions}, and ops may add partitions to a source later) are grown to the source's
 * count, and the topics that carry login codes keep them an hour, not Kafka's 7 days. A real broker.
 */
class TopicAlignmentTests {

    private static EmbeddedKafkaKraftBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.destroy();
    }

    @Test
    void derivedTopicsGrowToTheirSourceAndLoginCodeTopicsKeepCodesAnHour() throws Exception {
        admin.createTopics(List.of(new NewTopic("sms.notify", 8, (short) 1),
                new NewTopic("sms.notify-retry-0", 3, (short) 1), new NewTopic("sms.notify-retry-1", 3, (short) 1),
                new NewTopic("sms.notify-dlt", 3, (short) 1), new NewTopic("login.code", 3, (short) 1),
                new NewTopic("login.code-retry-0", 3, (short) 1), new NewTopic("login.code-dlt", 3, (short) 1),
                new NewTopic("unrelated-retry-0", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        NotifierTopics topics = new NotifierTopics("approval.reached", "approval.cc", "login.code", "sms.notify",
                "sms.delivery", "directory.members", "directory.departments", 3, (short) 1, Duration.ofHours(1));
        TopicProvisioner provisioner = new TopicProvisioner(
                new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString())),
                topics);

        assertThat(provisioner.align()).containsExactlyInAnyOrder("sms.notify-retry-0", "sms.notify-retry-1",
                "sms.notify-dlt", "login.code", "login.code-retry-0");

        // The broker's metadata shows a change shortly after it acknowledged it.
        Map<String, Integer> grown = Map.of("sms.notify-dlt", 8, "sms.notify-retry-0", 8, "sms.notify-retry-1", 8,
                "unrelated-retry-0", 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> partitions(grown.keySet()).equals(grown));
        String hour = String.valueOf(Duration.ofHours(1).toMillis());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> retention("login.code").equals(hour) && retention("login.code-retry-0").equals(hour));
        assertThat(retention("login.code-dlt")).as("dead letters keep no code; ops need the time")
                .isEqualTo(String.valueOf(Duration.ofDays(7).toMillis()));
        assertThat(provisioner.align()).as("nothing left to change").isEmpty();
    }

    private static Map<String, Integer> partitions(java.util.Collection<String> topics) throws Exception {
        Map<String, Integer> partitions = new java.util.HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS)
                .forEach((name, description) -> partitions.put(name, description.partitions().size()));
        return partitions;
    }

    private static String retention(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                .get(TopicConfig.RETENTION_MS_CONFIG).value();
    }
}
