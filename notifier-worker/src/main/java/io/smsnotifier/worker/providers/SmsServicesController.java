package io.smsnotifier.worker.providers;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /api/sms/services}: every enabled service as ops see it, never a secret. */
@RestController
class SmsServicesController {

    private final SmsServices services;

    SmsServicesController(SmsServices services) {
        this.services = services;
    }

    @GetMapping("/api/sms/services")
    List<ServiceStatus> services() {
        return services.statuses();
    }
}
