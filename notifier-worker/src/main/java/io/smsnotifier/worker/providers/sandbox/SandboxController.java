package io.smsnotifier.worker.providers.sandbox;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /api/sandbox/messages}: what the sandbox services were given, newest first. */
@RestController
class SandboxController {

    private final SandboxOutbox outbox;

    SandboxController(SandboxOutbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping("/api/sandbox/messages")
    List<SandboxMessage> messages(@RequestParam(defaultValue = "100") int limit) {
        return outbox.newestFirst(Math.clamp(limit, 1, SandboxOutbox.CAPACITY));
    }
}
