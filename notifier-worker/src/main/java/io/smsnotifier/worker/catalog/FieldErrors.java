package io.smsnotifier.worker.catalog;

import java.util.ArrayList;
import java.util.List;

/** What is wrong with a document, one entry per field, collected before anything is stored. Not thread-safe. */
final class FieldErrors {

    /** One field's problem, as the problem details' {@code errors} list carries it. */
    record FieldError(String field, String message) {
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
    static final class InvalidDocument extends RuntimeException {

        private final List<FieldError> errors;

        InvalidDocument(String what, List<FieldError> errors) {
            super(what + " has " + errors.size() + " invalid field" + (errors.size() == 1 ? "" : "s"));
            this.errors = errors;
        }

        List<FieldError> errors() {
            return errors;
        }
    }
}
