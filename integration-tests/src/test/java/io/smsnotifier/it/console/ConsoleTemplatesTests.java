package io.smsnotifier.it.console;

import io.smsnotifier.it.simulators.AliyunSmsSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The template pages in a browser: a template made through the form with its preview following what is typed
 * (the text with the sample parameters, and what each service in force would refuse: Alibaba Cloud takes
 * parameters of at most 35 characters), a template whose content holds a script shown as text, a delete after
 * its confirmation step, and a viewer who sees them read-only. What a test makes is deleted after it.
 */
class ConsoleTemplatesTests extends ConsoleBrowserTest {

    private static final String KEY_ID = "LTAI5tConsoleTplKey1";
    private static final String SECRET = "console-template-secret-3b7f";
    private static final String SCRIPT = "<script>alert(1)</script>";

    private static final AliyunSmsSimulator aliyun = new AliyunSmsSimulator(KEY_ID, SECRET);

    private final List<String> templates = new ArrayList<>();
    private final List<String> services = new ArrayList<>();

    @AfterAll
    static void stopSimulator() {
        aliyun.close();
    }

    @AfterEach
    void deleteWhatTheTestMade() {
        templates.forEach(code -> admin().exchange("DELETE", "/api/sms/templates/" + code, null));
        services.forEach(name -> admin().exchange("DELETE", "/api/sms/services/" + name, null));
    }

    @Test
    void anOperatorCreatesATemplateWhileThePreviewFollowsTheSampleParameters() {
        String service = "console-ali-" + shortId();
        services.add(service);
        HttpResponse<String> created = admin().post("/api/sms/services", """
                {"name": "%s", "type": "aliyun", "priority": 80, "endpoint": "http://%s", "accessKey": "%s",
                 "accessSecret": "%s", "signName": "ConsoleSign"}""".formatted(service, aliyun.endpoint(), KEY_ID,
                SECRET));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String code = template("CONSOLE_PREVIEW_");
        signIn(OPERATOR_TOKEN);
        browser().get(url("/console/templates"));
        waitFor(By.id("add-template")).click();

        type("f-code", code);
        type("f-content", "Hi ${who}, your order ${order} is ready");
        type("f-params", "who, order");
        waitFor(By.cssSelector("#samples .sample-set[data-params='who, order']"));
        WebElement who = waitFor(By.id("sample-who"));
        waitFor(By.id("sample-order"));
        assertThat(waitFor(By.id("preview-text")).getText()).isEqualTo("Hi ${who}, your order ${order} is ready");
        assertThat(waitFor(By.id("preview-missing")).getText()).contains("who, order");

        who.sendKeys("Ann");
        waitForText(By.id("preview-text"), "Hi Ann, your order ${order} is ready");
        waitFor(By.id("sample-order")).sendKeys("A-1");
        waitForText(By.id("preview-text"), "Hi Ann, your order A-1 is ready");
        assertThat(browser().findElements(By.id("preview-missing"))).isEmpty();
        assertThat(waitFor(By.cssSelector("#preview-services li[data-service='" + service + "']")).getText())
                .contains("accepts");

        waitFor(By.id("sample-order")).sendKeys("-" + "x".repeat(40));
        WebElement refused = waitForText(By.cssSelector("#preview-services li[data-service='" + service + "']"),
                "refuses");
        assertThat(refused.getText()).contains("order").contains("takes at most 35");
        assertThat(waitFor(By.cssSelector("#preview-services li[data-service='sandbox']")).getText())
                .as("the sandbox takes any length").contains("accepts");
        ((JavascriptExecutor) browser()).executeScript("arguments[0].scrollIntoView({block: 'center'})", refused);
        screenshot("templates-preview-refusal");

        waitFor(By.id("save")).click();
        assertThat(waitFor(By.id("notice")).getText()).contains("Template " + code + " is saved and in force");
        browser().get(url("/console/templates"));
        assertThat(waitFor(By.cssSelector("tr[data-template='" + code + "']")).getText())
                .contains("Hi ${who}, your order ${order} is ready").contains("who, order").contains("database");
        screenshot("templates-saved");
    }

    @Test
    void aTemplateWhoseContentHoldsAScriptIsShownAsText() {
        String code = template("CONSOLE_SCRIPT_");
        signIn(OPERATOR_TOKEN);
        browser().get(url("/console/templates/new"));
        type("f-code", code);
        type("f-content", "Hello " + SCRIPT + " ${name}");
        type("f-params", "name");
        waitFor(By.cssSelector("#samples .sample-set[data-params='name']"));
        waitFor(By.id("sample-name")).sendKeys("Bo");
        waitForText(By.id("preview-text"), "Hello " + SCRIPT + " Bo");
        waitFor(By.id("save")).click();
        waitForText(By.id("notice"), "saved and in force");

        browser().get(url("/console/templates"));
        assertThat(waitFor(By.cssSelector("tr[data-template='" + code + "'] td.content-cell")).getText())
                .isEqualTo("Hello " + SCRIPT + " ${name}");
        assertNoScriptRan();
        signOut();
        signIn(VIEWER_TOKEN);
        browser().get(url("/console/templates/" + code));
        assertThat(waitFor(By.id("template-content")).getText()).isEqualTo("Hello " + SCRIPT + " ${name}");
        waitFor(By.id("sample-name")).sendKeys("Cy");
        waitForText(By.id("preview-text"), "Hello " + SCRIPT + " Cy");
        assertNoScriptRan();
        screenshot("templates-script-as-text");
    }

    @Test
    void anOperatorDeletesATemplateAfterAConfirmationStep() {
        String code = template("CONSOLE_DELETE_");
        created(code);
        signIn(OPERATOR_TOKEN);
        browser().get(url("/console/templates/" + code));
        assertThat(waitFor(By.id("f-content")).getAttribute("value")).isEqualTo("Bye ${name}");

        waitFor(By.id("delete")).click();
        assertThat(waitFor(By.tagName("h1")).getText()).contains("Delete template " + code);
        assertThat(admin().get("/api/sms/templates/" + code).statusCode()).isEqualTo(200);
        waitFor(By.id("confirm-delete")).click();

        waitForText(By.id("notice"), "deleted");
        assertThat(browser().findElements(By.cssSelector("tr[data-template='" + code + "']"))).isEmpty();
        assertThat(admin().get("/api/sms/templates/" + code).statusCode()).isEqualTo(404);
        screenshot("templates-deleted");
    }

    @Test
    void aViewerSeesTheTemplatesWithoutAnyChangeControlAndMayStillPreview() {
        String code = template("CONSOLE_VIEWER_");
        created(code);
        signIn(VIEWER_TOKEN);

        browser().get(url("/console/templates"));
        waitFor(By.cssSelector("tr[data-template='" + code + "']"));
        assertThat(browser().findElements(By.id("add-template"))).isEmpty();
        browser().get(url("/console/templates/" + code));
        assertThat(waitFor(By.id("template-content")).getText()).isEqualTo("Bye ${name}");
        assertNoChangeControls();
        waitFor(By.id("sample-name")).sendKeys("Dee");
        waitForText(By.id("preview-text"), "Bye Dee");
        browser().get(url("/console/templates/SMS_123456789"));
        assertThat(waitFor(By.id("read-only")).getText()).contains("declared in configuration");
        assertNoChangeControls();
        browser().get(url("/console/templates/" + code + "/delete"));
        waitFor(By.tagName("h1"));
        assertNoChangeControls();
        screenshot("templates-viewer");
    }

    private void assertNoChangeControls() {
        assertThat(browser().findElements(By.cssSelector("main form"))).isEmpty();
        assertThat(browser().findElements(By.cssSelector("#save, #delete, #confirm-delete, #add-template")))
                .isEmpty();
    }

    /** No alert is open, and no script element holds the content's script. */
    private void assertNoScriptRan() {
        assertThatThrownBy(() -> browser().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        Object scripts = ((JavascriptExecutor) browser()).executeScript(
                "return Array.from(document.querySelectorAll('script'))"
                        + ".filter(s => s.textContent.includes('alert(1)')).length");
        assertThat(scripts).isEqualTo(0L);
    }

    private void created(String code) {
        HttpResponse<String> created = admin().post("/api/sms/templates", """
                {"code": "%s", "content": "Bye ${name}", "params": ["name"]}""".formatted(code));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private String template(String prefix) {
        String code = prefix + shortId();
        templates.add(code);
        return code;
    }

    private void type(String id, String text) {
        WebElement field = waitFor(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
