package io.smsnotifier.worker.console;

import io.smsnotifier.worker.admin.AdminProperties.Role;
import io.smsnotifier.worker.admin.AdminTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The console session's idle timeout (2 s here) and absolute lifetime (4 s here), as the console's security chain
 * applies them. {@code MockHttpSession} never expires by itself, as a servlet container's session does not while
 * something keeps asking: whatever ends these sessions is the console's own clock. A signed-in request for a page
 * that does not exist answers 404 (past security); a signed-out htmx request 401 with {@code HX-Redirect}.
 */
@WebMvcTest(controllers = ConsoleSignInController.class)
@Import(ConsoleSlice.class)
@TestPropertySource(properties = {"notifier.console.session-timeout=2s", "notifier.console.session-lifetime=4s"})
class ConsoleSessionLimitsTests {

    private static final String TOKEN = "a-token-the-mock-knows";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    AdminTokens tokens;

    @BeforeEach
    void aToken() {
        when(tokens.authenticate(TOKEN)).thenReturn(new AdminTokens.Operator("ops", Role.OPERATOR));
    }

    @Test
    void backgroundRefreshesAloneDoNotKeepASessionAliveAndTheNextOneLeadsToTheSignIn() throws Exception {
        MockHttpSession session = signIn();
        assertThat(background(session).getStatus()).as("signed in").isEqualTo(404);

        long started = System.nanoTime();
        MockHttpServletResponse ended = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> background(session), response -> response.getStatus() == 401);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(1500));
        assertThat(ended.getHeader("HX-Redirect")).as("the page says why").isEqualTo("/console/sign-in?ended");
        assertThat(page(session).getRedirectedUrl()).as("a page after the session ended")
                .startsWith("/console/sign-in");
    }

    @Test
    void pagesAskedForKeepASessionAliveUntilItsLifetimeEnds() throws Exception {
        MockHttpSession session = signIn();
        long started = System.nanoTime();

        MockHttpServletResponse ended = await().atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(300))
                .until(() -> page(session), response -> response.getStatus() != 404);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("past the 2 s idle timeout, to the lifetime")
                .isGreaterThan(Duration.ofMillis(3500));
        assertThat(ended.getStatus()).isEqualTo(302);
        assertThat(ended.getRedirectedUrl()).endsWith("/console/sign-in?ended");
    }

    private MockHttpSession signIn() throws Exception {
        MvcResult signedIn = mvc.perform(post("/console/sign-in").param("token", TOKEN).with(csrf())).andReturn();
        assertThat(signedIn.getResponse().getStatus()).isEqualTo(302);
        return (MockHttpSession) signedIn.getRequest().getSession(false);
    }

    /** What the overview's refresh every 10 s sends. */
    private MockHttpServletResponse background(MockHttpSession session) throws Exception {
        return mvc.perform(get("/console/no-such-page").session(session).header("HX-Request", "true")
                .header("X-Console-Background", "refresh")).andReturn().getResponse();
    }

    /** A page someone asked for. */
    private MockHttpServletResponse page(MockHttpSession session) throws Exception {
        return mvc.perform(get("/console/no-such-page").session(session)).andReturn().getResponse();
    }
}
