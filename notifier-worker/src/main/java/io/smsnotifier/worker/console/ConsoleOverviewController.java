package io.smsnotifier.worker.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The overview at {@code /console}, where signing in lands: health, SMS services, the last hour's outcomes and
 * the dead-letter backlog. The page asks for {@code /console/overview} (its live part alone) every 10 s and
 * swaps it in with htmx.
 */
@Controller
class ConsoleOverviewController {

    private final ConsoleOverview overview;

    ConsoleOverviewController(ConsoleOverview overview) {
        this.overview = overview;
    }

    @GetMapping("/console")
    String overview(Model model) {
        model.addAttribute("o", overview.snapshot());
        return "console/overview";
    }

    @GetMapping("/console/overview")
    String live(Model model) {
        model.addAttribute("o", overview.snapshot());
        return "console/overview :: live";
    }
}
