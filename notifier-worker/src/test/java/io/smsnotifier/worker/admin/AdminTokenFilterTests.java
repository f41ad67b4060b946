package io.smsnotifier.worker.admin;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AdminTokenFilterTests {

    private static final String TOKEN = "s3cret-admin-token-7e2a9c4f1b6d8035e9a1c7f3b5d02468";
    private static final String VIEWER_TOKEN = "s3cret-viewer-token-4b8d1f6a3c9e2075b1d7f3a9c5e80246";

    private final AdminTokenFilter filter = new AdminTokenFilter(AdminTokens.of(new AdminProperties(TOKEN,
            Map.of("ops-viewer", new AdminProperties.NamedToken(VIEWER_TOKEN, AdminProperties.Role.VIEWER)), 20)),
            new AuthFailures(new FailedAuthProperties(10, 300, Duration.ofMinutes(1), 10_000),
                    new SimpleMeterRegistry()));

    @AfterEach
    void clearSecurityContext() {
        SecurityContextHolder.clearContext();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer " + TOKEN, "bearer " + TOKEN, "BEARER " + TOKEN, "bEaReR " + TOKEN,
            "Bearer " + TOKEN + " ", "Bearer  " + TOKEN})
    void authenticatesTheRightBearerToken(String authorization) throws Exception {
        MockFilterChain chain = filter(authorization);

        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        assertThat(authentication).isNotNull();
        assertThat(authentication.isAuthenticated()).isTrue();
        assertThat(authentication.getName()).isEqualTo("admin");
        assertThat(authentication.getCredentials()).isNull();
        assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_VIEWER");
        assertThat(chain.getRequest()).as("the chain goes on").isNotNull();
    }

    @Test
    void authenticatesANamedTokenAsItsNameWithItsRole() throws Exception {
        filter("Bearer " + VIEWER_TOKEN);

        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        assertThat(authentication).isNotNull();
        assertThat(authentication.getName()).isEqualTo("ops-viewer");
        assertThat(authentication.getCredentials()).isNull();
        assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_VIEWER");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Bearer wrong-token-0123456789",
            "Bearer " + "s3cret-admin-token", "Bearer " + TOKEN + "X", "Bearer S3CRET-ADMIN-TOKEN-7E2A9C4F1B6D8035E9A1C7F3B5D02468",
            "Basic " + TOKEN, "Basic YWRtaW46czNjcmV0", TOKEN, "Token " + TOKEN, "Bearer" + TOKEN,
            "Bearer " + TOKEN + " extra"})
    void leavesTheRequestAnonymousWithoutTheRightBearerToken(String authorization) throws Exception {
        MockFilterChain chain = filter(authorization);

        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
        assertThat(chain.getRequest()).as("the chain goes on; the security chain answers 401").isNotNull();
    }

    @Test
    void refusesATokenThatIsAPrefixOfTheRightOne() throws Exception {
        filter("Bearer " + TOKEN.substring(0, TOKEN.length() - 1));

        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
    }

    @Test
    void writesNothingToTheResponse() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request("Bearer wrong"), response, new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEmpty();
    }

    @Test
    void pastTenWrongTokensFromOneAddressAnswers429WithRetryAfterWithoutCheckingTheToken() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(filter("Bearer wrong-" + i).getRequest()).as("guess %d goes on to the 401", i).isNotNull();
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request("Bearer " + TOKEN), response, chain);

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeader("Retry-After")).isEqualTo("60");
        assertThat(response.getContentAsString()).contains("\"status\":429").doesNotContain(TOKEN);
        assertThat(chain.getRequest()).as("the chain stops").isNull();
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
        MockHttpServletRequest elsewhere = request("Bearer " + TOKEN);
        elsewhere.setRemoteAddr("192.0.2.10");
        filter.doFilter(elsewhere, new MockHttpServletResponse(), new MockFilterChain());
        assertThat(SecurityContextHolder.getContext().getAuthentication()).as("another address").isNotNull();
    }

    private MockFilterChain filter(String authorization) throws Exception {
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request(authorization), new MockHttpServletResponse(), chain);
        return chain;
    }

    private static MockHttpServletRequest request(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/admin/dead-letters");
        if (authorization != null) {
            request.addHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        return request;
    }
}
