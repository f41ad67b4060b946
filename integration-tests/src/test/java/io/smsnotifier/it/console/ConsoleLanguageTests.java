package io.smsnotifier.it.console;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** English and Simplified Chinese: from the browser's languages, switched on the page and remembered. */
class ConsoleLanguageTests extends ConsoleBrowserTest {

    @Test
    void theSwitchShowsSimplifiedChineseAndTheConsoleRemembersIt() {
        signIn(OPERATOR_TOKEN);
        assertThat(waitFor(By.cssSelector(".nav a.active")).getText()).isEqualTo("Overview");

        waitFor(By.cssSelector(".lang a[lang=zh-CN]")).click();

        assertThat(waitForText(By.cssSelector(".nav a.active"), "概览").getText()).isEqualTo("概览");
        assertThat(browser().findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("zh-CN");
        assertThat(browser().findElement(By.cssSelector(".nav")).getText()).contains("死信", "短信服务", "审计");
        assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("概览");
        // Remembered: the next page, without ?lang=, is in Chinese too.
        browser().get(url("/console"));
        assertThat(waitFor(By.cssSelector("form.sign-out button")).getText()).isEqualTo("退出登录");
        screenshot("overview-zh-CN");

        waitFor(By.cssSelector(".lang a[lang=en]")).click();
        assertThat(waitForText(By.cssSelector(".nav a.active"), "Overview").getText()).isEqualTo("Overview");
    }

    @Test
    void withoutAChoiceTheBrowsersLanguageDecides() {
        ConsoleHttp client = http();
        assertThat(client.get("/console/sign-in", Map.of("Accept-Language", "zh-CN,zh;q=0.9")).body())
                .contains("lang=\"zh-CN\"", "登录");
        assertThat(http().get("/console/sign-in", Map.of("Accept-Language", "fr-FR, zh-TW;q=0.8, en;q=0.5"))
                .body()).as("any Chinese shows as Simplified Chinese").contains("lang=\"zh-CN\"");
        assertThat(http().get("/console/sign-in", Map.of("Accept-Language", "de-DE")).body())
                .as("a language the console lacks: English").contains("lang=\"en\"", "Sign in");
        assertThat(http().get("/console/sign-in?lang=zh-CN", Map.of("Accept-Language", "en")).body())
                .as("the switch wins over the browser").contains("lang=\"zh-CN\"");

        browser().get(url("/console/sign-in?lang=zh-CN"));
        assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("登录");
        screenshot("sign-in-zh-CN");
    }
}
