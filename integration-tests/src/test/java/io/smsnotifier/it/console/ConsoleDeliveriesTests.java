package io.smsnotifier.it.console;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.Recipients;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.SmsNotificationRequested;
import io.smsnotifier.events.Topics;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Support answers "did this person get the SMS?" on the deliveries pages, numbers masked throughout. */
class ConsoleDeliveriesTests extends ConsoleBrowserTest {

    @Test
    void findsAPublishedEventOnTheDeliveriesPageAndListsEveryRecipientOnItsPage() {
        String eventId = "console-delivery-" + UUID.randomUUID();
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(),
                Recipients.ofPhones("+8613800138123", "+8613900139456"), null, "ORDER_NOTIFY",
                Map.of("username", "u001", "amount", "9")));
        List<SmsDelivered> outcomes = kafka().awaitOutcomes(Topics.DELIVERY, eventId, 2);
        assertThat(outcomes).extracting(SmsDelivered::status).containsOnly(DeliveryStatus.SENT);
        signIn(VIEWER_TOKEN);

        browser().get(url("/console/deliveries"));
        waitFor(By.id("eventId")).sendKeys(eventId);
        browser().findElement(By.id("search")).click();
        waitFor(By.cssSelector("#deliveries tr.delivery"));

        List<WebElement> rows = browser().findElements(By.cssSelector("#deliveries tr.delivery"));
        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(row -> assertThat(row.getText()).contains(eventId).contains("SENT")
                .contains("sms.notify").contains("sandbox"));
        assertThat(browser().findElements(By.cssSelector("#deliveries td.phone"))).extracting(WebElement::getText)
                .containsExactlyInAnyOrder("+86138****8123", "+86139****9456");
        assertThat(browser().getPageSource()).doesNotContain("13800138123").doesNotContain("13900139456");

        rows.getFirst().findElement(By.cssSelector("a.event-link")).click();
        waitFor(By.cssSelector("#recipients tr.recipient"));
        assertThat(waitFor(By.id("event-id")).getText()).isEqualTo(eventId);
        List<WebElement> recipients = browser().findElements(By.cssSelector("#recipients tr.recipient"));
        assertThat(recipients).hasSize(2).allSatisfy(row -> assertThat(row.getText()).contains("SENT")
                .contains("sandbox").contains("sms"));
        // Each recipient has the vendor's message id the sandbox gave it.
        assertThat(recipients).allSatisfy(row -> assertThat(row.getText()).containsPattern("sandbox-\\S+"));
        assertThat(browser().getPageSource()).doesNotContain("13800138123").doesNotContain("13900139456");
        screenshot("deliveries-event");
    }

    @Test
    void searchesByAPhoneTypedAsPeopleWriteItAndSaysWhyANumberCannotBeSearched() {
        String eventId = "console-phone-" + UUID.randomUUID();
        kafka().publish(new SmsNotificationRequested(eventId, Instant.now(), Recipients.ofPhones("+8613700137321"),
                null, "ORDER_NOTIFY", Map.of("username", "u002", "amount", "3")));
        kafka().awaitOutcomes(Topics.DELIVERY, eventId, 1);
        signIn(VIEWER_TOKEN);

        browser().get(url("/console/deliveries?phone=12&status=SENT"));
        WebElement problem = waitFor(By.cssSelector("#phone + .error"));
        assertThat(problem.getText()).contains("cannot be searched");
        assertThat(browser().findElements(By.id("deliveries"))).isEmpty();

        browser().get(url("/console/deliveries"));
        waitFor(By.id("phone")).sendKeys("137 0013 7321");
        browser().findElement(By.id("search")).click();
        waitFor(By.cssSelector("#deliveries tr.delivery"));
        assertThat(browser().findElements(By.cssSelector("#deliveries tr.delivery"))).isNotEmpty()
                .allSatisfy(row -> assertThat(row.getText()).contains("+86137****7321"));
        assertThat(browser().findElement(By.cssSelector("#deliveries")).getText()).contains(eventId);
        // On a phone the form stacks and the table scrolls inside its frame.
        narrow();
        ((JavascriptExecutor) browser()).executeScript("arguments[0].scrollIntoView(true)",
                browser().findElement(By.id("results")));
        screenshot("deliveries-by-phone-narrow");
    }
}
