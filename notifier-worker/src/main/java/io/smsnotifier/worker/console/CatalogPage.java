package io.smsnotifier.worker.console;

import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;

/**
 * A console page over the catalog (services, templates), as {@link ConsoleNotices} needs it to show a refused
 * change there: its notices' bundle keys, where its form shows each field's error, and the form again.
 */
interface CatalogPage {

    /** The prefix of the page's notice keys, {@code services} for {@code services.notice.stale}. */
    String notices();

    /** The page of {@code subject} (a service's name), or the list for null: where an action goes back to. */
    String page(@Nullable String subject);

    /**
     * Where the form shows the error of a document's {@code field}: a property path of the form, or null when it
     * has no such field (the error is shown above the form).
     */
    @Nullable String pathOf(String field);

    /**
     * The form page again, for the form as posted ({@code posted}, with its errors), with what {@code model}
     * holds already (what every page has, and the notice).
     *
     * @param subject what the page is about ({@link #page}), null for a new one
     * @return the view
     */
    String showAgain(BindingResult posted, @Nullable String subject, Model model);

    /** {@code name} as one segment of a page's path. */
    static String segment(String name) {
        return UriUtils.encodePathSegment(name, StandardCharsets.UTF_8);
    }
}
