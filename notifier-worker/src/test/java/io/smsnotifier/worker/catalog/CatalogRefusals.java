package io.smsnotifier.worker.catalog;

/**
 * The catalog's refusals as its services throw them, for the tests of their callers in other packages (the
 * console's), which cannot make them: their constructors are the catalog's.
 */
public final class CatalogRefusals {

    private CatalogRefusals() {
    }

    /** @param fieldsAndMessages field, message, field, message, ... */
    public static FieldErrors.InvalidDocument invalid(String... fieldsAndMessages) {
        FieldErrors errors = new FieldErrors();
        for (int i = 0; i < fieldsAndMessages.length; i += 2) {
            errors.add(fieldsAndMessages[i], fieldsAndMessages[i + 1]);
        }
        try {
            errors.throwIfAny("the document");
        } catch (FieldErrors.InvalidDocument e) {
            return e;
        }
        throw new IllegalArgumentException("no field errors given");
    }

    public static CatalogErrors.Stale stale(String what) {
        return new CatalogErrors.Stale(what, 1, 2);
    }

    public static CatalogErrors.Conflict conflict(String message) {
        return new CatalogErrors.Conflict(message);
    }

    public static CatalogErrors.NotFound notFound(String message) {
        return new CatalogErrors.NotFound(message);
    }
}
