package io.smsnotifier.worker.catalog;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * A stored service's or template's answer carries its version as the ETag an update sends back as If-Match.
 * The ETag names the stored version, not the whole answer: a service's answer also shows its live state
 * (circuit, hold), which changes without a new version. So it is written on the response itself, past Spring's
 * conditional-GET handling, and a GET with If-None-Match always gets the current state, never a 304.
 */
final class Versioned {

    private Versioned() {
    }

    /** 200 with {@code body}, and {@code ETag: "<version>"} when it is stored (configured ones have none). */
    static <T> ResponseEntity<T> ok(T body, @Nullable Long version, HttpServletResponse response) {
        if (version != null) {
            response.setHeader(HttpHeaders.ETAG, "\"" + version + "\"");
        }
        return ResponseEntity.ok(body);
    }
}
