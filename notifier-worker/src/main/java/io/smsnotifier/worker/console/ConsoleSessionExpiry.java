package io.smsnotifier.worker.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

/**
 * Ends a signed-in console session past its idle timeout or its lifetime ({@link ConsoleProperties}), before the
 * security chain reads who is signed in: the request then goes on signed out, and the chain sends it to the sign-in
 * (an htmx request gets {@code HX-Redirect}, so the whole page goes). The servlet container's own idle clock cannot
 * do this: it counts every request, and the overview asks for itself every 10 s. So the session keeps when it was
 * signed in and when a person last did something, and a request marked {@value #BACKGROUND} (the overview's
 * refresh) leaves the latter as it was.
 */
final class ConsoleSessionExpiry extends OncePerRequestFilter {

    /** The header that marks a request no person asked for: it is no activity. */
    static final String BACKGROUND = "X-Console-Background";
    /** Request attribute: this request's session ended here (its value says why: idle, lifetime). */
    static final String ENDED = ConsoleSessionExpiry.class.getName() + ".ENDED";

    private static final Logger log = LoggerFactory.getLogger(ConsoleSessionExpiry.class);
    private static final String SIGNED_IN_AT = ConsoleSessionExpiry.class.getName() + ".SIGNED_IN_AT";
    private static final String ACTIVE_AT = ConsoleSessionExpiry.class.getName() + ".ACTIVE_AT";

    private final ConsoleProperties properties;
    private final Clock clock;

    ConsoleSessionExpiry(ConsoleProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** Starts the clocks of a session just signed in. */
    static void begin(HttpSession session, Instant now) {
        session.setAttribute(SIGNED_IN_AT, now);
        session.setAttribute(ACTIVE_AT, now);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SIGNED_IN_AT) instanceof Instant signedIn
                && session.getAttribute(ACTIVE_AT) instanceof Instant active) {
            Instant now = clock.instant();
            String ended = !now.isBefore(signedIn.plus(properties.sessionLifetime())) ? "lifetime"
                    : !now.isBefore(active.plus(properties.sessionTimeout())) ? "idle" : null;
            if (ended != null) {
                log.info("console session ended name={} reason={}", name(session), ended);
                session.invalidate();
                request.setAttribute(ENDED, ended);
            } else if (request.getHeader(BACKGROUND) == null) {
                session.setAttribute(ACTIVE_AT, now);
            }
        }
        chain.doFilter(request, response);
    }

    private static @Nullable String name(HttpSession session) {
        Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        return context instanceof SecurityContext signed && signed.getAuthentication() != null
                ? signed.getAuthentication().getName() : null;
    }
}
