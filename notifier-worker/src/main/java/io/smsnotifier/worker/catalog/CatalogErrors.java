package io.smsnotifier.worker.catalog;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * The ways a change of the catalog is refused, each answered with its own status (see {@code CatalogAdvice}).
 * Public so that the console can tell them apart.
 */
public final class CatalogErrors {

    private CatalogErrors() {
    }

    /** 404: no such service or template. */
    public static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    /** 409: the change contradicts what is there (configured, in use, the last enabled service, exists). */
    public static final class Conflict extends RuntimeException {

        private final List<String> templates;

        Conflict(String message) {
            this(message, List.of());
        }

        Conflict(String message, List<String> templates) {
            super(message);
            this.templates = List.copyOf(templates);
        }

        /** The templates that stand in the way, when templates do. */
        public List<String> templates() {
            return templates;
        }
    }

    /** 412: the write names a version that is no longer the current one. */
    public static final class Stale extends RuntimeException {

        private final long current;

        Stale(String what, long expected, long current) {
            super(what + " is at version " + current + ", not " + expected + ": read it again and reapply the change");
            this.current = current;
        }

        /** The version that is current now. */
        public long current() {
            return current;
        }
    }

    /** 428: an update that names no version (If-Match or {@code version}). */
    static final class VersionRequired extends RuntimeException {
        VersionRequired(String what) {
            super("an update of " + what + " must name the version it was read at: send If-Match: \"<version>\" "
                    + "or a \"version\" field");
        }
    }

    /** 503: stored, but it cannot be put in force on this instance; every instance tries again at its next poll. */
    public static final class NotInForce extends RuntimeException {
        NotInForce(@Nullable String reason) {
            super("the change is stored but cannot be put in force: " + reason + "; every instance tries again at "
                    + "its next poll, and the next change that fixes it is put in force at once");
        }
    }

    /** The version an If-Match header names ({@code "3"}, {@code W/"3"}, {@code 3}), or the body's. */
    static @Nullable Long expectedVersion(@Nullable String ifMatch, @Nullable Long bodyVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return bodyVersion;
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("If-Match must be the version the resource was read at, as its ETag "
                    + "gives it");
        }
    }
}
