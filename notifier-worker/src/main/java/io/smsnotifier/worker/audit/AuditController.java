package io.smsnotifier.worker.audit;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * {@code GET /api/audit}: the audit log newest first, filtered by {@code actor}, {@code action} and
 * {@code target} (each exact), {@code from} (inclusive) and {@code to} (exclusive, ISO-8601 instants), paged by
 * {@code page} and {@code size} (1 to 500). {@code total} counts the matches up to 10,000: {@code totalExact} is
 * false when there are more, and {@code hasMore} tells whether another page follows. Readable by viewers.
 */
@RestController
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/api/audit")
    AuditPage list(@RequestParam(required = false) @Nullable String actor,
                   @RequestParam(required = false) @Nullable String action,
                   @RequestParam(required = false) @Nullable String target,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                   @Nullable Instant from,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                   @Nullable Instant to,
                   @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return audit.list(actor, action, target, from, to, page, size);
    }
}
