package io.smsnotifier.it.console;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.MemberUpdated;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import io.smsnotifier.it.AdminApiClient;
import io.smsnotifier.worker.recipients.Directory;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Ops work the dead letters on the console: see why one failed, replay it after the fix (delivered once), replay
 * all that match after being told how many, discard with a reason that the audit shows with who; a producer's
 * markup in a value stays text; a viewer has no controls, and the server refuses a viewer's hand-made POST.
 */
class ConsoleDeadLettersTests extends ConsoleBrowserTest {

    private static final String DLT = Topics.deadLetterOf(Topics.SMS_NOTIFY);

    @Autowired
    Directory directory;

    @Test
    void replaysADeadLetterFromItsPageAfterTheFixAndItIsDeliveredOnce() {
        String department = "console-empty-" + UUID.randomUUID();
        String eventId = toEmptyDepartment(department);
        JsonNode listed = awaitPending(eventId);
        signIn(ALICE_TOKEN);

        browser().get(url("/console/deadletters"));
        WebElement topic = waitFor(By.linkText(DLT));
        screenshot("deadletters-backlog");
        topic.click();
        waitFor(By.cssSelector("tr.deadletter[data-key='" + eventId + "'] a.letter-link")).click();
        assertThat(waitFor(By.id("reason")).getText()).contains("no recipients");
        assertThat(browser().findElement(By.id("state")).getText()).isEqualTo("PENDING");
        assertThat(browser().findElement(By.id("headers")).getText()).contains("46001").contains(Topics.SMS_NOTIFY);
        assertThat(browser().findElement(By.id("value")).getText()).contains(eventId).contains(department);

        // The fix: someone joins the department. Then the replay delivers to them, once.
        directory.saveMember(new MemberUpdated("console-m-" + UUID.randomUUID(), "Erin", "+8613900139012",
                List.of(department), List.of(), true));
        browser().findElement(By.id("replay")).click();

        assertThat(waitFor(By.cssSelector("#notice.ok")).getText()).contains(Topics.SMS_NOTIFY);
        assertThat(browser().findElement(By.id("state")).getText()).isEqualTo("REPLAYED");
        assertThat(browser().findElements(By.id("replay"))).isEmpty();
        assertThat(browser().findElement(By.cssSelector("#history .history")).getText()).contains("ops-alice")
                .contains("deadletter.replay");
        List<SmsDelivered> outcomes = kafka().awaitOutcomes(Topics.DELIVERY, eventId, 1);
        assertThat(outcomes).extracting(SmsDelivered::status).containsExactly(DeliveryStatus.SENT);
        assertThat(state(listed)).isEqualTo("REPLAYED");
        // Everything the replay caused is settled once the ledger shows the SMS sent; nothing more follows it.
        await().until(() -> admin().get("/api/deliveries/events/" + eventId).body().contains("\"SENT\""));
        assertThat(kafka().readAll(Topics.DELIVERY, record -> eventId.equals(record.key()))).hasSize(1);
        screenshot("deadletter-replayed");
    }

    @Test
    void replaysAllMatchingAfterSayingHowManyMatch() {
        String department = "console-empty-" + UUID.randomUUID();
        String since = LocalDateTime.ofInstant(Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS),
                ZoneOffset.UTC).toString();
        String first = toEmptyDepartment(department);
        String second = toEmptyDepartment(department);
        awaitPending(first);
        awaitPending(second);
        directory.saveMember(new MemberUpdated("console-m-" + UUID.randomUUID(), "Finn", "+8613900139013",
                List.of(department), List.of(), true));
        int matching = AdminApiClient.json(admin().deadLetters(DLT, "size=500&state=pending&errorCode=46001&from="
                + URLEncoder.encode(since + "Z", StandardCharsets.UTF_8))).get("total").asInt();
        signIn(ALICE_TOKEN);

        browser().get(url("/console/deadletters/" + DLT + "?errorCode=46001&from=" + since));
        waitFor(By.id("replay-all")).click();

        assertThat(waitFor(By.id("matching")).getText()).startsWith(matching + " pending dead letters");
        assertThat(matching).isGreaterThanOrEqualTo(2);
        screenshot("deadletters-replay-all-confirm");
        browser().findElement(By.id("confirm-replay-all")).click();

        assertThat(waitFor(By.cssSelector("#notice.ok")).getText()).isEqualTo(matching + " dead letters replayed.");
        for (String eventId : List.of(first, second)) {
            assertThat(kafka().awaitOutcomes(Topics.DELIVERY, eventId, 1)).extracting(SmsDelivered::status)
                    .containsExactly(DeliveryStatus.SENT);
        }
        assertThat(browser().findElement(By.cssSelector("#history .history")).getText())
                .contains("deadletter.replay-all").contains("ops-alice");
        screenshot("deadletters-replayed-all");
    }

    @Test
    void discardsADeadLetterWithAReasonAndTheAuditPageShowsWhoDidIt() {
        String eventId = "console-discard-" + UUID.randomUUID();
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                Recipients.ofPhones("13700137000", "+86 137 0013 7002"), null, "NO_SUCH_TEMPLATE", Map.of()));
        JsonNode listed = awaitPending(eventId);
        signIn(ALICE_TOKEN);

        browser().get(url(letterPath(listed)));
        String value = waitFor(By.id("value")).getText();
        assertThat(value).contains(eventId).contains("NO_SUCH_TEMPLATE").contains("137****7000")
                .contains("+86137****7002");
        assertThat(browser().getPageSource()).doesNotContain("13700137000").doesNotContain("0013 7002");
        browser().findElement(By.id("discard-reason")).sendKeys("template retired");
        browser().findElement(By.id("discard")).click();

        waitFor(By.cssSelector("#notice.ok"));
        assertThat(browser().findElement(By.id("state")).getText()).isEqualTo("DISCARDED");
        assertThat(browser().findElement(By.id("state-reason")).getText()).isEqualTo("template retired");
        assertThat(state(listed)).isEqualTo("DISCARDED");

        browser().get(url("/console/audit?action=deadletter.discard&target="
                + URLEncoder.encode(target(listed), StandardCharsets.UTF_8)));
        WebElement entry = waitFor(By.cssSelector("#audit tr.entry"));
        assertThat(entry.findElement(By.cssSelector(".actor")).getText()).isEqualTo("ops-alice");
        assertThat(entry.findElement(By.cssSelector(".target")).getText()).isEqualTo(target(listed));
        assertThat(entry.findElement(By.cssSelector(".changes")).getText()).contains("template retired");
        screenshot("audit-discard");
    }

    @Test
    void showsAScriptInADeadLetterValueAsText() {
        String eventId = "console-xss-" + UUID.randomUUID();
        String department = "console-empty-" + UUID.randomUUID();
        kafka().publishRaw(Topics.SMS_NOTIFY, eventId, ("{\"eventId\":\"" + eventId + "\",\"occurredAt\":\""
                + Instant.now() + "\",\"recipients\":{\"departments\":[\"" + department + "\"]},"
                + "\"templateCode\":\"ORDER_NOTIFY\",\"params\":{\"username\":\"<script>alert(1)</script>\","
                + "\"amount\":\"<img src=x onerror=alert(2)>\"}}").getBytes(StandardCharsets.UTF_8));
        JsonNode listed = awaitPending(eventId);
        signIn(ALICE_TOKEN);

        browser().get(url(letterPath(listed)));

        String value = waitFor(By.id("value")).getText();
        assertThat(value).contains("<script>alert(1)</script>").contains("<img src=x onerror=alert(2)>");
        assertThat(browser().findElements(By.cssSelector("#value script, #value img"))).isEmpty();
        assertThatThrownBy(() -> browser().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        scrollTo(By.id("value-card"));
        screenshot("deadletter-script-as-text");
    }

    @Test
    void aViewerSeesNoControlsAndTheServerRefusesTheViewersHandMadePost() throws Exception {
        String eventId = toEmptyDepartment("console-empty-" + UUID.randomUUID());
        JsonNode listed = awaitPending(eventId);
        signIn(VIEWER_TOKEN);

        browser().get(url("/console/deadletters/" + DLT + "?state=all"));
        waitFor(By.cssSelector("tr.deadletter[data-key='" + eventId + "']"));
        assertThat(browser().findElements(By.id("replay-all"))).isEmpty();
        browser().get(url(letterPath(listed)));
        waitFor(By.id("value"));
        assertThat(browser().findElements(By.id("controls"))).isEmpty();
        assertThat(browser().findElements(By.id("replay"))).isEmpty();
        assertThat(browser().findElements(By.id("discard"))).isEmpty();

        assertThat(handMadePost(letterPath(listed) + "/replay", "").statusCode()).isEqualTo(403);
        assertThat(handMadePost(letterPath(listed) + "/discard", "reason=viewer").statusCode()).isEqualTo(403);
        assertThat(handMadePost("/console/deadletters/" + DLT + "/replay-all", "errorCode=46001").statusCode())
                .isEqualTo(403);
        assertThat(state(listed)).isEqualTo("PENDING");

        // The same request from an operator's session goes through: the viewer was refused for the role.
        signOut();
        signIn(ALICE_TOKEN);
        browser().get(url(letterPath(listed)));
        waitFor(By.id("controls"));
        HttpResponse<String> operators = handMadePost(letterPath(listed) + "/discard", "reason=operator");
        assertThat(operators.statusCode()).isEqualTo(302);
        assertThat(state(listed)).isEqualTo("DISCARDED");

        signOut();
        signIn(VIEWER_TOKEN);
        browser().get(url(letterPath(listed)));
        waitFor(By.id("value"));
        screenshot("deadletter-viewer");
    }

    private void scrollTo(By by) {
        ((JavascriptExecutor) browser()).executeScript("arguments[0].scrollIntoView(true)", browser().findElement(by));
    }

    /** A form POST the way a script would send it: this browser's cookies and the CSRF token of its page. */
    private HttpResponse<String> handMadePost(String path, String form) throws Exception {
        String csrf = browser().findElement(By.cssSelector("input[name='_csrf']")).getDomProperty("value");
        String cookies = browser().manage().getCookies().stream()
                .map(cookie -> cookie.getName() + "=" + cookie.getValue()).collect(Collectors.joining("; "));
        String body = (form.isEmpty() ? "" : form + "&") + "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url(path)))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private String toEmptyDepartment(String department) {
        String eventId = "console-dl-" + UUID.randomUUID();
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                new Recipients(List.of(), List.of(department), List.of(), List.of(), null), null,
                "ORDER_NOTIFY", Map.of("username", "u001", "amount", "9")));
        return eventId;
    }

    /** Waits for the pending dead letter of {@code eventId}, as the API lists it. */
    private JsonNode awaitPending(String eventId) {
        return await().until(() -> listed(eventId, "pending"), found -> found != null);
    }

    private JsonNode listed(String eventId, String state) {
        for (JsonNode item : AdminApiClient.json(admin().deadLetters(DLT, "size=500&state=" + state)).get("items")) {
            if (eventId.equals(item.get("key").asString())) {
                return item;
            }
        }
        return null;
    }

    private String state(JsonNode listed) {
        return AdminApiClient.json(admin().deadLetter(DLT, listed.get("partition").asInt(),
                listed.get("offset").asLong())).get("state").asString();
    }

    private static String letterPath(JsonNode listed) {
        return "/console/deadletters/" + DLT + "/" + listed.get("partition").asInt() + "/"
                + listed.get("offset").asLong();
    }

    private static String target(JsonNode listed) {
        return "deadletter:" + DLT + "/" + listed.get("partition").asInt() + "/" + listed.get("offset").asLong();
    }
}
