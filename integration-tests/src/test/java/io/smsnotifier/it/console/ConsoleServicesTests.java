package io.smsnotifier.it.console;

import io.smsnotifier.it.AdminApiClient;
import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import io.smsnotifier.it.simulators.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SMS services pages in a browser: a service made through the form, tested as a draft before it is saved
 * (at a webhook receiver and at the Alibaba Cloud simulator, through the real SDK), saved and seen in rotation;
 * field errors next to their fields; enable, disable and delete with its confirmation step; a change made
 * meanwhile asks for a reload; a viewer sees no change control. The services a test makes are deleted after it,
 * as the worker's context is shared with the other integration tests.
 */
class ConsoleServicesTests extends ConsoleBrowserTest {

    private static final String KEY_ID = "LTAI5tConsoleKeyId01";
    private static final String SECRET = "console-secret-5d8e2a7c91";
    private static final String SIGN = "ConsoleSign";

    private static final WebhookReceiver gateway = new WebhookReceiver();
    private static final AliyunSmsSimulator aliyun = new AliyunSmsSimulator(KEY_ID, SECRET);

    private final List<String> made = new ArrayList<>();

    @AfterAll
    static void stopSimulators() {
        gateway.close();
        aliyun.close();
    }

    @AfterEach
    void deleteWhatTheTestMade() {
        for (String name : made) {
            admin().exchange("DELETE", "/api/sms/services/" + name, null);
        }
    }

    @Test
    void anOperatorCreatesAWebhookServiceSendsATestOnTheDraftAndSavesIt() {
        String name = made(unique("hook"));
        signIn(OPERATOR_TOKEN);
        browser().get(url("/console/services"));
        waitFor(By.id("add-service")).click();

        new Select(waitFor(By.id("service-type"))).selectByValue("webhook");
        assertThat(waitFor(By.id("f-url")).isDisplayed()).isTrue();
        assertThat(browser().findElement(By.id("f-accessKey")).isDisplayed()).as("the Alibaba Cloud fields").isFalse();
        type("f-name", name);
        type("f-priority", "60");
        type("f-url", gateway.url("/console-sms"));
        type("f-headerName0", "Authorization");
        type("f-headerValue0", "Bearer console-hook-token");
        type("f-testPhone", "+8613800138201");
        waitFor(By.id("send-test")).click();

        assertThat(waitForText(By.id("test-outcome"), "Sent").getText()).contains("Through " + name);
        assertThat(gateway.received("/console-sms")).singleElement().satisfies(request -> {
            assertThat(request.header("Authorization")).isEqualTo("Bearer console-hook-token");
            assertThat(request.body()).contains("13800138201");
        });
        assertThat(AdminApiClient.json(admin().get("/api/sms/services")).findValuesAsString("name"))
                .as("a test send stores nothing").doesNotContain(name);

        waitFor(By.id("save")).click();
        assertThat(waitFor(By.id("notice")).getText()).contains("Service " + name + " is saved and in force");
        assertThat(browser().getPageSource()).doesNotContain("console-hook-token");

        // Edited with the secret fields left blank: the stored header stays, as the next test send shows.
        assertThat(waitFor(By.id("stored-headers")).getText()).contains("Authorization");
        assertThat(waitFor(By.id("f-headerName0")).getAttribute("value")).isEmpty();
        type("f-priority", "61");
        waitFor(By.id("save")).click();
        waitForText(By.id("notice"), "Service " + name + " is saved.");
        type("f-testPhone", "+8613800138203");
        waitFor(By.id("send-test")).click();
        waitForText(By.id("test-outcome"), "Sent");
        assertThat(gateway.received("/console-sms")).hasSize(2).last().satisfies(request ->
                assertThat(request.header("Authorization")).isEqualTo("Bearer console-hook-token"));

        browser().get(url("/console/services"));
        WebElement row = waitFor(By.cssSelector("tr[data-service='" + name + "']"));
        assertThat(row.getText()).contains("Webhook").contains("in rotation").contains("database").contains("61");
        screenshot("services-webhook-saved");
    }

    @Test
    void fieldErrorsShowNextToTheirFieldsOnTheDraftAndOnSaveThenTheAliyunServiceSendsAndSaves() {
        String name = made(unique("ali"));
        signIn(OPERATOR_TOKEN);
        browser().get(url("/console/services/new"));
        new Select(waitFor(By.id("service-type"))).selectByValue("aliyun");
        type("f-name", name);
        type("f-priority", "70");
        type("f-endpoint", "http://" + aliyun.endpoint());
        type("f-accessKey", KEY_ID);
        type("f-accessSecret", SECRET);
        type("f-testPhone", "+8613800138202");

        waitFor(By.id("send-test")).click();
        assertThat(waitForText(By.id("test-outcome"), "nothing was sent").getText()).contains("invalid");
        assertThat(waitFor(By.id("error-signName")).getText()).as("next to the sign name").isNotBlank();
        assertThat(aliyun.sentTo("13800138202")).isEmpty();

        type("f-signName", SIGN);
        waitFor(By.id("send-test")).click();
        waitForText(By.id("test-outcome"), "Sent");
        assertThat(browser().findElement(By.id("error-signName")).getText()).as("cleared").isEmpty();
        assertThat(aliyun.sentTo("13800138202")).singleElement().satisfies(call -> {
            assertThat(call.accessKeyId()).isEqualTo(KEY_ID);
            assertThat(call.signName()).isEqualTo(SIGN);
        });

        type("f-endpoint", "ftp://dysmsapi.aliyuncs.com");
        type("f-accessSecret", SECRET);
        waitFor(By.id("save")).click();
        assertThat(waitFor(By.id("error-endpoint")).getText()).as("next to the endpoint").isNotBlank();
        assertThat(waitFor(By.id("f-name")).getAttribute("value")).as("what was typed stays").isEqualTo(name);
        assertThat(waitFor(By.id("f-accessSecret")).getAttribute("value")).as("a secret is not shown again").isEmpty();
        assertThat(browser().getPageSource()).doesNotContain(SECRET);
        scrollTo("f-endpoint");
        screenshot("services-field-error");

        type("f-endpoint", "http://" + aliyun.endpoint());
        type("f-accessSecret", SECRET);
        waitFor(By.id("save")).click();
        waitForText(By.id("notice"), "saved and in force");
        assertThat(waitFor(By.id("service-state")).getText()).contains("in rotation");
        browser().get(url("/console/services"));
        assertThat(waitFor(By.cssSelector("tr[data-service='" + name + "']")).getText())
                .contains("Alibaba Cloud").contains("in rotation").contains("LTAI****");
        assertThat(browser().getPageSource()).doesNotContain(SECRET);
        screenshot("services-aliyun-saved");

        // The receipt address to paste into Alibaba Cloud's console: in full for an operator, redacted for a viewer.
        String receiptUrl = AdminApiClient.json(admin().get("/api/sms/services/" + name)).path("receiptUrl")
                .asString();
        browser().get(url("/console/services/" + name));
        assertThat(waitFor(By.id("receipt-url")).getText()).isEqualTo(receiptUrl)
                .contains("/receipts/aliyun/" + name + "/");
        signOut();
        signIn(VIEWER_TOKEN);
        browser().get(url("/console/services/" + name));
        assertThat(waitFor(By.id("receipt-url")).getText()).endsWith("/receipts/aliyun/" + name + "/…");
        assertThat(browser().getPageSource()).doesNotContain(receiptUrl);
    }

    @Test
    void anOperatorDisablesEnablesAndDeletesAServiceAfterAConfirmationStep() {
        String name = unique("sandbox");
        created(name, """
                {"name": "%s", "type": "sandbox", "priority": 95}""".formatted(name));
        signIn(OPERATOR_TOKEN);
        browser().get(url("/console/services/" + name));

        waitFor(By.id("disable")).click();
        assertThat(waitForText(By.id("notice"), "disabled").getText()).contains(name);
        assertThat(waitFor(By.id("service-state")).getText()).contains("off");
        waitFor(By.id("enable")).click();
        waitForText(By.id("notice"), "enabled");
        assertThat(waitFor(By.id("service-state")).getText()).contains("in rotation");

        waitFor(By.id("delete")).click();
        assertThat(waitFor(By.tagName("h1")).getText()).contains("Delete service " + name);
        assertThat(admin().get("/api/sms/services/" + name).statusCode()).as("not before the confirmation")
                .isEqualTo(200);
        waitFor(By.id("confirm-delete")).click();
        waitForText(By.id("notice"), "deleted");
        assertThat(browser().findElements(By.cssSelector("tr[data-service='" + name + "']"))).isEmpty();
        assertThat(admin().get("/api/sms/services/" + name).statusCode()).isEqualTo(404);
        screenshot("services-deleted");
    }

    @Test
    void aChangeSomeoneMadeMeanwhileIsNotOverwrittenAndThePageAsksForAReload() {
        String name = made(unique("stale"));
        created(name, """
                {"name": "%s", "type": "sandbox", "priority": 96}""".formatted(name));
        signIn(OPERATOR_TOKEN);
        browser().get(url("/console/services/" + name));
        type("f-priority", "97");

        HttpResponse<String> meanwhile = admin().exchange("PUT", "/api/sms/services/" + name, """
                {"type": "sandbox", "priority": 98}""", "If-Match", "\"1\"");
        assertThat(meanwhile.statusCode()).as(meanwhile.body()).isEqualTo(200);
        waitFor(By.id("save")).click();

        WebElement notice = waitFor(By.id("notice"));
        assertThat(notice.getText()).contains("Someone changed service " + name).contains("Reload");
        assertThat(AdminApiClient.json(admin().get("/api/sms/services/" + name)).path("priority").asInt())
                .as("their change stands").isEqualTo(98);
        waitFor(By.id("reload")).click();
        waitUntil(ExpectedConditions.stalenessOf(notice));
        assertThat(waitFor(By.id("f-priority")).getAttribute("value")).isEqualTo("98");
        screenshot("services-stale-reloaded");
    }

    @Test
    void aViewerSeesTheServicesWithoutAnyChangeControl() {
        String name = made(unique("viewed"));
        created(name, """
                {"name": "%s", "type": "sandbox", "enabled": false}""".formatted(name));
        signIn(VIEWER_TOKEN);

        browser().get(url("/console/services"));
        waitFor(By.cssSelector("tr[data-service='" + name + "']"));
        assertThat(browser().findElements(By.id("add-service"))).isEmpty();
        browser().get(url("/console/services/" + name));
        assertThat(waitFor(By.id("service-settings")).getText()).contains("Priority");
        assertNoChangeControls();
        browser().get(url("/console/services/sandbox"));
        assertThat(waitFor(By.id("read-only")).getText()).contains("declared in configuration");
        assertNoChangeControls();
        browser().get(url("/console/services/" + name + "/delete"));
        assertThat(waitFor(By.tagName("h1")).getText()).contains("Delete service");
        assertNoChangeControls();

        narrow();
        browser().get(url("/console/services?lang=zh-CN"));
        assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("短信服务");
        assertThat(waitFor(By.cssSelector("tr[data-service='sandbox']")).getText()).contains("沙箱").contains("轮转中");
        screenshot("services-viewer-zh-CN-narrow");
    }

    /** No form but sign-out's, and no button or link that changes something. */
    private void assertNoChangeControls() {
        assertThat(browser().findElements(By.cssSelector("main form"))).isEmpty();
        assertThat(browser().findElements(By.cssSelector("#enable, #disable, #delete, #save, #send-test, "
                + "#confirm-delete, #add-service"))).isEmpty();
    }

    private void created(String name, String json) {
        made(name);
        HttpResponse<String> created = admin().post("/api/sms/services", json);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private String made(String name) {
        made.add(name);
        return name;
    }

    /** Brings the element into the middle of the window, for the screenshot. */
    private void scrollTo(String id) {
        ((JavascriptExecutor) browser()).executeScript(
                "arguments[0].scrollIntoView({block: 'center'})", browser().findElement(By.id(id)));
    }

    private void type(String id, String text) {
        WebElement field = waitFor(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static String unique(String prefix) {
        return "console-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
