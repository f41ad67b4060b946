package io.smsnotifier.it.console;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ends a console session and what the page does then, and sign-ins past the limit of failures. The guessing
 * test signs in from an address of its own (127.0.0.4, loopback), so it holds no other test back.
 */
class ConsoleSessionTests extends ConsoleBrowserTest {

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
        String guesser = "http://127.0.0.4:" + port;
        ConsoleHttp client = new ConsoleHttp(guesser);
        for (int i = 0; i < 30; i++) {
            assertThat(client.signIn("wrong-3c7e1a9f5b2d4086c3e7a1f9b5d2086" + i).statusCode()).as("guess %d", i)
                    .isEqualTo(401);
        }

        HttpResponse<String> held = client.signIn(OPERATOR_TOKEN);
        assertThat(held.statusCode()).isEqualTo(429);
        assertThat(held.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        assertThat(held.body()).contains("Too many failed sign-ins").doesNotContain(OPERATOR_TOKEN);
        assertThat(new ConsoleHttp("http://127.0.0.5:" + port).signIn(OPERATOR_TOKEN).statusCode())
                .as("another address signs in").isEqualTo(302);
        assertThat(client.get("/console/sign-in", Map.of()).statusCode()).as("the page itself is shown")
                .isEqualTo(200);

        browser().get(guesser + "/console/sign-in?lang=en");
        waitFor(By.id("token")).sendKeys(OPERATOR_TOKEN);
        browser().findElement(By.cssSelector("form.card button")).click();
        assertThat(waitFor(By.cssSelector("main .notice.bad")).getText()).contains("Too many failed sign-ins");
        assertThat(browser().findElements(By.cssSelector("form.sign-out"))).as("not signed in").isEmpty();
        screenshot("sign-in-throttled");
    }
}
