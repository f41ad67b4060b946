package io.smsnotifier.it;

import io.smsnotifier.it.simulators.TemplateReviewStates.State;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.smsnotifier.it.KafkaTestClient.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A template rejected at every service that could take it goes to the dead-letter topic saying so (issue 20 item
 * 7). On the fault scenarios' context: {@code aliyun-main} and {@code tencent-main} only, no webhook that would take
 * any text (as {@link TemplateReviewTests}' context has), on the real worker, broker, PostgreSQL and simulators.
 */
class TemplateReviewDeadLetterTests extends FaultTestBase {

    /** Approved again everywhere, and known so here: the fault scenarios of this context send this template. */
    @AfterEach
    void approvedAgain() {
        aliyun.reset();
        tencent.reset();
        refresh();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(reviews())
                .allSatisfy(review -> assertThat(review.path("status").asString()).isEqualTo("APPROVED")));
    }

    @Test
    void aTemplateRejectedAtEveryServiceIsDeadLetteredWithAReasonThatNamesItAndEachVendorsReason() {
        aliyun.reset();
        tencent.reset();
        aliyun.reviews().set(TEMPLATE, State.REJECTED, "content not allowed");
        tencent.reviews().set(TENCENT_TEMPLATE_ID, State.REJECTED, "signature missing");
        refresh();
        assertThat(reviews()).extracting(review -> review.path("status").asString())
                .containsExactlyInAnyOrder("REJECTED", "REJECTED");

        String prefix = "review-dlt-" + UUID.randomUUID() + "-";
        String phone = phone(7, 4242);
        publishAll(List.of(record(notice(prefix + "1", List.of(phone)))));

        List<ConsumerRecord<String, byte[]>> letters = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).until(() -> deadLetters(prefix), found -> found.size() == 1);
        ConsumerRecord<String, byte[]> letter = letters.getFirst();
        assertThat(header(letter, "notifier-error-code")).isEqualTo("46002");
        assertThat(header(letter, "notifier-reason")).isEqualTo("template 'FAULT_NOTICE' is rejected at every "
                + "service: aliyun-main: content not allowed; tencent-main: signature missing; replay once a service "
                + "approves it");
        assertThat(aliyun.requests(call -> call.phoneNumbers().contains(national(phone)))).isEmpty();
        assertThat(tencent.requests(call -> !call.phoneNumbers().isEmpty())).isEmpty();
    }

    private void refresh() {
        HttpResponse<String> refreshed = admin().post("/api/sms/templates/reviews/refresh", "{}");
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    }

    private JsonNode reviews() {
        return AdminApiClient.json(admin().get("/api/sms/templates/" + TEMPLATE)).path("reviews");
    }
}
