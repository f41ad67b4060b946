package io.smsnotifier.worker.console;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The message box above a page, the one kind every console page shows ({@code layout :: notice}): after an
 * action (a flash attribute across the redirect) or on a page shown again after a refused change. The text is a
 * bundle key with its arguments, put into words when the page is rendered, in the page's language. Immutable.
 *
 * @param kind   {@code ok} or {@code bad}, as the {@code notice} CSS class takes it
 * @param reload a link that reloads the page (after someone else's change came first), or null
 */
record Notice(String kind, String key, List<Object> arguments, @Nullable String reload) {

    Notice {
        // An argument may be null (a count not known); List.copyOf refuses nulls.
        arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
    }

    static Notice ok(String key, @Nullable Object... arguments) {
        return new Notice("ok", key, Arrays.asList(arguments), null);
    }

    static Notice bad(String key, @Nullable Object... arguments) {
        return new Notice("bad", key, Arrays.asList(arguments), null);
    }

    /** Someone else's change came first: says so, with a link that reloads {@code page}. */
    static Notice stale(String key, Object subject, String page) {
        return new Notice("bad", key, List.of(subject), page);
    }

    /** The arguments as the page's {@code #messages.msgWithParams} takes them. Public for the page. */
    public Object[] args() {
        return arguments.toArray();
    }
}
