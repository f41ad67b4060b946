package io.smsnotifier.worker.catalog;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * A stored service's or template's answer carries its version as the ETag an update sends back as If-Match.
 * The ETag names the stored version, not the whole answer: a service's answer also shows its live state
 * (circuit, hold), which changes without a new version. So the body is returned as it is, not as a
 * {@code ResponseEntity} (whose ETag Spring would compare with If-None-Match), and a GET always gets the current
 * state, never a 304.
 */
final class Versioned {

    private Versioned() {
    }

    /** {@code body}, with {@code ETag: "<version>"} when it is stored (configured ones have none). */
    static <T> T tagged(T body, @Nullable Long version, HttpServletResponse response) {
        if (version != null) {
            response.setHeader(HttpHeaders.ETAG, "\"" + version + "\"");
        }
        return body;
    }
}
