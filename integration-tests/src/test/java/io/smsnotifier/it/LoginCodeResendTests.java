package io.smsnotifier.it;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.LoginCodeRequested;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.Topics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code notifier.receipts.resend-undelivered-login-codes} (on in {@link VendorIntegrationTest}'s context): a login
 * code Alibaba Cloud reports undelivered while it is still valid reaches the number once more through Tencent Cloud,
 * the next service in rotation; a delivered or expired one does not, and a repeated report sends nothing more.
 */
class LoginCodeResendTests extends VendorIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void pushReportsToTheWorker() {
        aliyun.reportTo(json(admin().get("/api/sms/services/aliyun-main")).path("receiptUrl").asString());
    }

    @Test
    void anUndeliveredCodeStillValidReachesTheNumberOnceMoreThroughTheNextService() {
        String phone = newPhone();
        // Three copies of the report: the vendor repeats itself, and one resend is all it may cause.
        aliyun.reports().undelivered(phone, "MK:0001").copies(3);
        String eventId = sendCode(phone, "482913", Instant.now().plus(Duration.ofMinutes(5)));

        assertThat(awaitOutcomes(eventId, 2)).extracting(SmsDelivered::status)
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.UNDELIVERED);
        SmsDelivered resent = awaitOutcomes(eventId + ":resend", 1).getFirst();

        assertThat(resent.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(resent.service()).isEqualTo("tencent-main");
        assertThat(resent.kind()).isEqualTo(Topics.LOGIN_CODE);
        assertThat(tencent.sentTo(phone)).singleElement()
                .satisfies(call -> assertThat(call.templateParams()).containsExactly("482913"));
        await().atMost(Duration.ofSeconds(10)).until(() -> aliyun.reports().pushes().size() == 3);
        assertThat(resendsOf(eventId)).as("one resend however often the report came").hasSize(1);
        // The second send is counted against the number's limits like any code.
        assertThat(jdbc.queryForObject("select count(*) from deliveries where event_id = ?", Integer.class,
                eventId + ":resend")).isEqualTo(1);
        assertThat(copiesOf(eventId)).as("the sealed copy is gone once used").isZero();
    }

    @Test
    void aDeliveredCodeIsNotSentAgainAndItsCopyIsForgotten() {
        String phone = newPhone();
        String eventId = sendCode(phone, "135790", Instant.now().plus(Duration.ofMinutes(5)));

        assertThat(awaitOutcomes(eventId, 2)).extracting(SmsDelivered::status)
                .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);

        // The copy goes in the receipt's transaction, which publishes any resend before the DELIVERED outcome.
        await().atMost(Duration.ofSeconds(10)).until(() -> copiesOf(eventId) == 0);
        assertThat(resendsOf(eventId)).isEmpty();
        assertThat(tencent.sentTo(phone)).isEmpty();
    }

    @Test
    void aCodeThatExpiredBeforeItsReportIsNotSentAgain() {
        String phone = newPhone();
        aliyun.reports().undelivered(phone, "MK:0001").hold();
        Instant expiresAt = Instant.now().plus(Duration.ofSeconds(3));
        String eventId = sendCode(phone, "246802", expiresAt);
        awaitOutcomes(eventId, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> copiesOf(eventId) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiresAt));

        aliyun.reports().release();

        assertThat(awaitOutcomes(eventId, 2).get(1).status()).isEqualTo(DeliveryStatus.UNDELIVERED);
        assertThat(resendsOf(eventId)).isEmpty();
        assertThat(tencent.sentTo(phone)).isEmpty();
    }

    private static String sendCode(String phone, String code, Instant expiresAt) {
        String eventId = uniqueId("resend");
        kafka().publish(new LoginCodeRequested(eventId, Instant.now(), e164(phone), code, expiresAt, Channel.SMS,
                null, "SMS_LOGIN_1"));
        return eventId;
    }

    /** The second sends on the login-code topic, as the worker published them. */
    private static List<?> resendsOf(String eventId) {
        return kafka().readAll(Topics.LOGIN_CODE, record -> (eventId + ":resend").equals(record.key()));
    }

    private int copiesOf(String eventId) {
        return jdbc.queryForObject("select count(*) from login_code_copies where event_id = ?", Integer.class,
                eventId);
    }
}
