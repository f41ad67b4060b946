package io.smsnotifier.it.console;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing in to the console with an admin token, and out again; what the session cookie is. */
class ConsoleSignInTests extends ConsoleBrowserTest {

    @Test
    void anOperatorSignsInLandsOnTheOverviewAndSignsOut() {
        signIn(OPERATOR_TOKEN);

        assertThat(browser().getCurrentUrl()).endsWith("/console");
        assertThat(waitFor(By.cssSelector(".who strong")).getText()).isEqualTo("admin");
        assertThat(waitFor(By.cssSelector(".who .badge")).getText()).isEqualTo("operator");
        signOut();
        assertThat(waitFor(By.cssSelector("main .notice.ok")).getText()).contains("signed out");
        browser().get(url("/console"));
        assertThat(waitFor(By.id("token")).isDisplayed()).as("the sign-in page, once signed out").isTrue();
        screenshot("sign-in-signed-out");
    }

    @Test
    void aViewerSignsInUnderTheTokensName() {
        signIn(VIEWER_TOKEN);

        assertThat(waitFor(By.cssSelector(".who strong")).getText()).isEqualTo("ops-viewer");
        assertThat(waitFor(By.cssSelector(".who .badge")).getText()).isEqualTo("viewer");
        screenshot("sign-in-viewer");
    }

    @Test
    void aPageAskedForBeforeSigningInIsWhereTheSignInLeads() {
        browser().get(url("/console?lang=en"));
        waitFor(By.id("token")).sendKeys(ALICE_TOKEN);
        browser().findElement(By.cssSelector("form.card button")).click();

        assertThat(waitFor(By.cssSelector(".who strong")).getText()).isEqualTo("ops-alice");
        assertThat(browser().getCurrentUrl()).endsWith("/console?lang=en");
        screenshot("sign-in-back-to-the-page");
    }

    @Test
    void aWrongTokenStaysOnTheSignInPageWithAnError() {
        browser().get(url("/console/sign-in"));
        waitFor(By.id("token")).sendKeys("not-a-token-of-this-worker");
        browser().findElement(By.cssSelector("form.card button")).click();

        assertThat(waitFor(By.cssSelector("main .notice.bad")).getText()).contains("not one of the configured");
        assertThat(browser().findElements(By.cssSelector("main .notice.ok"))).as("no 'signed out'").isEmpty();
        assertThat(browser().getCurrentUrl()).endsWith("/console/sign-in");
        assertThat(browser().findElements(By.cssSelector("form.sign-out"))).isEmpty();
        assertThat(http().signIn("not-a-token-of-this-worker").statusCode()).isEqualTo(401);
        screenshot("sign-in-wrong-token");
    }

    @Test
    void theSessionCookieIsHttpOnlySameSiteStrictForTheConsoleOnlyAndNewAtSignIn() {
        ConsoleHttp client = http();
        HttpResponse<String> page = client.get("/console/sign-in");
        List<String> before = page.headers().allValues("Set-Cookie");
        HttpResponse<String> signedIn = client.post("/console/sign-in", java.util.Map.of("token", OPERATOR_TOKEN),
                true);

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/console"));
        List<String> session = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("notifier-console=")).toList();
        assertThat(session).as("a new session id at sign-in").hasSize(1);
        assertThat(before).noneMatch(cookie -> cookie.equals(session.getFirst()));
        assertThat(session.getFirst()).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/console")
                .as("plain HTTP here: Secure only behind HTTPS").doesNotContain("Secure");
        assertThat(client.get("/console").statusCode()).isEqualTo(200);
        // Behind a TLS-terminating proxy on this machine, the same cookie is Secure.
        HttpResponse<String> proxied = http().get("/console/sign-in", java.util.Map.of("X-Forwarded-Proto", "https"));
        assertThat(proxied.headers().allValues("Set-Cookie")).anySatisfy(cookie ->
                assertThat(cookie).startsWith("notifier-console=").contains("Secure"));
        browser().get(url("/console/sign-in"));
        screenshot("sign-in-cookie");
    }
}
