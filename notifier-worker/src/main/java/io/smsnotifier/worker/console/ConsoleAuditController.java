package io.smsnotifier.worker.console;

import io.smsnotifier.worker.audit.AuditLog;
import io.smsnotifier.worker.audit.AuditPage;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.smsnotifier.worker.console.OperationsForms.given;

/**
 * The audit page: who changed what (services, templates, secrets, replays, discards, directory imports), newest
 * first, filtered by actor, action and target (each exact, as {@code GET /api/audit} filters) and paged.
 * Read-only.
 */
@Controller
class ConsoleAuditController {

    static final int PAGE_SIZE = 50;
    /** Deep offsets cost the database a read of every entry before them; narrow the filters instead. */
    static final int MAX_PAGE = AuditLog.MAX_OFFSET / PAGE_SIZE;
    /** The actions written today, offered as suggestions; the filter takes any name. */
    static final List<String> ACTIONS = List.of("deadletter.replay", "deadletter.replay-all", "deadletter.discard",
            "directory.import", "service.create", "service.update", "service.enable", "service.disable",
            "service.delete", "template.create", "template.update", "template.delete", "secrets.reseal");

    private final AuditLog audit;

    ConsoleAuditController(AuditLog audit) {
        this.audit = audit;
    }

    /** The filter as typed. */
    record AuditForm(@Nullable String actor, @Nullable String action, @Nullable String target) {

        Map<String, @Nullable String> parameters() {
            Map<String, @Nullable String> parameters = new LinkedHashMap<>();
            parameters.put("actor", actor);
            parameters.put("action", action);
            parameters.put("target", target);
            return parameters;
        }
    }

    @GetMapping("/console/audit")
    String list(@RequestParam(required = false) @Nullable String actor,
                @RequestParam(required = false) @Nullable String action,
                @RequestParam(required = false) @Nullable String target,
                @RequestParam(defaultValue = "0") String page, Model model) {
        AuditForm form = new AuditForm(given(actor), given(action), given(target));
        int pageNo = ConsoleDeliveriesController.pageNumber(page, MAX_PAGE);
        AuditPage entries = audit.list(form.actor(), form.action(), form.target(), null, null, pageNo, PAGE_SIZE);
        model.addAttribute("form", form);
        model.addAttribute("actions", ACTIONS);
        model.addAttribute("entries", entries);
        model.addAttribute("firstShown", entries.items().isEmpty() ? 0 : (long) pageNo * PAGE_SIZE + 1);
        model.addAttribute("lastShown", (long) pageNo * PAGE_SIZE + entries.items().size());
        model.addAttribute("previous", pageNo == 0 ? null
                : OperationsForms.link("/console/audit", form.parameters(), pageNo - 1));
        model.addAttribute("next", !entries.hasMore() || pageNo >= MAX_PAGE ? null
                : OperationsForms.link("/console/audit", form.parameters(), pageNo + 1));
        return "console/audit";
    }
}
