package io.smsnotifier.worker.console;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.webjars.WebJarVersionLocator;

import java.util.Locale;

/**
 * What every console page's model holds, for the layout and for the pages: {@code operator} (may this session
 * change things: show change controls only then), {@code who} (the token's name, {@code null} before sign-in),
 * {@code lang} ({@code en} or {@code zh-CN}), {@code csrf} (the CSRF token; forms get it from Spring Security
 * by themselves), {@code hxHeaders} (that token as htmx's {@code hx-headers}, which the layout puts on
 * {@code <body>}), {@code htmx} (the script's path, with the WebJar's version) and {@code path} (the page's path,
 * {@code /console/...}: the navigation marks where one is).
 */
@ControllerAdvice(basePackages = "io.smsnotifier.worker.console")
class ConsoleModelAdvice {

    private static final String HTMX = "/webjars/" + htmxPath();

    private static String htmxPath() {
        String path = new WebJarVersionLocator().path("htmx.org", "dist/htmx.min.js");
        if (path == null) {
            throw new IllegalStateException("the htmx.org WebJar is not on the classpath: the console needs it");
        }
        return path;
    }

    @ModelAttribute("operator")
    boolean operator(@Nullable Authentication caller) {
        return ConsoleSignInController.signedIn(caller) && caller.getAuthorities().stream()
                .anyMatch(authority -> "ROLE_OPERATOR".equals(authority.getAuthority()));
    }

    @ModelAttribute("who")
    @Nullable String who(@Nullable Authentication caller) {
        return ConsoleSignInController.signedIn(caller) ? caller.getName() : null;
    }

    @ModelAttribute("lang")
    String lang(Locale locale) {
        return ConsoleLanguage.tag(locale);
    }

    /**
     * The request's CSRF token, loaded now: loading it may create the session, which must happen before the
     * page starts to be written.
     */
    @ModelAttribute("csrf")
    @Nullable CsrfToken csrf(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        if (token != null) {
            token.getToken();
        }
        return token;
    }

    /**
     * htmx's {@code hx-headers} for the layout's {@code <body>}: the CSRF token as a header on every htmx request.
     * The header name and the token are letters, digits, {@code -}, {@code _} and {@code =}: nothing to escape
     * in JSON.
     */
    @ModelAttribute("hxHeaders")
    @Nullable String hxHeaders(HttpServletRequest request) {
        CsrfToken token = csrf(request);
        return token == null ? null : "{\"" + token.getHeaderName() + "\":\"" + token.getToken() + "\"}";
    }

    /** On the 403 page (a forward of a refused request) the overview: the refused URL is no page to switch to. */
    @ModelAttribute("path")
    String path(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) != null) {
            return "/console";
        }
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @ModelAttribute("htmx")
    String htmx(HttpServletRequest request) {
        return request.getContextPath() + HTMX;
    }
}
