package io.smsnotifier.worker.console;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.CookieClearingLogoutHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * The console's own security chain, in front of the API's bearer-token chain ({@code admin}): it takes
 * {@code /console/**} (and the WebJars the pages load) and leaves every other path to the API, whose answers stay
 * as they were (401 JSON without a token, 403 for a viewer's change).
 *
 * <p>A browser cannot keep a bearer token safely, so the console exchanges one for a session
 * ({@link ConsoleSessions}): a cookie that scripts cannot read (HttpOnly), that no other site's page sends
 * (SameSite=Strict), Secure behind HTTPS, with an idle timeout that background refreshes do not renew and an
 * absolute lifetime ({@link ConsoleSessionExpiry}). A cookie is sent by the browser by itself, so
 * every POST needs the CSRF token as well (Thymeleaf forms carry it; htmx sends it as a header). GET and HEAD
 * need a viewer; every other method an operator, whatever the page showed: the pages hide change controls from
 * viewers, and the server refuses a viewer's change anyway. Without a session a page redirects to the sign-in;
 * a refused request gets the console's 403 page.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    static final String SIGN_IN = "/console/sign-in";
    static final String SIGN_OUT = "/console/sign-out";
    static final String FORBIDDEN = "/console/forbidden";

    @Bean
    @Order(1)
    SecurityFilterChain consoleSecurity(HttpSecurity http, ConsoleSessions sessions,
                                        @Value("${server.servlet.session.cookie.name:JSESSIONID}") String cookie)
            throws Exception {
        AccessDeniedHandlerImpl forbidden = new AccessDeniedHandlerImpl();
        forbidden.setErrorPage(FORBIDDEN);
        Cookie sessionCookie = new Cookie(cookie, "");
        sessionCookie.setPath("/console");
        sessionCookie.setMaxAge(0);
        sessionCookie.setHttpOnly(true);
        return http
                .securityMatcher("/console", "/console/**", "/webjars/**")
                .authorizeHttpRequests(requests -> requests
                        // The 403 page and error pages are forwards of a request already decided.
                        .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/webjars/htmx.org/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/console/*.css", "/console/*.js", "/console/*.svg",
                                "/console/*.png", "/console/*.ico").permitAll()
                        .requestMatchers(SIGN_IN, SIGN_OUT).permitAll()
                        .requestMatchers(HttpMethod.GET, "/console", "/console/**", "/webjars/**").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.HEAD, "/console", "/console/**", "/webjars/**").hasRole("VIEWER")
                        .anyRequest().hasRole("OPERATOR"))
                // Before who is signed in is read: a session that ended is gone by then.
                .addFilterBefore(sessions.expiry(), SecurityContextHolderFilter.class)
                .securityContext(context -> context.securityContextRepository(sessions.contexts()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .csrf(csrf -> csrf.csrfTokenRepository(sessions.csrfTokens()))
                .requestCache(cache -> cache.requestCache(sessions.pagesAsked()))
                .logout(logout -> logout
                        .logoutUrl(SIGN_OUT)
                        .logoutSuccessUrl(SIGN_IN + "?signed-out")
                        .addLogoutHandler(new CookieClearingLogoutHandler(sessionCookie)))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(signInFirst())
                        .accessDeniedHandler(forbidden))
                .headers(headers -> headers
                        // No framing (clickjacking), forms post only here, no plugins.
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'")))
                .build();
    }

    /**
     * Redirects to the sign-in page ({@code ?ended} when {@link ConsoleSessionExpiry} just ended the session, which
     * the page says); an htmx request (a fragment refreshing itself after the session ran out) gets 401 with
     * {@code HX-Redirect}, so that the whole page goes to the sign-in rather than a fragment of it.
     */
    private static AuthenticationEntryPoint signInFirst() {
        LoginUrlAuthenticationEntryPoint redirect = new LoginUrlAuthenticationEntryPoint(SIGN_IN);
        LoginUrlAuthenticationEntryPoint ended = new LoginUrlAuthenticationEntryPoint(SIGN_IN + "?ended");
        return (request, response, e) -> {
            boolean hasEnded = request.getAttribute(ConsoleSessionExpiry.ENDED) != null;
            if (request.getHeader("HX-Request") != null) {
                response.setHeader("HX-Redirect", request.getContextPath() + SIGN_IN + (hasEnded ? "?ended" : ""));
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            (hasEnded ? ended : redirect).commence(request, response, e);
        };
    }
}
