package io.smsnotifier.worker.console;

import io.smsnotifier.worker.catalog.CatalogErrors;
import io.smsnotifier.worker.catalog.FieldErrors;
import io.smsnotifier.worker.secrets.SecretsUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.validation.BindException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Map;
import java.util.function.Function;

/**
 * The catalog's refusals as the console shows them, for every console page over it ({@link CatalogPage}): a
 * form that was posted is shown again as posted, with each field's error next to it and the refusal as the
 * page's {@link Notice}, under the API's status (400 invalid, 409 conflict, 412 someone else's change came
 * first, with a link that reloads the page, 503 no key to seal a secret with); an action (enable, delete) goes
 * back to its page with the notice. A change stored but not in force, or a thing gone meanwhile, goes back too:
 * showing the form again would offer to make it twice or to change nothing.
 */
@ControllerAdvice(assignableTypes = CatalogPage.class)
class ConsoleNotices {

    /** The request attribute that keeps the binder of the posted form ({@code form}). */
    private static final String POSTED = ConsoleNotices.class.getName() + ".posted";

    /**
     * Keeps the binder of the form a handler binds ({@code @ModelAttribute("form")}): an exception handler gets
     * neither the handler's arguments nor its model, and needs the form as posted to show it again.
     */
    @InitBinder("form")
    void keepPosted(WebDataBinder binder, HttpServletRequest request) {
        request.setAttribute(POSTED, binder);
    }

    /** A value the form could not read (a number that is none): no document was made. */
    @ExceptionHandler(BindException.class)
    String unreadable(BindException e, HandlerMethod handler, HttpServletRequest request,
                      HttpServletResponse response, Model model, RedirectAttributes redirect) {
        return refused(HttpStatus.BAD_REQUEST, null, e.getBindingResult(), handler, request, response, model,
                redirect);
    }

    @ExceptionHandler(FieldErrors.InvalidDocument.class)
    String invalid(FieldErrors.InvalidDocument e, HandlerMethod handler, HttpServletRequest request,
                   HttpServletResponse response, Model model, RedirectAttributes redirect) {
        BindingResult posted = posted(request);
        if (posted != null) {
            place(e, posted, page(handler)::pathOf);
        }
        return refused(HttpStatus.BAD_REQUEST, posted == null ? Notice.bad(page(handler).notices()
                + ".notice.refused", e.getMessage()) : null, posted, handler, request, response, model, redirect);
    }

    @ExceptionHandler(CatalogErrors.Stale.class)
    String stale(CatalogErrors.Stale e, HandlerMethod handler, HttpServletRequest request,
                 HttpServletResponse response, Model model, RedirectAttributes redirect) {
        CatalogPage page = page(handler);
        String subject = subject(request);
        Notice notice = Notice.stale(page.notices() + ".notice.stale", String.valueOf(subject), page.page(subject));
        return refused(HttpStatus.PRECONDITION_FAILED, notice, posted(request), handler, request, response, model,
                redirect);
    }

    @ExceptionHandler(CatalogErrors.Conflict.class)
    String conflict(CatalogErrors.Conflict e, HandlerMethod handler, HttpServletRequest request,
                    HttpServletResponse response, Model model, RedirectAttributes redirect) {
        return refused(HttpStatus.CONFLICT, refusal(handler, e), posted(request), handler, request, response, model,
                redirect);
    }

    @ExceptionHandler(SecretsUnavailableException.class)
    String noKey(SecretsUnavailableException e, HandlerMethod handler, HttpServletRequest request,
                 HttpServletResponse response, Model model, RedirectAttributes redirect) {
        return refused(HttpStatus.SERVICE_UNAVAILABLE, refusal(handler, e), posted(request), handler, request,
                response, model, redirect);
    }

    /** Gone meanwhile: back to the list, as there is no page of it to show again. */
    @ExceptionHandler(CatalogErrors.NotFound.class)
    String gone(CatalogErrors.NotFound e, HandlerMethod handler, RedirectAttributes redirect) {
        CatalogPage page = page(handler);
        redirect.addFlashAttribute("notice", refusal(handler, e));
        return "redirect:" + page.page(null);
    }

    /** Stored, but not in force on this instance yet: back to its page (the list after an add), saying so. */
    @ExceptionHandler(CatalogErrors.NotInForce.class)
    String notInForce(CatalogErrors.NotInForce e, HandlerMethod handler, HttpServletRequest request,
                      RedirectAttributes redirect) {
        CatalogPage page = page(handler);
        redirect.addFlashAttribute("notice", Notice.bad(page.notices() + ".notice.notInForce", e.getMessage()));
        return "redirect:" + page.page(subject(request));
    }

    /**
     * Each of the document's field errors at the form's field ({@code pathOf}), the others above the form, with
     * the field's name.
     */
    static void place(FieldErrors.InvalidDocument e, Errors errors, Function<String, @Nullable String> pathOf) {
        for (FieldErrors.FieldError error : e.errors()) {
            String path = pathOf.apply(error.field());
            if (path == null) {
                errors.reject("catalog", error.field().isEmpty() ? error.message()
                        : error.field() + " " + error.message());
            } else if (errors.getFieldErrorCount(path) == 0) {
                errors.rejectValue(path, "catalog", error.message());
            }
        }
    }

    /**
     * The form page again under {@code status} when a form was posted, else back to the action's page with the
     * notice.
     */
    private static String refused(HttpStatus status, @Nullable Notice notice, @Nullable BindingResult posted,
                                  HandlerMethod handler, HttpServletRequest request, HttpServletResponse response,
                                  Model model, RedirectAttributes redirect) {
        CatalogPage page = page(handler);
        if (posted == null) {
            redirect.addFlashAttribute("notice", notice);
            return "redirect:" + page.page(subject(request));
        }
        response.setStatus(status.value());
        ConsoleModelAdvice.addTo(model, request);
        model.addAttribute("notice", notice);
        model.addAllAttributes(posted.getModel());
        return page.showAgain(posted, subject(request), model);
    }

    private static Notice refusal(HandlerMethod handler, RuntimeException e) {
        return Notice.bad(page(handler).notices() + ".notice.refused", e.getMessage());
    }

    private static @Nullable BindingResult posted(HttpServletRequest request) {
        return request.getAttribute(POSTED) instanceof WebDataBinder binder ? binder.getBindingResult() : null;
    }

    /** The advice is for catalog pages only ({@code assignableTypes}). */
    private static CatalogPage page(HandlerMethod handler) {
        return (CatalogPage) handler.getBean();
    }

    /** What the page is about as its path names it ({@code /console/services/{name}}), or null (a new one). */
    @SuppressWarnings("unchecked")
    private static @Nullable String subject(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables instanceof Map<?, ?> map && map.size() == 1
                ? ((Map<String, String>) map).values().iterator().next() : null;
    }
}
