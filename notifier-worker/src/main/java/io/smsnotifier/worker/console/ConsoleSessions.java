package io.smsnotifier.worker.console;

import io.smsnotifier.worker.admin.AdminTokens;
import io.smsnotifier.worker.admin.AuthFailures;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Exchanges an admin token for a console session. The token is checked by {@link AdminTokens}, as the API's
 * bearer tokens are, and never stored: the session holds only who signed in and the role. Signing in gives the
 * session a new id (no fixation of an id handed out before sign-in) and a new CSRF token, and starts its idle
 * timeout and lifetime ({@link ConsoleSessionExpiry}). Wrong tokens count towards the limit the API's count
 * towards too ({@link AuthFailures}); past it, a token is not checked.
 */
@Component
class ConsoleSessions {

    /**
     * What a sign-in came to: signed in as {@code name}; refused (neither); or held back, not checked, for
     * {@code retryAfter} seconds.
     */
    record SignIn(@Nullable String name, long retryAfter) {

        boolean heldBack() {
            return retryAfter > 0;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ConsoleSessions.class);

    private final AdminTokens tokens;
    private final AuthFailures failures;
    private final ConsoleProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final CsrfTokenRepository csrfTokens = new HttpSessionCsrfTokenRepository();
    private final HttpSessionRequestCache pagesAsked = new HttpSessionRequestCache();

    ConsoleSessions(AdminTokens tokens, AuthFailures failures, ConsoleProperties properties) {
        this.tokens = tokens;
        this.failures = failures;
        this.properties = properties;
        // Only a page is worth going back to: not a POST, not an htmx fragment that asked after the session ran out.
        pagesAsked.setRequestMatcher(request -> "GET".equals(request.getMethod())
                && request.getHeader("HX-Request") == null);
        pagesAsked.setMatchingRequestParameterName(null);
    }

    /** The page asked for before signing in, to go back to once signed in. */
    RequestCache pagesAsked() {
        return pagesAsked;
    }

    /** Where the console chain keeps who is signed in: the HTTP session. */
    SecurityContextRepository contexts() {
        return contexts;
    }

    /** Where the console chain keeps the CSRF token: the HTTP session. */
    CsrfTokenRepository csrfTokens() {
        return csrfTokens;
    }

    /** The console chain's filter that ends sessions past their idle timeout or lifetime. */
    ConsoleSessionExpiry expiry() {
        return new ConsoleSessionExpiry(properties, clock);
    }

    /**
     * Signs in with {@code token}; nothing changes unless it is one of the configured ones and the caller's address
     * is not held back.
     */
    SignIn signIn(String token, HttpServletRequest request, HttpServletResponse response) {
        String address = request.getRemoteAddr();
        long retryAfter = failures.retryAfter(address, AuthFailures.Surface.CONSOLE);
        if (retryAfter > 0) {
            log.info("console sign-in held back: too many wrong tokens retryAfter={}s", retryAfter);
            return new SignIn(null, retryAfter);
        }
        AdminTokens.Operator operator = tokens.authenticate(token.strip());
        if (operator == null) {
            failures.failed(address, AuthFailures.Surface.CONSOLE);
            log.info("console sign-in refused: not a configured admin token");
            return new SignIn(null, 0);
        }
        failures.succeeded(address);
        HttpSession session = request.getSession(false);
        if (session != null) {
            request.changeSessionId();
        }
        session = request.getSession(true);
        // The container's idle clock only clears away sessions of closed pages; ConsoleSessionExpiry ends the rest.
        session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, properties.sessionTimeout().toSeconds()));
        ConsoleSessionExpiry.begin(session, clock.instant());
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(operator.name(), null,
                operator.authorities()));
        holder.setContext(context);
        contexts.saveContext(context, request, response);
        // The sign-in form's token has done its work; the next page gets a new one.
        csrfTokens.saveToken(null, request, response);
        log.info("console sign-in name={} role={}", operator.name(), operator.role().label());
        return new SignIn(operator.name(), 0);
    }
}
