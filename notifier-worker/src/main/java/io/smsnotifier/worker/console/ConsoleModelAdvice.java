package io.smsnotifier.worker.console;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.webjars.WebJarVersionLocator;

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

    /** What every page's model holds; {@link ConsoleNotices} calls it too, for a page shown after a refusal. */
    @ModelAttribute
    void page(Model model, HttpServletRequest request) {
        addTo(model, request);
    }

    /**
     * Adds what every page has to {@code model}. Exception handlers get no {@code @ModelAttribute}s, so a page one
     * of them renders needs this called.
     */
    static void addTo(Model model, HttpServletRequest request) {
        Authentication caller = request.getUserPrincipal() instanceof Authentication signed ? signed : null;
        model.addAttribute("operator", operator(caller));
        model.addAttribute("who", ConsoleSignInController.signedIn(caller) ? caller.getName() : null);
        model.addAttribute("lang", ConsoleLanguage.tag(RequestContextUtils.getLocale(request)));
        CsrfToken csrf = csrf(request);
        model.addAttribute("csrf", csrf);
        model.addAttribute("hxHeaders", csrf == null ? null
                : "{\"" + csrf.getHeaderName() + "\":\"" + csrf.getToken() + "\"}");
        model.addAttribute("path", path(request));
        model.addAttribute("htmx", request.getContextPath() + HTMX);
    }

    /**
     * Whether {@code caller} may change things: pages show change controls only then. The security chain refuses
     * a viewer's POST whatever this says.
     */
    static boolean operator(@Nullable Authentication caller) {
        return ConsoleSignInController.signedIn(caller) && caller.getAuthorities().stream()
                .anyMatch(authority -> "ROLE_OPERATOR".equals(authority.getAuthority()));
    }

    /**
     * The request's CSRF token, loaded now: loading it may create the session, which must happen before the
     * page starts to be written. Its header name and value are letters, digits, {@code -}, {@code _} and
     * {@code =}: nothing to escape in {@code hxHeaders}' JSON.
     */
    private static @Nullable CsrfToken csrf(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        if (token != null) {
            token.getToken();
        }
        return token;
    }

    /** On the 403 page (a forward of a refused request) the overview: the refused URL is no page to switch to. */
    private static String path(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) != null) {
            return "/console";
        }
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
