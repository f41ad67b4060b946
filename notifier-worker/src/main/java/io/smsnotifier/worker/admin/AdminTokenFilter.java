package io.smsnotifier.worker.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the configured {@link AdminTokens}: the principal is
 * the token's name, with its role's authorities, and no credentials. A missing or wrong token leaves the request
 * anonymous; the security chain then answers 401. Past the limit of wrong tokens ({@link AuthFailures}) a bearer
 * token is not checked: the answer is 429 with {@code Retry-After}.
 */
class AdminTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final AdminTokens tokens;
    private final AuthFailures failures;

    AdminTokenFilter(AdminTokens tokens, AuthFailures failures) {
        this.tokens = tokens;
        this.failures = failures;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String address = request.getRemoteAddr();
            long retryAfter = failures.retryAfter(address, AuthFailures.Surface.API);
            if (retryAfter > 0) {
                tooMany(response, retryAfter);
                return;
            }
            AdminTokens.Operator operator = tokens.authenticate(header.substring(BEARER.length()).strip());
            if (operator == null) {
                failures.failed(address, AuthFailures.Surface.API);
            } else {
                failures.succeeded(address);
                SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
                        .authenticated(operator.name(), null, operator.authorities()));
            }
        }
        chain.doFilter(request, response);
    }

    private static void tooMany(HttpServletResponse response, long retryAfter) throws IOException {
        String detail = "too many wrong bearer tokens from this address; try again in " + retryAfter + " s";
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write("""
                {"type":"about:blank","title":"Too Many Requests","status":429,"detail":"%s"}"""
                .formatted(detail).getBytes(StandardCharsets.UTF_8));
    }
}
