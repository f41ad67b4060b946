package io.smsnotifier.it;

import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.audit.AuditEntry;
import io.smsnotifier.worker.audit.AuditLog;
import io.smsnotifier.worker.audit.AuditPage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.smsnotifier.it.AdminApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every dead-letter change is in the audit log with the token's name; the log joins the change's transaction. */
class AuditLogTests extends WorkerIntegrationTest {

    private static final String DLT = Topics.deadLetterOf(Topics.SMS_NOTIFY);

    @Autowired
    AuditLog audit;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aReplayAndADiscardByAnOperatorAreInTheAuditLogNewestFirst() throws Exception {
        JsonNode replayed = awaitPendingDeadLetter(deadLetter("audit-replay"));
        JsonNode discarded = awaitPendingDeadLetter(deadLetter("audit-discard"));
        AdminApiClient alice = admin().withToken(AdminApiClient.OPERATOR_TOKEN);

        assertThat(alice.replay(DLT, replayed.get("partition").asInt(), replayed.get("offset").asLong())
                .statusCode()).isEqualTo(200);
        assertThat(alice.discard(DLT, discarded.get("partition").asInt(), discarded.get("offset").asLong(),
                "{\"reason\": \"retired; asked by 13800138000\"}").statusCode()).isEqualTo(200);

        // Nothing else acts as ops-alice meanwhile: these two are its newest entries.
        HttpResponse<String> listed = admin().withToken(AdminApiClient.VIEWER_TOKEN).audit("actor=ops-alice&size=2");
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode items = json(listed).get("items");
        assertThat(items).hasSize(2);
        JsonNode newest = items.get(0);
        assertThat(newest.get("actor").asString()).isEqualTo("ops-alice");
        assertThat(newest.get("action").asString()).isEqualTo("deadletter.discard");
        assertThat(newest.get("target").asString()).isEqualTo(target(discarded));
        assertThat(newest.get("changes").get("reason").asString()).isEqualTo("retired; asked by 138****8000");
        JsonNode older = items.get(1);
        assertThat(older.get("actor").asString()).isEqualTo("ops-alice");
        assertThat(older.get("action").asString()).isEqualTo("deadletter.replay");
        assertThat(older.get("target").asString()).isEqualTo(target(replayed));
        assertThat(older.get("changes").get("to").asString()).isEqualTo(Topics.SMS_NOTIFY);
        assertThat(Instant.parse(newest.get("at").asString())).isAfterOrEqualTo(Instant.parse(older.get("at")
                .asString()));
        assertThat(listed.body()).doesNotContain("13800138000");

        JsonNode byTarget = json(admin().audit("target=" + target(discarded)));
        assertThat(byTarget.get("items")).hasSize(1);
        assertThat(byTarget.get("items").get(0).get("action").asString()).isEqualTo("deadletter.discard");
    }

    @Test
    void aReplayOfEverythingMatchingAFilterIsOneEntryWithTheCount() {
        String errorCode = uniqueId("no-such-code");

        HttpResponse<String> replayAll = admin().withToken(AdminApiClient.OPERATOR_TOKEN)
                .replayAll(DLT, "{\"errorCode\": \"" + errorCode + "\"}");

        assertThat(replayAll.statusCode()).isEqualTo(200);
        JsonNode entries = json(admin().audit("action=deadletter.replay-all&actor=ops-alice")).get("items");
        JsonNode entry = null;
        for (JsonNode item : entries) {
            if (errorCode.equals(item.get("changes").path("errorCode").asString())) {
                entry = item;
            }
        }
        assertThat(entry).as("the replay-all entry for " + errorCode).isNotNull();
        assertThat(entry.get("target").asString()).isEqualTo("deadletter:" + DLT);
        assertThat(entry.get("changes").get("replayed").asInt()).isZero();
    }

    @Test
    void aChangeAViewerMayNotMakeLeavesNoEntry() throws Exception {
        JsonNode letter = awaitPendingDeadLetter(deadLetter("audit-denied"));

        assertThat(admin().withToken(AdminApiClient.VIEWER_TOKEN).replay(DLT, letter.get("partition").asInt(),
                letter.get("offset").asLong()).statusCode()).isEqualTo(403);

        assertThat(json(admin().audit("target=" + target(letter))).get("total").asLong()).isZero();
        assertThat(json(admin().audit("actor=ops-viewer")).get("total").asLong()).isZero();
    }

    @Test
    void anEntryCommitsWithTheCallersTransactionOrNotAtAll() {
        String kept = uniqueId("audit-kept");
        String rolledBack = uniqueId("audit-rolled-back");

        transaction.executeWithoutResult(status -> audit.record("it", "test.keep", kept, Map.of()));
        transaction.executeWithoutResult(status -> {
            audit.record("it", "test.roll-back", rolledBack, Map.of());
            status.setRollbackOnly();
        });

        assertThat(audit.list(null, null, kept, null, null, 0, 50).total()).isEqualTo(1);
        assertThat(audit.list(null, null, rolledBack, null, null, 0, 50).total()).isZero();
    }

    @Test
    void listsNewestFirstInPagesOfAtMost500() {
        String actor = uniqueId("pager");
        Instant before = Instant.now().minus(1, ChronoUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            audit.record(actor, "test.page", "item:" + i, Map.of("n", i, "nested", Map.of("list", List.of(1, 2))));
        }

        AuditPage first = audit.list(actor, "test.page", null, before, null, 0, 2);
        AuditPage second = audit.list(actor, null, null, null, null, 1, 2);

        assertThat(first.total()).isEqualTo(3);
        assertThat(first.totalExact()).isTrue();
        assertThat(first.hasMore()).isTrue();
        assertThat(second.hasMore()).isFalse();
        assertThat(first.items()).extracting(AuditEntry::target).containsExactly("item:2", "item:1");
        assertThat(second.items()).extracting(AuditEntry::target).containsExactly("item:0");
        assertThat(first.items().getFirst().changes()).isEqualTo(Map.of("n", 2, "nested", Map.of("list",
                List.of(1, 2))));
        assertThat(audit.list(actor, null, null, null, null, 0, 0).size()).isEqualTo(1);
        assertThat(audit.list(actor, null, null, null, null, -3, 10_000).size()).isEqualTo(500);
        assertThat(audit.list(actor, null, null, null, before, 0, 50).total()).isZero();
        assertThat(audit.list(actor, "test.other", null, null, null, 0, 50).total()).isZero();
        JsonNode overHttp = json(admin().audit("actor=" + actor + "&from=" + before + "&size=1&page=2"));
        assertThat(overHttp.get("items").get(0).get("target").asString()).isEqualTo("item:0");
        assertThat(overHttp.get("total").asLong()).isEqualTo(3);
    }

    @Test
    void aPageMoreThan10000EntriesDeepIsRefusedSayingHowToGoFurther() {
        HttpResponse<String> tooDeep = admin().audit("page=21&size=500");

        assertThat(tooDeep.statusCode()).isEqualTo(400);
        JsonNode problem = json(tooDeep);
        assertThat(problem.path("code").asString()).isEqualTo("46001");
        assertThat(problem.path("message").asString()).startsWith("page").contains("10000").contains("to");
        assertThat(admin().audit("page=20&size=500").statusCode()).as("10,000 deep").isEqualTo(200);
        assertThat(audit.list(null, null, null, null, null, 1_000, 50).page()).as("held, for the console")
                .isEqualTo(AuditLog.MAX_OFFSET / 50);
    }

    /**
     * A page counts the matches only up to {@link AuditLog#COUNT_LIMIT}: before, every page of a filter counted
     * every match, a scan of the whole log for an unfiltered page of a log that was never purged.
     */
    @Test
    void countsAFiltersMatchesOnlyUpToTheLimitAndSaysWhetherMoreFollow() {
        String actor = uniqueId("bulk");
        jdbc.update("insert into admin_audit (actor, action, target, at) select ?, 'test.bulk', 'item:' || n, "
                + "now() - n * interval '1 millisecond' from generate_series(1, ?) n", actor,
                AuditLog.COUNT_LIMIT + 5);

        AuditPage first = audit.list(actor, null, null, null, null, 0, 3);
        AuditPage last = audit.list(actor, null, null, null, null, (AuditLog.COUNT_LIMIT + 5) / 500, 500);

        assertThat(first.total()).isEqualTo(AuditLog.COUNT_LIMIT);
        assertThat(first.totalExact()).isFalse();
        assertThat(first.hasMore()).isTrue();
        assertThat(first.items()).extracting(AuditEntry::target).containsExactly("item:1", "item:2", "item:3");
        assertThat(last.items()).hasSize(5);
        assertThat(last.hasMore()).isFalse();
        assertThat(last.totalExact()).as("the last page knows its total").isTrue();
        assertThat(last.total()).isEqualTo(AuditLog.COUNT_LIMIT + 5);
        JsonNode overHttp = json(admin().audit("actor=" + actor + "&size=1"));
        assertThat(overHttp.get("total").asLong()).isEqualTo(AuditLog.COUNT_LIMIT);
        assertThat(overHttp.get("totalExact").asBoolean()).isFalse();
        assertThat(overHttp.get("hasMore").asBoolean()).isTrue();
    }

    @Test
    void keepsActorActionAndTargetToOneLineOfAtMost200Characters() {
        String actor = uniqueId("forger");

        audit.record(actor, "test.forge\nALERT fake", "x".repeat(1_000), Map.of());

        AuditEntry entry = audit.list(actor, null, null, null, null, 0, 1).items().getFirst();
        assertThat(entry.action()).isEqualTo("test.forge\\u000aALERT fake");
        assertThat(entry.target()).hasSize(200);
        assertThat(entry.changes()).isEmpty();
    }

    /** A send through the API is audited like a change: who sent which template to which numbers, masked. */
    @Test
    void aSendThroughTheApiIsInTheAuditLogWithTheNumbersMasked() {
        AdminApiClient alice = admin().withToken(AdminApiClient.OPERATOR_TOKEN);
        HttpResponse<String> sent = alice.sendSms(List.of("+8613700137411", "13700137412"), "ORDER_NOTIFY",
                Map.of("username", "Ann", "amount", "12.50"), null);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        String requestId = json(sent).path("requestId").asString();

        HttpResponse<String> listed = admin().audit("action=sms.send&target=request:" + requestId);
        JsonNode entry = json(listed).path("items").get(0);
        assertThat(entry.path("actor").asString()).isEqualTo("ops-alice");
        assertThat(entry.path("changes").path("template").asString()).isEqualTo("ORDER_NOTIFY");
        assertThat(entry.path("changes").path("numbers").asInt()).isEqualTo(2);
        assertThat(entry.path("changes").path("statuses").path("SENT").asInt()).isEqualTo(2);
        assertThat(entry.path("changes").path("phones").toString()).contains("+86137****7411");
        assertThat(listed.body()).doesNotContain("13700137411", "13700137412", "Ann", "12.50");
    }

    private String deadLetter(String prefix) {
        String eventId = uniqueId(prefix);
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones("13700137000"),
                null, "NO_SUCH_TEMPLATE", Map.of()));
        return eventId;
    }

    private JsonNode awaitPendingDeadLetter(String eventId) {
        return await().until(() -> {
            for (JsonNode item : json(admin().deadLetters(DLT, "size=500&state=pending")).get("items")) {
                if (eventId.equals(item.get("key").asString())) {
                    return item;
                }
            }
            return null;
        }, found -> found != null);
    }

    private static String target(JsonNode letter) {
        return "deadletter:" + DLT + "/" + letter.get("partition").asInt() + "/" + letter.get("offset").asLong();
    }
}
