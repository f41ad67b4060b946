package io.smsnotifier.worker.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The overview at {@code /console}, where signing in lands: health, SMS services, the last hour's outcomes, what
 * the handsets made of them ({@link ConsoleHandsets}) and the dead-letter backlog. The page asks for
 * {@code /console/overview} (its live part alone) every 10 s and swaps it in with htmx.
 */
@Controller
class ConsoleOverviewController {

    private final ConsoleOverview overview;
    private final ConsoleHandsets handsets;

    ConsoleOverviewController(ConsoleOverview overview, ConsoleHandsets handsets) {
        this.overview = overview;
        this.handsets = handsets;
    }

    @GetMapping("/console")
    String overview(Model model) {
        model.addAttribute("o", overview.snapshot());
        model.addAttribute("handsets", handsets.lastHour());
        return "console/overview";
    }

    @GetMapping("/console/overview")
    String live(Model model) {
        model.addAttribute("o", overview.snapshot());
        model.addAttribute("handsets", handsets.lastHour());
        return "console/overview :: live";
    }
}
