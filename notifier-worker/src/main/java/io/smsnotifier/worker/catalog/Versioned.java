package io.smsnotifier.worker.catalog;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;

/** A stored service's or template's answer carries its version as the ETag an update sends back as If-Match. */
final class Versioned {

    private Versioned() {
    }

    /** 200 with {@code body}, and {@code ETag: "<version>"} when it is stored (configured ones have none). */
    static <T> ResponseEntity<T> ok(T body, @Nullable Long version) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (version != null) {
            response.eTag(String.valueOf(version));
        }
        return response.body(body);
    }
}
