package io.smsnotifier.it.console;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The overview: health, the SMS services, the last hour's outcomes, the dead-letter backlog; it refreshes itself. */
class ConsoleOverviewTests extends ConsoleBrowserTest {

    @Test
    void theOverviewShowsHealthTheSandboxInRotationAndTheLastHoursOutcomes() {
        assertThat(admin().sendSms(List.of("+8613800138000"), "SMS_123456789",
                Map.of("userNick", "Ann", "processTitle", "Leave"), null).statusCode()).isEqualTo(200);
        signIn(VIEWER_TOKEN);

        assertThat(waitFor(By.cssSelector("#health-postgres .badge")).getText()).isEqualTo("UP");
        assertThat(waitFor(By.cssSelector("#health-kafka .badge")).getText()).isEqualTo("UP");
        assertThat(waitFor(By.cssSelector("#service-sandbox .in-rotation")).getText()).isEqualTo("in rotation");
        assertThat(waitFor(By.cssSelector("#service-sandbox")).getText()).contains("CLOSED");
        // The page refreshes itself: the SMS shows once settled, without a reload.
        waitUntil(Duration.ofSeconds(25), driver ->
                Long.parseLong(driver.findElement(By.cssSelector("#outcome-SENT .n")).getText()) > 0);
        assertThat(browser().findElements(By.cssSelector("#outcomes .bar"))).isNotEmpty();
        assertThat(waitFor(By.id("backlog")).getText()).contains("-dlt");
        screenshot("overview");
    }

    @Test
    void theOverviewRefreshesItselfEveryTenSeconds() {
        signIn(OPERATOR_TOKEN);
        String first = waitFor(By.id("overview-at")).getText();
        ((JavascriptExecutor) browser()).executeScript("document.getElementById('overview').dataset.marker='old'");

        waitUntil(Duration.ofSeconds(25), driver -> !driver.findElement(By.id("overview-at")).getText().equals(first));
        assertThat(browser().findElement(By.id("overview")).getDomAttribute("data-marker"))
                .as("the live part was swapped in place, not the page reloaded").isNull();
        assertThat(browser().findElements(By.cssSelector("header .nav"))).hasSize(1);
        screenshot("overview-refreshed");
    }

    @Test
    void theOverviewFitsAPhone() {
        narrow();
        signIn(OPERATOR_TOKEN);
        waitFor(By.cssSelector("#service-sandbox"));

        Object overflow = ((JavascriptExecutor) browser()).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).as("no sideways scrolling of the page at 390 px").isLessThanOrEqualTo(0);
        screenshot("overview-narrow");
    }
}
