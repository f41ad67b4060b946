package io.smsnotifier.it;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.providers.sandbox.SandboxOutbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login-code limits hold across worker instances: two workers in one consumer group, one database, one broker.
 */
class LoginCodeLimitTests {

    private static TwoWorkers workers;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static KafkaTestClient kafka;

    @BeforeAll
    static void startTwoWorkers() {
        workers = new TwoWorkers(3, "login-code",
                "--notifier.intake.login-code-concurrency=2",
                "--notifier.login-code.limits.per-minute=0",
                "--notifier.login-code.limits.per-hour=5",
                "--notifier.login-code.limits.per-day=10",
                "--notifier.login-code.allowed-country-codes=86,852");
        first = workers.first;
        second = workers.second;
        kafka = workers.kafka;
    }

    @AfterAll
    static void stop() {
        workers.close();
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
