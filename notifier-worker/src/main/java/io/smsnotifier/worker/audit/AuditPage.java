package io.smsnotifier.worker.audit;

import java.util.List;

/**
 * One page of audit entries, newest first.
 *
 * @param total      the entries matching the filter on all pages when {@code totalExact}; otherwise at least this
 *                   many ({@link AuditLog#COUNT_LIMIT}): the count stops there, so that a page never counts the
 *                   whole log
 * @param totalExact whether {@code total} is the exact count
 * @param hasMore    whether another page follows this one
 */
public record AuditPage(int page, int size, long total, boolean totalExact, boolean hasMore,
                        List<AuditEntry> items) {
}
