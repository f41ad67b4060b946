package io.smsnotifier.worker.audit;

import io.smsnotifier.worker.failures.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * {@code GET /api/audit}: the audit log newest first, filtered by {@code actor}, {@code action} and
 * {@code target} (each exact), {@code from} (inclusive) and {@code to} (exclusive, ISO-8601 instants), paged by
 * {@code page} and {@code size} (1 to 500), at most 10,000 entries deep ({@code page × size}; older entries are
 * reached with {@code to}, a 400 with code {@code 46001} says so). {@code total} counts the matches up to 10,000:
 * {@code totalExact} is false when there are more, and {@code hasMore} tells whether another page follows. Readable
 * by viewers.
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
        // Every entry a page skips is read: deeper than this, the window moves instead.
        if ((long) Math.max(0, page) * Math.clamp(size, 1, AuditLog.MAX_PAGE_SIZE) > AuditLog.MAX_OFFSET) {
            throw new TooDeep();
        }
        return audit.list(actor, action, target, from, to, page, size);
    }

    record Problem(String code, String message) {
    }

    /** A page further than {@link AuditLog#MAX_OFFSET} entries. */
    static final class TooDeep extends RuntimeException {
        TooDeep() {
            super("page: at most " + AuditLog.MAX_OFFSET + " entries deep (page × size); for older ones set to"
                    + " (exclusive) to the at of the last entry shown");
        }
    }

    @ExceptionHandler(TooDeep.class)
    ResponseEntity<Problem> tooDeep(TooDeep tooDeep) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(new Problem(ErrorCode.INVALID_REQUEST.code(), tooDeep.getMessage()));
    }
}
