package io.smsnotifier.it;

import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.support.ReadDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Ops ask the ledger "did this person get the SMS?" through the admin API, numbers masked in every answer. */
class DeliverySearchTests extends WorkerIntegrationTest {

    private static final String PHONE = "+8613700137123";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ReadDatabase reads;

    @Test
    void oneEventsPageListsEveryRecipientWithStatusServiceAndVendorIds() {
        String eventId = deliver(List.of(PHONE, "12345"));

        HttpResponse<String> response = admin().get("/api/deliveries/events/" + eventId);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode recipients = AdminApiClient.json(response).path("recipients");
        assertThat(statuses(recipients)).containsExactlyInAnyOrder("SENT", "SKIPPED");
        JsonNode sent = first(recipients, "SENT");
        assertThat(sent.path("phone").asString()).isEqualTo("+86137****7123");
        assertThat(sent.path("service").asString()).isEqualTo("sandbox");
        assertThat(sent.path("providerMessageId").asString()).isNotBlank();
        assertThat(sent.path("attempt").asInt()).isEqualTo(1);
        assertThat(sent.path("createdAt").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain(PHONE);
    }

    @Test
    void searchingByTheFullNumberFindsItsDeliveriesAndAnswersWithTheMaskedNumber() {
        String eventId = deliver(List.of(PHONE));

        HttpResponse<String> byPhone = admin().get("/api/deliveries?phone=" + encode("+86 137 0013 7123")
                + "&eventId=" + eventId);
        HttpResponse<String> bySentStatus = admin().get("/api/deliveries?eventId=" + eventId + "&status=sent");
        HttpResponse<String> byFailedStatus = admin().get("/api/deliveries?eventId=" + eventId + "&status=FAILED");

        assertThat(byPhone.statusCode()).isEqualTo(200);
        JsonNode items = AdminApiClient.json(byPhone).path("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("eventId").asString()).isEqualTo(eventId);
        assertThat(items.get(0).path("phone").asString()).isEqualTo("+86137****7123");
        assertThat(byPhone.body()).doesNotContain(PHONE);
        assertThat(AdminApiClient.json(bySentStatus).path("items")).hasSize(1);
        assertThat(AdminApiClient.json(byFailedStatus).path("items")).isEmpty();
    }

    @Test
    void pagesComeNewestFirstAndSayWhetherMoreFollow() {
        String kind = "sms.notify";
        String first = deliver(List.of("+8613700137201"));
        String second = deliver(List.of("+8613700137202"));
        String since = Instant.now().minusSeconds(120).toString();

        JsonNode page = AdminApiClient.json(admin().get("/api/deliveries?kind=" + kind + "&from=" + since
                + "&size=1"));

        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("hasMore").asBoolean()).isTrue();
        List<String> newest = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            JsonNode next = AdminApiClient.json(admin().get("/api/deliveries?kind=" + kind + "&from=" + since
                    + "&size=1&page=" + p));
            next.path("items").forEach(item -> newest.add(item.path("eventId").asString()));
        }
        assertThat(newest.indexOf(second)).as("newer first").isLessThan(newest.indexOf(first));
    }

    @Test
    void badParametersAreRefusedWithAReasonThatNamesThemAndNeverEchoesTheNumber() {
        assertBadRequest("/api/deliveries?phone=" + encode("+86 12"), "phone");
        assertBadRequest("/api/deliveries?status=LOST", "status");
        assertBadRequest("/api/deliveries?eventId=" + encode("a b"), "eventId");
        assertBadRequest("/api/deliveries?memberId=" + encode("u\n1"), "memberId");
        assertBadRequest("/api/deliveries?from=yesterday", "from");
        assertBadRequest("/api/deliveries?size=1000", "size");
        assertBadRequest("/api/deliveries?page=-1", "page");
        assertBadRequest("/api/deliveries?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "from");
    }

    @Test
    void withoutAnEventPhoneOrMemberASearchCoversThe24HoursBeforeToUnlessFromSaysOtherwise() {
        String service = uniqueId("window");
        String oldPhone = "+8613700137301";
        row(service, service + "-old", oldPhone, "2 days");
        row(service, service + "-new", "+8613700137302", "1 hour");

        JsonNode lastDay = AdminApiClient.json(admin().get("/api/deliveries?service=" + service + "&status=FAILED"));
        JsonNode threeDays = AdminApiClient.json(admin().get("/api/deliveries?service=" + service + "&from="
                + Instant.now().minus(Duration.ofDays(3))));
        JsonNode byPhone = AdminApiClient.json(admin().get("/api/deliveries?phone=" + encode(oldPhone)
                + "&service=" + service));

        assertThat(eventIds(lastDay)).containsExactly(service + "-new");
        assertThat(Instant.parse(lastDay.path("from").asString())).as("the window it covered")
                .isBetween(Instant.now().minus(Duration.ofHours(24)).minusSeconds(60),
                        Instant.now().minus(Duration.ofHours(24)));
        assertThat(lastDay.path("to").isNull()).as("up to now").isTrue();
        assertThat(eventIds(threeDays)).containsExactly(service + "-new", service + "-old");
        assertThat(eventIds(byPhone)).as("a number reaches back as far as the ledger")
                .containsExactly(service + "-old");
        assertThat(byPhone.path("from").isNull()).isTrue();
    }

    @Test
    void withoutAnEventPhoneOrMemberAWindowOfMoreThanSevenDaysIsRefused() {
        String eightDaysAgo = Instant.now().minus(Duration.ofDays(8)).toString();

        assertBadRequest("/api/deliveries?status=FAILED&from=" + eightDaysAgo, "from");
        assertBadRequest("/api/deliveries?from=" + eightDaysAgo + "&to=" + Instant.now().minus(Duration.ofHours(1)),
                "from");
        assertThat(admin().get("/api/deliveries?status=FAILED&from=" + eightDaysAgo + "&phone="
                + encode(PHONE)).statusCode()).as("a number may reach back further").isEqualTo(200);
    }

    @Test
    void pagesGoAtMost10000RowsDeepAndNextGoesOnWhereAPageEnded() {
        String service = uniqueId("cursor");
        // Five rows made in one statement, as a round claims them: one instant, told apart by id.
        jdbc.update("""
                insert into deliveries (event_id, recipient_key, channel, kind, status, service, outcome_published)
                select ? || '-' || n, '+861370013740' || n, 'sms', 'sms.notify', 'SENT', ?, true
                  from generate_series(1, 5) n""", service, service);

        List<String> seen = new ArrayList<>();
        String next = null;
        for (int page = 0; page < 3; page++) {
            JsonNode found = AdminApiClient.json(admin().get("/api/deliveries?service=" + service + "&size=2"
                    + (next == null ? "" : "&before=" + next)));
            found.path("items").forEach(item -> seen.add(item.path("eventId").asString()));
            assertThat(found.path("hasMore").asBoolean()).as("page %d", page).isEqualTo(page < 2);
            next = found.path("next").isNull() ? null : found.path("next").asString();
        }

        assertThat(seen).containsExactly(service + "-5", service + "-4", service + "-3", service + "-2",
                service + "-1");
        assertThat(next).isNull();
        assertBadRequest("/api/deliveries?page=51&size=200", "page");
        assertThat(admin().get("/api/deliveries?page=50&size=200").statusCode()).as("10,000 deep").isEqualTo(200);
        assertBadRequest("/api/deliveries?before=" + encode("not a cursor"), "before");
    }

    @Test
    void withoutAReadReplicaTheSearchReadsThePrimary() {
        assertThat(reads.replica()).isFalse();
        String eventId = deliver(List.of("+8613700137311"));

        assertThat(AdminApiClient.json(admin().get("/api/deliveries?eventId=" + eventId)).path("items")).hasSize(1);
    }

    @Test
    void theSearchNeedsTheAdminToken() {
        assertThat(admin().anonymous().get("/api/deliveries").statusCode()).isEqualTo(401);
        assertThat(admin().anonymous().get("/api/deliveries/events/x").statusCode()).isEqualTo(401);
    }

    private void assertBadRequest(String path, String parameter) {
        HttpResponse<String> response = admin().get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        JsonNode problem = AdminApiClient.json(response);
        assertThat(problem.path("code").asString()).isEqualTo("46001");
        assertThat(problem.path("message").asString()).as(path).startsWith(parameter);
        assertThat(response.body()).doesNotContain("8613700137");
    }

    private String deliver(List<String> phones) {
        String eventId = uniqueId("search");
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(List.of(), List.of(), List.of(), phones, null), null, "ORDER_NOTIFY",
                Map.of("username", "u001", "amount", "1")));
        kafka().awaitOutcomes(Topics.DELIVERY, eventId, phones.size());
        return eventId;
    }

    /** A FAILED row of {@code service} for {@code phone}, made {@code ago} (a PostgreSQL interval) ago. */
    private void row(String service, String eventId, String phone, String ago) {
        jdbc.update("""
                insert into deliveries (event_id, recipient_key, channel, kind, status, service, created_at,
                                        outcome_published)
                values (?, ?, 'sms', 'sms.notify', 'FAILED', ?, now() - cast(? as interval), true)""",
                eventId, phone, service, ago);
    }

    private static List<String> eventIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("eventId").asString()));
        return ids;
    }

    private static List<String> statuses(JsonNode rows) {
        List<String> statuses = new ArrayList<>();
        rows.forEach(row -> statuses.add(row.path("status").asString()));
        return statuses;
    }

    private static JsonNode first(JsonNode rows, String status) {
        for (JsonNode row : rows) {
            if (row.path("status").asString().equals(status)) {
                return row;
            }
        }
        throw new AssertionError("no " + status + " row in " + rows);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
