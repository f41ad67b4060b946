package io.smsnotifier.it;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.NotifierApplication;
import io.smsnotifier.worker.providers.sandbox.SandboxOutbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Login-code limits hold across worker instances: two workers in one consumer group, one database, one broker.
 */
class LoginCodeLimitTests {

    private static EmbeddedKafkaKraftBroker broker;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static KafkaTestClient kafka;

    @BeforeAll
    static void startTwoWorkers() {
        broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.afterPropertiesSet();
        String database = TestPostgres.freshDatabaseUrl();
        first = start(database);
        second = start(database);
        kafka = new KafkaTestClient(broker.getBrokersAsString());
        await().atMost(Duration.ofSeconds(60)).until(() -> assigned(first) > 0 && assigned(second) > 0);
    }

    private static ConfigurableApplicationContext start(String database) {
        return new SpringApplication(NotifierApplication.class).run(
                "--spring.profiles.active=it", "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.datasource.url=" + database,
                "--notifier.intake.login-code-concurrency=2",
                "--notifier.login-code.limits.per-minute=0",
                "--notifier.login-code.limits.per-hour=5",
                "--notifier.login-code.limits.per-day=10",
                "--notifier.login-code.allowed-country-codes=86,852");
    }

    /** Login-code partitions this worker holds. */
    private static int assigned(ConfigurableApplicationContext worker) {
        MessageListenerContainer container = worker.getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer("login-code");
        return container == null || container.getAssignedPartitions() == null ? 0
                : container.getAssignedPartitions().size();
    }

    @AfterAll
    static void stop() {
        kafka.close();
        second.close();
        first.close();
        broker.destroy();
    }

    @Test
    void twoWorkersTogetherSendOnlyFiveCodesAnHourToOneNumber() {
        String phone = "+86139" + String.format("%08d", Math.abs(UUID.randomUUID().hashCode()) % 100_000_000);
        String prefix = "limit-" + UUID.randomUUID() + "-";
        for (int i = 0; i < 12; i++) {
            kafka.publish(code(prefix + i, phone));
        }

        List<SmsDelivered> outcomes = kafka.awaitRecords(Topics.DELIVERY,
                record -> record.key() != null && record.key().startsWith(prefix), 12).stream()
                .map(record -> io.smsnotifier.events.EventJson.mapper().readValue(record.value(), SmsDelivered.class))
                .toList();

        assertThat(outcomes).filteredOn(outcome -> outcome.status() == DeliveryStatus.SENT).hasSize(5);
        assertThat(outcomes).filteredOn(outcome -> outcome.status() == DeliveryStatus.RATE_LIMITED).hasSize(7)
                .allSatisfy(outcome -> assertThat(outcome.errorCode()).isEqualTo("46001"));
        long delivered = sandboxMessagesTo(first, prefix) + sandboxMessagesTo(second, prefix);
        assertThat(delivered).isEqualTo(5);
    }

    @Test
    void codeToACountryOutsideTheAllowlistIsNotSent() {
        String eventId = "country-" + UUID.randomUUID();
        kafka.publish(code(eventId, "+447911123456"));

        assertThat(kafka.awaitOutcomes(Topics.DELIVERY, eventId, 1)).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(outcome.errorCode()).isEqualTo("46001");
        });
        assertThat(sandboxMessagesTo(first, eventId) + sandboxMessagesTo(second, eventId)).isZero();
    }

    private static LoginCodeRequested code(String eventId, String phone) {
        return new LoginCodeRequested(eventId, Instant.now(), phone, "135790", Instant.now().plusSeconds(300),
                Channel.SMS, null, "SMS_LOGIN_1");
    }

    private static long sandboxMessagesTo(ConfigurableApplicationContext worker, String eventIdPrefix) {
        return worker.getBean(SandboxOutbox.class).newestFirst(Integer.MAX_VALUE).stream()
                .filter(message -> message.eventId().startsWith(eventIdPrefix)).count();
    }
}
