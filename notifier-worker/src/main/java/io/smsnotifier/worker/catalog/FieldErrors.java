package io.smsnotifier.worker.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * What is wrong with a document, one entry per field, collected before anything is stored. Not thread-safe.
 * Public for {@link InvalidDocument}, which callers outside the admin API (the console) show field by field.
 */
public final class FieldErrors {

    /**
     * One field's problem, as the problem details' {@code errors} list carries it.
     *
     * @param field the field as the JSON document names it ({@code accessKey}); empty for the document itself
     */
    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors = new ArrayList<>();

    void add(String field, String message) {
        if (errors.stream().noneMatch(error -> error.field().equals(field))) {
            errors.add(new FieldError(field, message));
        }
    }

    boolean has(String field) {
        return errors.stream().anyMatch(error -> error.field().equals(field));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** @throws InvalidDocument listing every problem, when there is one */
    void throwIfAny(String what) {
        if (!errors.isEmpty()) {
            throw new InvalidDocument(what, List.copyOf(errors));
        }
    }

    /** A document that fails its checks: answered 400 with one entry per field (RFC 9457). */
    public static final class InvalidDocument extends RuntimeException {

        private final List<FieldError> errors;

        InvalidDocument(String what, List<FieldError> errors) {
            super(what + " has " + errors.size() + " invalid field" + (errors.size() == 1 ? "" : "s"));
            this.errors = errors;
        }

        /** Every problem, at most one per field, in the order they were found. */
        public List<FieldError> errors() {
            return errors;
        }
    }
}
