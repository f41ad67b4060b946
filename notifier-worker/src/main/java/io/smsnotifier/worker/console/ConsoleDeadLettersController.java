package io.smsnotifier.worker.console;

import io.smsnotifier.worker.audit.AuditEntry;
import io.smsnotifier.worker.audit.AuditLog;
import io.smsnotifier.worker.console.OperationsForms.Problems;
import io.smsnotifier.worker.deadletter.DeadLetter;
import io.smsnotifier.worker.deadletter.DeadLetterFilter;
import io.smsnotifier.worker.deadletter.DeadLetters;
import io.smsnotifier.worker.deadletter.State;
import io.smsnotifier.worker.topics.NotifierTopics;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.smsnotifier.worker.console.OperationsForms.given;

/**
 * The dead-letter pages: the backlog per topic; one topic's dead letters filtered by error code, time and state,
 * with the history of what ops did there; one dead letter with its reason, headers and value (codes removed,
 * numbers masked, as {@code GET /api/deadletters/{topic}/{partition}/{offset}} gives it); and the changes: replay
 * one, replay all matching after a page that says how many, discard with a reason. Every change is a POST that
 * the console's security lets through for operators only, and names the signed-in token as the actor, as the
 * API does. Each page reads the topic from Kafka afresh ({@link DeadLetters}), so nothing here is cached.
 */
@Controller
class ConsoleDeadLettersController {

    static final int PAGE_SIZE = 50;
    static final int MAX_REASON = 500;
    /** The newest audit entries of each dead-letter action read for a topic's history. */
    static final int HISTORY_SCAN = 500;
    static final int HISTORY_SHOWN = 50;
    private static final List<String> ACTIONS = List.of("deadletter.replay", "deadletter.replay-all",
            "deadletter.discard");

    private final DeadLetters deadLetters;
    private final AuditLog audit;
    private final String loginCodeDeadLetters;

    ConsoleDeadLettersController(DeadLetters deadLetters, AuditLog audit, NotifierTopics topics) {
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.loginCodeDeadLetters = topics.deadLetterOf(topics.loginCode());
    }

    @GetMapping("/console/deadletters")
    String backlog(Model model) {
        model.addAttribute("backlog", deadLetters.backlog());
        model.addAttribute("now", Instant.now());
        return "console/deadletters";
    }

    @GetMapping("/console/deadletters/{topic}")
    String topic(@PathVariable String topic, @RequestParam(required = false) @Nullable String errorCode,
                 @RequestParam(required = false) @Nullable String from,
                 @RequestParam(required = false) @Nullable String to,
                 @RequestParam(defaultValue = "pending") String state, @RequestParam(defaultValue = "0") String page,
                 Model model) {
        known(topic);
        DeadLetterFilterForm.Checked filter = DeadLetterFilterForm.read(errorCode, from, to, state);
        model.addAttribute("topic", topic);
        model.addAttribute("form", filter.form());
        model.addAttribute("states", DeadLetterFilterForm.STATES);
        model.addAttribute("problems", filter.problems().byField());
        model.addAttribute("replayable", replayable(topic));
        model.addAttribute("history", history(topic));
        if (!filter.problems().any()) {
            Set<State> states = DeadLetterFilter.states(filter.form().state());
            List<DeadLetter> all = deadLetters.list(topic,
                    new DeadLetterFilter(states, filter.errorCode(), filter.from(), filter.to()));
            int last = Math.max(0, (all.size() - 1) / PAGE_SIZE);
            int pageNo = ConsoleDeliveriesController.pageNumber(page, last);
            int start = pageNo * PAGE_SIZE;
            String path = "/console/deadletters/" + topic;
            model.addAttribute("letters", all.subList(start, Math.min(all.size(), start + PAGE_SIZE)));
            model.addAttribute("total", all.size());
            model.addAttribute("firstShown", all.isEmpty() ? 0 : start + 1);
            model.addAttribute("lastShown", Math.min(all.size(), start + PAGE_SIZE));
            model.addAttribute("previous", pageNo == 0 ? null
                    : OperationsForms.link(path, filter.form().parameters(), pageNo - 1));
            model.addAttribute("next", pageNo >= last ? null
                    : OperationsForms.link(path, filter.form().parameters(), pageNo + 1));
            Map<String, @Nullable String> replayFilter = new LinkedHashMap<>(filter.form().parameters());
            replayFilter.remove("state");
            model.addAttribute("replayAllLink", OperationsForms.link(path + "/replay-all", replayFilter, 0));
        }
        return "console/deadletters-topic";
    }

    /** The confirmation step of "replay all matching": how many pending dead letters the filter matches now. */
    @GetMapping("/console/deadletters/{topic}/replay-all")
    String confirmReplayAll(@PathVariable String topic, @RequestParam(required = false) @Nullable String errorCode,
                            @RequestParam(required = false) @Nullable String from,
                            @RequestParam(required = false) @Nullable String to, Model model) {
        known(topic);
        DeadLetterFilterForm.Checked filter = DeadLetterFilterForm.read(errorCode, from, to, "pending");
        model.addAttribute("topic", topic);
        model.addAttribute("form", filter.form());
        model.addAttribute("problems", filter.problems().byField());
        model.addAttribute("replayable", replayable(topic));
        if (!filter.problems().any()) {
            model.addAttribute("matching", deadLetters.list(topic,
                    DeadLetterFilter.pending(filter.errorCode(), filter.from(), filter.to())).size());
        }
        return "console/deadletters-replay-all";
    }

    @PostMapping("/console/deadletters/{topic}/replay-all")
    String replayAll(@PathVariable String topic, @RequestParam(required = false) @Nullable String errorCode,
                     @RequestParam(required = false) @Nullable String from,
                     @RequestParam(required = false) @Nullable String to, Principal who,
                     RedirectAttributes redirect) {
        known(topic);
        DeadLetterFilterForm.Checked filter = DeadLetterFilterForm.read(errorCode, from, to, "pending");
        String back = "redirect:" + OperationsForms.link("/console/deadletters/" + topic,
                filter.form().parameters(), 0);
        if (filter.problems().any()) {
            return notice(redirect, back, Notice.bad("deadletters.replay-all.refused"));
        }
        try {
            int replayed = deadLetters.replayAll(topic,
                    DeadLetterFilter.pending(filter.errorCode(), filter.from(), filter.to()), who.getName());
            return notice(redirect, back, Notice.ok("deadletters.replay-all.done", replayed));
        } catch (IllegalStateException e) {
            return notice(redirect, back, Notice.bad("deadletters.action.failed", e.getMessage()));
        }
    }

    @GetMapping("/console/deadletters/{topic}/{partition}/{offset}")
    String letter(@PathVariable String topic, @PathVariable int partition, @PathVariable long offset, Model model) {
        known(topic);
        if (partition < 0 || offset < 0) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        DeadLetter letter = deadLetters.find(topic, partition, offset)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("topic", topic);
        model.addAttribute("letter", letter);
        model.addAttribute("replayable", replayable(topic));
        model.addAttribute("maxReason", MAX_REASON);
        model.addAttribute("history", audit.list(null, null, target(topic, partition, offset), null, null, 0,
                HISTORY_SHOWN).items());
        return "console/deadletters-letter";
    }

    @PostMapping("/console/deadletters/{topic}/{partition}/{offset}/replay")
    String replay(@PathVariable String topic, @PathVariable int partition, @PathVariable long offset,
                  Principal who, RedirectAttributes redirect) {
        known(topic);
        String back = "redirect:/console/deadletters/" + topic + "/" + partition + "/" + offset;
        try {
            DeadLetter replayed = deadLetters.replay(topic, partition, offset, who.getName());
            return notice(redirect, back, Notice.ok("deadletters.replay.done", replayed.originalTopic()));
        } catch (IllegalStateException | IllegalArgumentException e) {
            return notice(redirect, back, Notice.bad("deadletters.action.failed", e.getMessage()));
        }
    }

    @PostMapping("/console/deadletters/{topic}/{partition}/{offset}/discard")
    String discard(@PathVariable String topic, @PathVariable int partition, @PathVariable long offset,
                   @RequestParam(required = false) @Nullable String reason, Principal who,
                   RedirectAttributes redirect) {
        known(topic);
        String back = "redirect:/console/deadletters/" + topic + "/" + partition + "/" + offset;
        String given = given(reason);
        if (given == null || given.length() > MAX_REASON) {
            return notice(redirect, back, Notice.bad("deadletters.discard.reason-required", MAX_REASON));
        }
        try {
            deadLetters.discard(topic, partition, offset, given, who.getName());
            return notice(redirect, back, Notice.ok("deadletters.discard.done"));
        } catch (IllegalStateException | IllegalArgumentException e) {
            return notice(redirect, back, Notice.bad("deadletters.action.failed", e.getMessage()));
        }
    }

    /**
     * What ops did on {@code topic}, newest first: the audit log is searched by exact target, so this reads the
     * newest entries of each dead-letter action and keeps this topic's.
     */
    private List<AuditEntry> history(String topic) {
        String whole = "deadletter:" + topic;
        List<AuditEntry> entries = new ArrayList<>();
        for (String action : ACTIONS) {
            for (AuditEntry entry : audit.list(null, action, null, null, null, 0, HISTORY_SCAN).items()) {
                if (entry.target().equals(whole) || entry.target().startsWith(whole + "/")) {
                    entries.add(entry);
                }
            }
        }
        entries.sort(Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::id).reversed());
        return entries.size() > HISTORY_SHOWN ? entries.subList(0, HISTORY_SHOWN) : entries;
    }

    /** A login code's dead letter has lost its code: replaying it would send nothing ({@link DeadLetters}). */
    private boolean replayable(String topic) {
        return !topic.equals(loginCodeDeadLetters);
    }

    private void known(String topic) {
        if (!deadLetters.topics().contains(topic)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    private static String target(String topic, int partition, long offset) {
        return "deadletter:" + topic + "/" + partition + "/" + offset;
    }

    /** Redirects to {@code back} with {@code notice} for the next page. */
    private static String notice(RedirectAttributes redirect, String back, Notice notice) {
        redirect.addFlashAttribute("notice", notice);
        return back;
    }
}
