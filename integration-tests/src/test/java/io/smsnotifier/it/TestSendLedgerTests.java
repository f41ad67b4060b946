package io.smsnotifier.it;

import io.smsnotifier.it.simulators.WebhookReceiver;
import io.smsnotifier.worker.delivery.TestSends;
import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import io.smsnotifier.worker.recipients.RecipientResolver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * "Send Test SMS" whose call throws after its ledger row was claimed (issue 19, item 4). A test is never retried
 * and its event id is never seen again, so a row left open there stayed {@code PENDING} or {@code UNKNOWN}, with
 * the full number, held by nobody and skipped by retention for ever. Now every path settles it {@code FAILED},
 * with a reason that says whether the request may have left, and publishes its outcome.
 */
class TestSendLedgerTests extends WorkerIntegrationTest {

    @Autowired
    TestSends tests;

    @Autowired
    RecipientResolver resolver;

    @Autowired
    JdbcTemplate jdbc;

    /**
     * A draft that passed its checks and whose address is refused when its provider is made (a name that moved
     * into a private network in between): the provider cannot be made after the claim, nothing leaves.
     */
    @Test
    void aDraftRefusedWhenItsProviderIsMadeSettlesItsRowFailedBeforeAnythingLeft() {
        String phone = "+8613800139501";
        ServiceDefinition draft = new ServiceDefinition(new SmsServicesProperties.Service(
                SmsServicesProperties.Type.WEBHOOK, true, 100, 1, 100, null, Duration.ofSeconds(1),
                Duration.ofSeconds(2)), Map.of("url", "http://10.0.0.1:8080/sms"));

        assertThatThrownBy(() -> tests.sendDraft("hook-moved", draft, resolver.resolvePhone(phone),
                TestSends.testMessage("hook-moved"), "it")).isInstanceOf(IllegalStateException.class);

        Map<String, Object> row = testRow(phone);
        assertThat(row.get("status")).as("%s", row).isEqualTo("FAILED");
        assertThat(row.get("reason")).asString().contains("before its request left", "IllegalStateException");
        assertThat(row.get("error_code")).isEqualTo("46004");
        assertThat(row.get("claim_token")).as("let go of").isNull();
        assertThat(row.get("outcome_published")).isEqualTo(true);
    }

    /**
     * A webhook header value that passes the settings' checks (no control characters) but that OkHttp refuses
     * while building the request: an exception the adapter does not classify, thrown after the row was marked
     * {@code UNKNOWN} — as an SDK's own exception would be, when the request may well have left.
     */
    @Test
    void aTestWhoseCallThrowsAfterTheRowWasMarkedSendingSettlesItFailedSayingItMayHaveBeenSent() {
        String phone = "+8613800139502";
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            HttpResponse<String> sent = admin().post("/api/sms/services/test", """
                    {"service": {"name": "hook-accent", "type": "webhook", "url": "%s",
                                 "headers": {"X-Gateway-Token": "clé"}},
                     "phone": "%s"}""".formatted(receiver.url("/sms"), phone));
            assertThat(sent.statusCode()).as(sent.body()).isGreaterThanOrEqualTo(400);
        }

        Map<String, Object> row = testRow(phone);
        assertThat(row.get("status")).as("%s", row).isEqualTo("FAILED");
        assertThat(row.get("reason")).asString().contains("may have been sent", "IllegalArgumentException")
                .doesNotContain("clé");
        assertThat(row.get("error_code")).isEqualTo("46003");
        assertThat(row.get("service")).isEqualTo("hook-accent");
        assertThat(row.get("claim_token")).as("let go of").isNull();
        assertThat(row.get("outcome_published")).isEqualTo(true);
        assertThat(AdminApiClient.json(admin().audit("action=service.test&target=service:hook-accent"))
                .path("items").get(0).path("changes").path("status").asString()).as("the audit entry")
                .isEqualTo("FAILED");
    }

    private Map<String, Object> testRow(String phone) {
        return jdbc.queryForMap("select status, reason, error_code, service, claim_token, outcome_published "
                + "from deliveries where kind = 'api.test' and recipient_key = ?", phone);
    }
}
