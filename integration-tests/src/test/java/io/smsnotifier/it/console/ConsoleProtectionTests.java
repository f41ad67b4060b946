package io.smsnotifier.it.console;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the console refuses whatever a page sends: a POST without the CSRF token, and any change by a viewer, even
 * one made by hand. And the API beside it keeps its bearer tokens: a console session is no API credential.
 */
class ConsoleProtectionTests extends ConsoleBrowserTest {

    /** A change URL as a page would post to it; the chain refuses a viewer before any page's code runs. */
    private static final String CHANGE = "/console/services/sandbox/disable";
    private static final Set<RequestMethod> CHANGES = EnumSet.of(RequestMethod.POST, RequestMethod.PUT,
            RequestMethod.PATCH, RequestMethod.DELETE);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() {
        ConsoleHttp operator = http();
        assertThat(operator.signIn(OPERATOR_TOKEN).statusCode()).isEqualTo(302);
        operator.get("/console");

        HttpResponse<String> withoutToken = operator.post("/console/sign-out", Map.of(), false);
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.body()).contains("Not allowed");
        assertThat(operator.get("/console").statusCode()).as("still signed in").isEqualTo(200);
        assertThat(operator.post(CHANGE, Map.of(), false).statusCode()).isEqualTo(403);
        assertThat(operator.post("/console/sign-in", Map.of("token", OPERATOR_TOKEN), false).statusCode())
                .as("the sign-in form too").isEqualTo(403);

        HttpResponse<String> withToken = operator.post("/console/sign-out", Map.of(), true);
        assertThat(withToken.statusCode()).isEqualTo(302);
        assertThat(withToken.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).contains("/console/sign-in?signed-out"));
        assertThat(operator.get("/console").statusCode()).as("signed out: to the sign-in").isEqualTo(302);
        browser().get(url("/console/sign-in"));
        screenshot("csrf-refused");
    }

    @Test
    void aViewersHandMadePostToAChangeUrlGets403() {
        ConsoleHttp viewer = http();
        assertThat(viewer.signIn(VIEWER_TOKEN).statusCode()).isEqualTo(302);
        viewer.get("/console");

        HttpResponse<String> refused = viewer.post(CHANGE, Map.of("confirm", "yes"), true);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("viewer");

        // The same in the browser: a form the page never had, made by script, posted with the page's CSRF token.
        signIn(VIEWER_TOKEN);
        ((JavascriptExecutor) browser()).executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = arguments[0];
                const csrf = document.querySelector('form.sign-out input[name=_csrf]').cloneNode();
                form.appendChild(csrf);
                document.body.appendChild(form);
                form.submit();
                """, CHANGE);
        assertThat(waitFor(By.cssSelector("main .notice.bad")).getText()).contains("viewer");
        assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("Not allowed");
        screenshot("viewer-change-refused");
    }

    /**
     * Every change the console maps (POST, PUT, PATCH, DELETE under {@code /console}, but signing in and out),
     * so that a page added later is covered without touching this test: a viewer's request, CSRF token and all,
     * gets 403.
     */
    @Test
    void aViewerGets403OnEveryChangeTheConsoleMaps() {
        Set<String> changes = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            Set<RequestMethod> mapped = info.getMethodsCondition().getMethods();
            Set<RequestMethod> methods = EnumSet.copyOf(mapped.isEmpty() ? CHANGES : mapped);
            methods.retainAll(CHANGES);
            for (String pattern : info.getPatternValues()) {
                if ((pattern.equals("/console") || pattern.startsWith("/console/"))
                        && !pattern.equals("/console/sign-in") && !pattern.equals("/console/sign-out")) {
                    methods.forEach(change -> changes.add(change + " " + pattern.replaceAll("\\{[^}]*}", "0")));
                }
            }
        });
        changes.add("POST " + CHANGE);
        ConsoleHttp viewer = http();
        assertThat(viewer.signIn(VIEWER_TOKEN).statusCode()).isEqualTo(302);
        viewer.get("/console");

        SoftAssertions softly = new SoftAssertions();
        for (String change : changes) {
            String method = change.substring(0, change.indexOf(' '));
            HttpResponse<String> response = viewer.exchange(method, change.substring(change.indexOf(' ') + 1), true);
            softly.assertThat(response.statusCode()).as(change).isEqualTo(403);
        }
        softly.assertAll();
        assertThat(viewer.get("/console").statusCode()).as("the viewer is still signed in").isEqualTo(200);
        browser().get(url("/console/sign-in"));
        screenshot("viewer-every-change-refused");
    }

    @Test
    void withoutASessionAPageRedirectsToTheSignInAndAnHtmxRequestIsToldTo() {
        ConsoleHttp anonymous = http();
        HttpResponse<String> page = anonymous.get("/console");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/console/sign-in"));
        HttpResponse<String> fragment = anonymous.get("/console/overview", Map.of("HX-Request", "true"));
        assertThat(fragment.statusCode()).isEqualTo(401);
        assertThat(fragment.headers().firstValue("HX-Redirect")).hasValue("/console/sign-in");
        browser().get(url("/console"));
        waitFor(By.id("token"));
        screenshot("redirected-to-sign-in");
    }

    @Test
    void theApiKeepsItsBearerTokensBesideTheConsole() {
        ConsoleHttp operator = http();
        operator.signIn(OPERATOR_TOKEN);

        // The session cookie is for /console only, and the API does not take it.
        assertThat(operator.get("/api/sms/services").statusCode()).isEqualTo(401);
        assertThat(admin().anonymous().get("/api/sms/services").statusCode()).isEqualTo(401);
        assertThat(admin().withToken(VIEWER_TOKEN).post("/api/sms/send", "{}").statusCode()).isEqualTo(403);
        assertThat(admin().get("/api/sms/services").statusCode()).isEqualTo(200);
        // And a bearer token is no console session.
        assertThat(admin().get("/console").statusCode()).isEqualTo(302);
        browser().get(url("/console/sign-in"));
        screenshot("api-beside-console");
    }
}
