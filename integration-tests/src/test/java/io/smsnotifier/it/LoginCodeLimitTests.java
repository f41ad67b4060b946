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
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login-code limits hold across worker instances: two workers in one consumer group, one database, one broker.
 * They hold for a code template sent through the synchronous API and for "Send Test SMS" too.
 */
class LoginCodeLimitTests {

    private static TwoWorkers workers;

    @BeforeAll
    static void startTwoWorkers() {
        workers = new TwoWorkers(3, "login-code",
                "--notifier.intake.login-code-concurrency=2",
                "--notifier.login-code.limits.per-minute=0",
                "--notifier.login-code.limits.per-hour=5",
                "--notifier.login-code.limits.per-day=10",
                "--notifier.login-code.allowed-country-codes=86,852",
                "--notifier.templates.SMS_LOGIN_1.login-code=true");
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
            workers.kafka.publish(code(prefix + i, phone));
        }

        List<SmsDelivered> outcomes = workers.kafka.awaitOutcomesOfPrefix(Topics.DELIVERY, prefix, 12);

        assertThat(outcomes).filteredOn(outcome -> outcome.status() == DeliveryStatus.SENT).hasSize(5);
        assertThat(outcomes).filteredOn(outcome -> outcome.status() == DeliveryStatus.RATE_LIMITED).hasSize(7)
                .allSatisfy(outcome -> assertThat(outcome.errorCode()).isEqualTo("46001"));
        long delivered = sandboxMessagesTo(workers.first, prefix) + sandboxMessagesTo(workers.second, prefix);
        assertThat(delivered).isEqualTo(5);
    }

    @Test
    void codeToACountryOutsideTheAllowlistIsNotSent() {
        String eventId = "country-" + UUID.randomUUID();
        workers.kafka.publish(code(eventId, "+447911123456"));

        assertThat(workers.kafka.awaitOutcomes(Topics.DELIVERY, eventId, 1)).singleElement().satisfies(outcome -> {
            assertThat(outcome.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(outcome.errorCode()).isEqualTo("46001");
        });
        assertThat(sandboxMessagesTo(workers.first, eventId) + sandboxMessagesTo(workers.second, eventId)).isZero();
    }

    /** Before, the API sent every one of them: it bypassed the limits and the allowlist. */
    @Test
    void aCodeTemplateSentThroughTheApiObeysTheSameLimitsAcrossBothWorkers() throws Exception {
        String phone = "+86139" + String.format("%08d", Math.abs(UUID.randomUUID().hashCode()) % 100_000_000);
        List<String> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String body = adminOf(i).sendSms(List.of(phone), "SMS_LOGIN_1", Map.of("code", "2468"), null).body();
            statuses.add(io.smsnotifier.events.EventJson.mapper().readTree(body).path("results").path(0)
                    .path("status").asString());
        }
        assertThat(statuses).containsExactly("SENT", "SENT", "SENT", "SENT", "SENT", "RATE_LIMITED",
                "RATE_LIMITED");

        String abroad = AdminApiClient.of(workers.first).sendSms(List.of("+447911123457"), "SMS_LOGIN_1",
                Map.of("code", "2468"), null).body();
        assertThat(io.smsnotifier.events.EventJson.mapper().readTree(abroad).path("results").path(0)
                .path("status").asString()).as("outside the allowlist").isEqualTo("FAILED");
    }

    /** Before, a test send left no ledger row, outcome or log line and had no limit. */
    @Test
    void sendTestSmsIsRecordedAsApiTestAndLimitedPerNumber() throws Exception {
        String phone = "+86139" + String.format("%08d", Math.abs(UUID.randomUUID().hashCode()) % 100_000_000);
        List<String> statuses = new java.util.ArrayList<>();
        List<String> requestIds = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            var response = adminOf(i).testSms("sandbox", "{\"phone\": \"" + phone + "\"}");
            assertThat(response.statusCode()).isEqualTo(200);
            statuses.add(io.smsnotifier.events.EventJson.mapper().readTree(response.body()).path("status").asString());
        }
        assertThat(statuses).containsExactly("SENT", "SENT", "SENT", "SENT", "SENT", "RATE_LIMITED");
        org.springframework.jdbc.core.JdbcTemplate jdbc = workers.first
                .getBean(org.springframework.jdbc.core.JdbcTemplate.class);
        assertThat(jdbc.queryForList("select status from deliveries where kind = 'api.test' and recipient_key = ?",
                String.class, phone)).hasSize(6).containsOnly("SENT", "RATE_LIMITED");
        List<SmsDelivered> outcomes = workers.kafka.awaitRecords(Topics.DELIVERY, record -> record.key() != null
                        && record.key().startsWith("test-") && new String(record.value()).contains("api.test"), 6)
                .stream().map(record -> io.smsnotifier.events.EventJson.mapper().readValue(record.value(),
                        SmsDelivered.class)).filter(outcome -> outcome.phone().equals(
                        io.smsnotifier.events.PhoneMask.mask(phone))).toList();
        assertThat(outcomes).hasSize(6).allSatisfy(outcome -> assertThat(outcome.kind()).isEqualTo("api.test"));
    }

    /** The admin API of the first worker for even {@code i}, of the second for odd. */
    private static AdminApiClient adminOf(int i) {
        return AdminApiClient.of(i % 2 == 0 ? workers.first : workers.second);
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
