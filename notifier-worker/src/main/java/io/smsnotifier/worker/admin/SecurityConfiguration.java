package io.smsnotifier.worker.admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import java.nio.charset.StandardCharsets;

/**
 * Every endpoint but {@code /actuator/health} needs the admin bearer token; without it the answer is 401 with
 * {@code WWW-Authenticate: Bearer}. Stateless: no sessions, no cookies, so no CSRF token either.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain adminSecurity(HttpSecurity http, AdminProperties admin) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .addFilterBefore(new AdminTokenFilter(admin.token()), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new AnonymousHealthLimiter(admin.anonymousHealthPerSecond()),
                        AnonymousAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint((request, response, e) -> {
                    response.setStatus(HttpStatus.UNAUTHORIZED.value());
                    response.setHeader("WWW-Authenticate", "Bearer realm=\"sms-notifier\"");
                    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                    response.getOutputStream().write("""
                            {"status":401,"error":"Unauthorized","message":"send Authorization: Bearer <notifier.admin.token>"}"""
                            .getBytes(StandardCharsets.UTF_8));
                }))
                .build();
    }

    /** Replaces Spring Boot's generated in-memory user: the bearer token is the only credential. */
    @Bean
    AuthenticationManager noPasswordLogins() {
        return authentication -> {
            throw new BadCredentialsException("only the admin bearer token is accepted");
        };
    }
}
