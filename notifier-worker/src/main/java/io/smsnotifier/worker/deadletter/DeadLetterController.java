package io.smsnotifier.worker.deadletter;

import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter operations API (bearer token): {@code GET /api/deadletters} (backlog per topic),
 * {@code GET /api/deadletters/{topic}} (paged, filter by {@code errorCode}, {@code from}, {@code to},
 * {@code state}), {@code GET /api/deadletters/{topic}/{partition}/{offset}} (one, value redacted),
 * {@code POST .../replay}, {@code POST /api/deadletters/{topic}/replay} (all matching a filter) and
 * {@code POST .../discard} with a reason.
 */
@RestController
class DeadLetterController {

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    record Page(String topic, int page, int size, int total, List<DeadLetter> items) {
    }

    record ReplayFilter(@Nullable String errorCode, @Nullable Instant from, @Nullable Instant to) {
    }

    record Discard(@Nullable String reason) {
    }

    @GetMapping("/api/deadletters")
    List<DeadLetters.Backlog> backlog() {
        return deadLetters.backlog();
    }

    @GetMapping("/api/deadletters/{topic}")
    Page list(@PathVariable String topic, @RequestParam(required = false) String errorCode,
              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
              @RequestParam(defaultValue = "pending") String state, @RequestParam(defaultValue = "0") int page,
              @RequestParam(defaultValue = "50") int size) {
        int pageSize = Math.clamp(size, 1, 500);
        List<DeadLetter> all = deadLetters.list(topic,
                new DeadLetterFilter(DeadLetterFilter.states(state), errorCode, from, to));
        int start = Math.min(all.size(), Math.max(0, page) * pageSize);
        return new Page(topic, Math.max(0, page), pageSize, all.size(),
                all.subList(start, Math.min(all.size(), start + pageSize)));
    }

    @GetMapping("/api/deadletters/{topic}/{partition}/{offset}")
    ResponseEntity<DeadLetter> one(@PathVariable String topic, @PathVariable int partition, @PathVariable long offset) {
        return ResponseEntity.of(deadLetters.find(topic, partition, offset));
    }

    @PostMapping("/api/deadletters/{topic}/{partition}/{offset}/replay")
    DeadLetter replay(@PathVariable String topic, @PathVariable int partition, @PathVariable long offset,
                      Principal who) {
        return deadLetters.replay(topic, partition, offset, who.getName());
    }

    @PostMapping("/api/deadletters/{topic}/replay")
    Map<String, Object> replayAll(@PathVariable String topic, @RequestBody(required = false) ReplayFilter filter,
                                  Principal who) {
        ReplayFilter matching = filter == null ? new ReplayFilter(null, null, null) : filter;
        int replayed = deadLetters.replayAll(topic, DeadLetterFilter.pending(matching.errorCode(),
                matching.from(), matching.to()), who.getName());
        return Map.of("topic", topic, "replayed", replayed);
    }

    @PostMapping("/api/deadletters/{topic}/{partition}/{offset}/discard")
    DeadLetter discard(@PathVariable String topic, @PathVariable int partition, @PathVariable long offset,
                       @RequestBody(required = false) Discard body, Principal who) {
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            throw new IllegalArgumentException("a reason is required to discard a dead letter");
        }
        return deadLetters.discard(topic, partition, offset, body.reason(), who.getName());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("status", 400, "message", e.getMessage()));
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<Map<String, Object>> conflict(IllegalStateException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("status", 409, "message", e.getMessage()));
    }
}
