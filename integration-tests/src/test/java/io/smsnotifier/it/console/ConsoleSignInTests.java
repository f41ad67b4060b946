package io.smsnotifier.it.console;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing in to the console with an admin token, and out again. */
class ConsoleSignInTests extends ConsoleBrowserTest {

    @Test
    void anOperatorSignsInAndOut() {
        signIn(OPERATOR_TOKEN);

        assertThat(browser().getCurrentUrl()).endsWith("/console");
        assertThat(waitFor(By.cssSelector(".who strong")).getText()).isEqualTo("admin");
        signOut();
        assertThat(waitFor(By.cssSelector(".notice.ok")).getText()).contains("signed out");
        screenshot("sign-in-signed-out");
    }
}
