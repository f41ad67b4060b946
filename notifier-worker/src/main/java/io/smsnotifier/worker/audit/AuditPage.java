package io.smsnotifier.worker.audit;

import java.util.List;

/**
 * One page of audit entries, newest first.
 *
 * @param total every entry matching the filter, on all pages
 */
public record AuditPage(int page, int size, long total, List<AuditEntry> items) {
}
