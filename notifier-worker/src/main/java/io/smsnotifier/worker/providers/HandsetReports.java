package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * An application event: handset reports that a service gave from inside the worker rather than by a push to its
 * receipt address (the sandbox's {@code DELIVERED}). The {@code receipts} module applies them as it applies a push;
 * an event keeps {@code providers} free of the ledger, which depends on it.
 */
public record HandsetReports(List<Report> reports) {

    public HandsetReports {
        reports = List.copyOf(reports);
    }

    /**
     * @param messageId the service's id for the message, as its send answered it
     * @param phone     the number in E.164
     */
    public record Report(String service, String messageId, String phone, boolean delivered, @Nullable String code,
                         @Nullable String message, @Nullable Instant handsetAt) {
    }
}
