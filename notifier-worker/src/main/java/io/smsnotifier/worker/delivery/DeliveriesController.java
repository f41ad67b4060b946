package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.recipients.Recipient;
import io.smsnotifier.worker.recipients.RecipientResolver;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Delivery search for ops: {@code GET /api/deliveries} filtered by event id, phone (the full number in, masked
 * out), member, status, kind, service and time, newest first and paged; {@code GET /api/deliveries/events/{id}}
 * lists every recipient of one event. Without an event id, phone or member the search covers the 24 hours before
 * {@code to} (or now) unless {@code from} says otherwise, and at most 7 days ({@link DeliverySearch}); the answer's
 * {@code from} and {@code to} say what it covered. Pages go {@code page × size} ≤ 10,000 rows deep; {@code before}
 * (a page's {@code next}) goes on from where a page ended, however far. Every parameter is checked before the
 * ledger is read; a bad one is a 400 with code {@code 46001} that names it.
 */
@RestController
class DeliveriesController {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 200;
    private static final int MAX_TEXT = 128;
    /** Ids, kinds and service names as producers and configuration spell them: visible ASCII. */
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]{1," + MAX_TEXT + "}");
    private static final Set<String> STATUSES = Stream.concat(Stream.of("PENDING", "UNKNOWN"),
            Arrays.stream(DeliveryStatus.values()).map(Enum::name)).collect(Collectors.toUnmodifiableSet());

    private final DeliverySearch search;
    private final RecipientResolver resolver;

    DeliveriesController(DeliverySearch search, RecipientResolver resolver) {
        this.search = search;
        this.resolver = resolver;
    }

    record EventDeliveries(String eventId, List<DeliverySearch.Row> recipients) {
    }

    record Problem(String code, String message) {
    }

    /** A parameter that fails its check. */
    static final class BadParameter extends RuntimeException {
        BadParameter(String message) {
            super(message);
        }
    }

    @GetMapping("/api/deliveries")
    DeliverySearch.Page find(@RequestParam(required = false) @Nullable String eventId,
                             @RequestParam(required = false) @Nullable String phone,
                             @RequestParam(required = false) @Nullable String memberId,
                             @RequestParam(required = false) @Nullable String status,
                             @RequestParam(required = false) @Nullable String kind,
                             @RequestParam(required = false) @Nullable String service,
                             @RequestParam(required = false) @Nullable String from,
                             @RequestParam(required = false) @Nullable String to,
                             @RequestParam(required = false) @Nullable String before,
                             @RequestParam(defaultValue = "0") int page,
                             @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new BadParameter("size: from 1 to " + MAX_PAGE_SIZE);
        }
        // Every row a page skips is read: deep pages go on from the last one's next instead.
        if (page < 0 || (long) page * size > DeliverySearch.MAX_OFFSET) {
            throw new BadParameter("page: from 0, at most " + DeliverySearch.MAX_OFFSET
                    + " rows deep (page × size); go on with before=<next of the last page>");
        }
        String upperStatus = status == null ? null : status.toUpperCase(Locale.ROOT);
        if (upperStatus != null && !STATUSES.contains(upperStatus)) {
            throw new BadParameter("status: one of " + STATUSES.stream().sorted().toList());
        }
        Instant since = instant("from", from);
        Instant until = instant("to", to);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new BadParameter("from must be before to");
        }
        DeliverySearch.Query query = new DeliverySearch.Query(text("eventId", eventId), recipientKey(phone),
                memberText(memberId), upperStatus, text("kind", kind), text("service", service), since, until);
        if (!query.windowAllowed(Instant.now())) {
            throw new BadParameter("from: without eventId, phone or memberId at most "
                    + DeliverySearch.MAX_WINDOW.toDays() + " days before to (or now)");
        }
        return search.find(query, cursor(before), page, size);
    }

    @GetMapping("/api/deliveries/events/{eventId}")
    EventDeliveries ofEvent(@PathVariable String eventId) {
        String id = text("eventId", eventId);
        return new EventDeliveries(id, search.ofEvent(id));
    }

    @ExceptionHandler(BadParameter.class)
    ResponseEntity<Problem> badParameter(BadParameter bad) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(new Problem(ErrorCode.INVALID_REQUEST.code(), bad.getMessage()));
    }

    private static DeliverySearch.@Nullable Cursor cursor(@Nullable String before) {
        if (before == null) {
            return null;
        }
        try {
            return DeliverySearch.Cursor.parse(before);
        } catch (IllegalArgumentException e) {
            throw new BadParameter("before: the next of an earlier page");
        }
    }

    private @Nullable String recipientKey(@Nullable String phone) {
        if (phone == null) {
            return null;
        }
        if (phone.length() > 32) {
            throw new BadParameter("phone: at most 32 characters");
        }
        Recipient recipient = resolver.resolvePhone(phone);
        if (!recipient.reachable()) {
            // The reason names the problem, never the number.
            throw new BadParameter("phone: " + recipient.skipReason());
        }
        return recipient.key();
    }

    private static @Nullable String text(String name, @Nullable String value) {
        if (value != null && !VISIBLE_ASCII.matcher(value).matches()) {
            throw new BadParameter(name + ": 1 to " + MAX_TEXT + " visible ASCII characters");
        }
        return value;
    }

    /** Member ids come from the directory and may be any text, but not control characters. */
    private static @Nullable String memberText(@Nullable String value) {
        if (value != null && (value.isEmpty() || value.length() > MAX_TEXT
                || value.chars().anyMatch(Character::isISOControl))) {
            throw new BadParameter("memberId: 1 to " + MAX_TEXT + " characters, no control characters");
        }
        return value;
    }

    private static @Nullable Instant instant(String name, @Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadParameter(name + ": an ISO-8601 instant such as 2026-12-01T10:00:00Z");
        }
    }
}
