package io.smsnotifier.worker.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.net.URI;

/**
 * The sign-in page (a token field, the form posting with its CSRF token) and the 403 page. A wrong token stays
 * on the sign-in page with an error (401), saying nothing about which tokens exist; past the limit of wrong tokens
 * the page says when to try again (429, {@code Retry-After}). Signing in goes back to the page
 * that asked for it, else to the overview. Signing out is Spring Security's logout at {@code POST
 * /console/sign-out} ({@link ConsoleSecurityConfiguration}).
 */
@Controller
class ConsoleSignInController {

    private final ConsoleSessions sessions;
    private final RequestCache requests;

    ConsoleSignInController(ConsoleSessions sessions) {
        this.sessions = sessions;
        this.requests = sessions.pagesAsked();
    }

    /**
     * {@code ?signed-out}: where signing out leads, saying so; {@code ?ended}: where a session that ended leads.
     */
    @GetMapping(ConsoleSecurityConfiguration.SIGN_IN)
    String signInPage(@Nullable Authentication caller,
                      @RequestParam(name = "signed-out", required = false) @Nullable String signedOut,
                      @RequestParam(name = "ended", required = false) @Nullable String ended, Model model) {
        if (signedIn(caller)) {
            return "redirect:/console";
        }
        model.addAttribute("signedOut", signedOut != null);
        model.addAttribute("ended", ended != null);
        return "console/sign-in";
    }

    @PostMapping(ConsoleSecurityConfiguration.SIGN_IN)
    String signIn(@RequestParam(defaultValue = "") String token, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        ConsoleSessions.SignIn signIn = sessions.signIn(token, request, response);
        if (signIn.heldBack()) {
            response.setStatus(429);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(signIn.retryAfter()));
            model.addAttribute("retryAfter", signIn.retryAfter());
            return "console/sign-in";
        }
        if (signIn.name() == null) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            model.addAttribute("failed", true);
            return "console/sign-in";
        }
        SavedRequest saved = requests.getRequest(request, response);
        requests.removeRequest(request, response);
        // Only a page of the console: the saved request is one this server received under /console.
        if (saved != null && "GET".equals(saved.getMethod())) {
            URI asked = URI.create(saved.getRedirectUrl());
            String path = asked.getRawPath();
            String query = asked.getRawQuery();
            if (path != null && path.startsWith(request.getContextPath() + "/console")) {
                return "redirect:" + path.substring(request.getContextPath().length())
                        + (query == null ? "" : "?" + query);
            }
        }
        return "redirect:/console";
    }

    /** Where {@link ConsoleSecurityConfiguration} forwards a refused request (any method). */
    @RequestMapping(ConsoleSecurityConfiguration.FORBIDDEN)
    String forbidden(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        return "console/forbidden";
    }

    static boolean signedIn(@Nullable Authentication caller) {
        return caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken);
    }
}
