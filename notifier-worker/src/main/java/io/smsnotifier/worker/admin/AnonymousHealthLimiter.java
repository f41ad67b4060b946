package io.smsnotifier.worker.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers at most {@code perSecond} anonymous {@code /actuator/health} requests a second; the rest get 429 with
 * {@code Retry-After: 1} before any health check or JSON is made. The checks themselves are cached
 * ({@code CachedHealth}); this keeps a flood of probes from taking the CPU delivery needs. Callers with the
 * admin token are not limited. Thread-safe.
 */
final class AnonymousHealthLimiter extends OncePerRequestFilter {

    private final int perSecond;
    /** The current one-second window (high bits) and the requests counted in it (low 20 bits). */
    private final AtomicLong window = new AtomicLong();

    AnonymousHealthLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/actuator/health") || path.startsWith("/actuator/health/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        boolean anonymous = caller == null || caller instanceof AnonymousAuthenticationToken;
        if (anonymous && !admit(System.nanoTime() / 1_000_000_000L)) {
            response.setStatus(429);
            response.setHeader("Retry-After", "1");
            return;
        }
        chain.doFilter(request, response);
    }

    boolean admit(long second) {
        while (true) {
            long current = window.get();
            long count = current >>> 44 == (second & 0xFFFFF) ? current & 0xFFFFFFFFFFFL : 0;
            if (count >= perSecond) {
                return false;
            }
            long next = ((second & 0xFFFFF) << 44) | (count + 1);
            if (window.compareAndSet(current, next)) {
                return true;
            }
        }
    }
}
