package io.smsnotifier.worker.admin;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Every endpoint but {@code /actuator/health} and the vendors' receipt pushes ({@code POST /receipts/**}, whose
 * address carries a secret of its own) needs a bearer token; without one the answer is 401 with
 * {@code WWW-Authenticate: Bearer}. A viewer may read (GET, HEAD) everything but the sandbox outbox, which shows
 * the messages themselves, login codes included; everything else needs an operator, so that an endpoint added
 * later is closed to viewers until someone decides otherwise. A viewer asking for more gets 403 saying so.
 * Stateless: no sessions, no cookies, so no CSRF token either.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    AdminTokens adminTokens(AdminProperties admin) {
        AdminTokens tokens = AdminTokens.of(admin);
        log.info("admin tokens configured names={}", tokens.operators().stream()
                .map(operator -> operator.name() + ":" + operator.role().label()).collect(Collectors.joining(",")));
        return tokens;
    }

    /** One count of wrong tokens for the API and the console: guessing on both adds up. */
    @Bean
    AuthFailures authFailures(FailedAuthProperties limits, MeterRegistry meters) {
        return new AuthFailures(limits, meters);
    }

    @Bean
    SecurityFilterChain adminSecurity(HttpSecurity http, AdminProperties admin, AdminTokens tokens,
                                      AuthFailures failures) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        // The vendors' receipt pushes carry no token: the secret in the address is checked there.
                        .requestMatchers(HttpMethod.POST, "/receipts/**").permitAll()
                        .requestMatchers("/api/sandbox/**").hasRole("OPERATOR")
                        .requestMatchers(HttpMethod.GET, "/**").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.HEAD, "/**").hasRole("VIEWER")
                        .anyRequest().hasRole("OPERATOR"))
                .addFilterBefore(new AdminTokenFilter(tokens, failures), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new AnonymousHealthLimiter(admin.anonymousHealthPerSecond()),
                        AnonymousAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Bearer realm=\"sms-notifier\"");
                            write(response, HttpStatus.UNAUTHORIZED, MediaType.APPLICATION_JSON_VALUE, """
                                    {"status":401,"error":"Unauthorized","message":"send Authorization: Bearer <a token of notifier.admin.token or notifier.admin.tokens.*>"}""");
                        })
                        .accessDeniedHandler((request, response, e) -> write(response, HttpStatus.FORBIDDEN,
                                MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                forbidden(SecurityContextHolder.getContext().getAuthentication()))))
                .build();
    }

    /** Replaces Spring Boot's generated in-memory user: the bearer tokens are the only credentials. */
    @Bean
    AuthenticationManager noPasswordLogins() {
        return authentication -> {
            throw new BadCredentialsException("only the admin bearer tokens are accepted");
        };
    }

    /**
     * The 403 answer, RFC 9457 ({@code type}, {@code title}, {@code status}, {@code detail}) with the
     * {@code error} and {@code message} of the 401 answer as well, for clients that read those.
     */
    static String forbidden(@Nullable Authentication caller) {
        // A token's name matches AdminTokens.NAME: nothing in it needs escaping in JSON.
        String name = caller == null ? "(anonymous)" : caller.getName();
        boolean operator = caller != null && caller.getAuthorities().stream()
                .anyMatch(authority -> "ROLE_OPERATOR".equals(authority.getAuthority()));
        String detail = operator ? "token '" + name + "' has role operator and still may not do this"
                : "token '" + name + "' has role viewer; this needs operator";
        return """
                {"type":"about:blank","title":"Forbidden","status":403,"detail":"%s","error":"Forbidden","message":"%s"}"""
                .formatted(detail, detail);
    }

    private static void write(HttpServletResponse response, HttpStatus status, String contentType, String body)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(contentType);
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
