package io.smsnotifier.it.console;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ends a console session and what the page does then, and sign-ins past the limit of failures. The guessing
 * test signs in as clients behind a proxy on this machine would ({@code X-Forwarded-For} from 127.0.0.1, which
 * Tomcat trusts under {@code server.forward-headers-strategy: native}), each with an address of its own, so it
 * holds no other test back.
 */
class ConsoleSessionTests extends ConsoleBrowserTest {

    private static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final String GUESSER = "203.0.113.23";
    private static final String OTHER = "203.0.113.24";

    @Test
    void theOverviewsRefreshSaysItIsInTheBackgroundAndAfterTheSessionEndedLeadsThePageToTheSignIn() {
        signIn(OPERATOR_TOKEN);
        assertThat(waitFor(By.id("overview")).getAttribute("hx-headers")).as("no activity: it renews no session")
                .contains("X-Console-Background");

        // The session cookie gone is a session that ended: the next refresh (within 10 s) finds none.
        browser().manage().deleteAllCookies();

        waitUntil(Duration.ofSeconds(25), driver -> driver.getCurrentUrl().contains("/console/sign-in"));
        assertThat(waitFor(By.id("token")).isDisplayed()).isTrue();
        screenshot("session-ended-refresh");
    }

    @Test
    void pastTheLimitOfFailedSignInsTheSignInPageAnswers429SayingWhenToTryAgain() {
        ConsoleHttp client = new ConsoleHttp(url(""), Map.of(FORWARDED_FOR, GUESSER));
        for (int i = 0; i < 30; i++) {
            assertThat(client.signIn("wrong-3c7e1a9f5b2d4086c3e7a1f9b5d2086" + i).statusCode()).as("guess %d", i)
                    .isEqualTo(401);
        }

        HttpResponse<String> held = client.signIn(OPERATOR_TOKEN);
        assertThat(held.statusCode()).isEqualTo(429);
        assertThat(held.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        assertThat(held.body()).contains("Too many failed sign-ins").doesNotContain(OPERATOR_TOKEN);
        assertThat(new ConsoleHttp(url(""), Map.of(FORWARDED_FOR, OTHER)).signIn(OPERATOR_TOKEN).statusCode())
                .as("another address signs in").isEqualTo(302);
        assertThat(client.get("/console/sign-in").statusCode()).as("the page itself is shown").isEqualTo(200);

        ChromeDriver chromium = (ChromeDriver) browser();
        chromium.executeCdpCommand("Network.enable", Map.of());
        chromium.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of(FORWARDED_FOR, GUESSER)));
        try {
            browser().get(url("/console/sign-in?lang=en"));
            waitFor(By.id("token")).sendKeys(OPERATOR_TOKEN);
            browser().findElement(By.cssSelector("form.card button")).click();
            assertThat(waitFor(By.cssSelector("main .notice.bad")).getText()).contains("Too many failed sign-ins");
            assertThat(browser().findElements(By.cssSelector("form.sign-out"))).as("not signed in").isEmpty();
            screenshot("sign-in-throttled");
        } finally {
            chromium.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of()));
        }
    }
}
