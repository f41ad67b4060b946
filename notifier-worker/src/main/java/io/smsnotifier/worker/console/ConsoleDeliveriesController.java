package io.smsnotifier.worker.console;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.console.OperationsForms.Problems;
import io.smsnotifier.worker.delivery.DeliverySearch;
import io.smsnotifier.worker.recipients.Recipient;
import io.smsnotifier.worker.recipients.RecipientResolver;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static io.smsnotifier.worker.console.OperationsForms.given;

/**
 * The deliveries pages, for "did this person get the SMS?": a search of the ledger by event id, phone (typed in
 * full, shown masked: the ledger keeps the full number only as a search key), member, status, kind and time,
 * newest first, a page at a time; and one event's page with every recipient. Read-only: viewers see all of it.
 * The checks are the API's ({@code GET /api/deliveries}), shown next to the field instead of a 400; so is its
 * window: without an event id, phone or member the search covers the 24 hours before "to" (or now) unless "from"
 * is given, at most 7 days, and the page says which times it searched.
 */
@Controller
class ConsoleDeliveriesController {

    static final int PAGE_SIZE = 50;
    /** Deep offsets cost the database a read of every row before them; narrow the filters instead. */
    static final int MAX_PAGE = DeliverySearch.MAX_OFFSET / PAGE_SIZE;
    private static final int MAX_PHONE = 32;

    /** The statuses a ledger row can have: the outcomes and the two states before one. */
    static final List<String> STATUSES = Stream.concat(Stream.of("PENDING", "UNKNOWN"),
            Stream.of(DeliveryStatus.values()).map(Enum::name)).toList();
    /** The kinds an outcome carries: each request topic's, and the send API's. */
    static final List<String> KINDS = List.of(Topics.APPROVAL_REACHED, Topics.APPROVAL_CC, Topics.LOGIN_CODE,
            Topics.SMS_NOTIFY, "api.send");

    private final DeliverySearch search;
    private final RecipientResolver resolver;

    ConsoleDeliveriesController(DeliverySearch search, RecipientResolver resolver) {
        this.search = search;
        this.resolver = resolver;
    }

    /** The search form as typed, shown again above its results. */
    record SearchForm(@Nullable String eventId, @Nullable String phone, @Nullable String memberId,
                      @Nullable String status, @Nullable String kind, @Nullable String from, @Nullable String to) {

        Map<String, @Nullable String> parameters() {
            Map<String, @Nullable String> parameters = new LinkedHashMap<>();
            parameters.put("eventId", eventId);
            parameters.put("phone", phone);
            parameters.put("memberId", memberId);
            parameters.put("status", status);
            parameters.put("kind", kind);
            parameters.put("from", from);
            parameters.put("to", to);
            return parameters;
        }
    }

    @GetMapping("/console/deliveries")
    String search(@RequestParam(required = false) @Nullable String eventId,
                  @RequestParam(required = false) @Nullable String phone,
                  @RequestParam(required = false) @Nullable String memberId,
                  @RequestParam(required = false) @Nullable String status,
                  @RequestParam(required = false) @Nullable String kind,
                  @RequestParam(required = false) @Nullable String from,
                  @RequestParam(required = false) @Nullable String to,
                  @RequestParam(defaultValue = "0") String page, Model model) {
        SearchForm form = new SearchForm(given(eventId), given(phone), given(memberId), given(status), given(kind),
                given(from), given(to));
        Problems problems = new Problems();
        String upperStatus = form.status() == null ? null : form.status().toUpperCase(Locale.ROOT);
        if (upperStatus != null && !STATUSES.contains(upperStatus)) {
            problems.add("status", "deliveries.error.status", String.join(", ", STATUSES));
        }
        Instant since = OperationsForms.instant("from", form.from(), problems);
        Instant until = OperationsForms.instant("to", form.to(), problems);
        OperationsForms.window(since, until, problems);
        DeliverySearch.Query query = new DeliverySearch.Query(
                OperationsForms.visibleAscii("eventId", form.eventId(), problems), recipientKey(form.phone(), problems),
                OperationsForms.text("memberId", form.memberId(), problems), upperStatus,
                OperationsForms.visibleAscii("kind", form.kind(), problems), null, since, until);
        if (!query.windowAllowed(Instant.now())) {
            problems.add("from", "deliveries.error.window", DeliverySearch.MAX_WINDOW.toDays());
        }
        int pageNo = pageNumber(page, MAX_PAGE);
        model.addAttribute("form", form);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("kinds", KINDS);
        model.addAttribute("problems", problems.byField());
        if (!problems.any()) {
            DeliverySearch.Page found = search.find(query, pageNo, PAGE_SIZE);
            model.addAttribute("results", found);
            model.addAttribute("windowed", !query.keyed());
            model.addAttribute("until", found.to() != null ? found.to() : Instant.now());
            model.addAttribute("maxWindowDays", DeliverySearch.MAX_WINDOW.toDays());
            model.addAttribute("previous", pageNo == 0 ? null
                    : OperationsForms.link("/console/deliveries", form.parameters(), pageNo - 1));
            model.addAttribute("next", !found.hasMore() || pageNo >= MAX_PAGE ? null
                    : OperationsForms.link("/console/deliveries", form.parameters(), pageNo + 1));
        }
        return "console/deliveries";
    }

    @GetMapping("/console/deliveries/events/{eventId}")
    String event(@PathVariable String eventId, Model model) {
        Problems problems = new Problems();
        String id = OperationsForms.visibleAscii("eventId", eventId, problems);
        List<DeliverySearch.Row> rows = id == null ? List.of() : search.ofEvent(id);
        model.addAttribute("eventId", eventId);
        model.addAttribute("problems", problems.byField());
        model.addAttribute("rows", rows);
        model.addAttribute("counts", countsByStatus(rows));
        model.addAttribute("capped", rows.size() >= DeliverySearch.MAX_EVENT_ROWS);
        return "console/deliveries-event";
    }

    /** The recipient key the ledger is searched by; the problem never names the number. */
    private @Nullable String recipientKey(@Nullable String phone, Problems problems) {
        if (phone == null) {
            return null;
        }
        if (phone.length() > MAX_PHONE) {
            problems.add("phone", "deliveries.error.phone-length", MAX_PHONE);
            return null;
        }
        Recipient recipient = resolver.resolvePhone(phone);
        if (!recipient.reachable()) {
            problems.add("phone", "deliveries.error.phone", recipient.skipReason());
            return null;
        }
        return recipient.key();
    }

    /** A page number from the query string, held to 0..{@code max}; anything else is the first page. */
    static int pageNumber(String page, int max) {
        try {
            return Math.clamp(Integer.parseInt(page), 0, max);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<Map.Entry<String, Long>> countsByStatus(List<DeliverySearch.Row> rows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (DeliverySearch.Row row : rows) {
            counts.merge(row.status(), 1L, Long::sum);
        }
        return new ArrayList<>(counts.entrySet());
    }
}
