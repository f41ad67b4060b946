package io.smsnotifier.worker.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The overview at {@code /console}: where signing in lands. */
@Controller
class ConsoleOverviewController {

    @GetMapping("/console")
    String overview() {
        return "console/overview";
    }
}
