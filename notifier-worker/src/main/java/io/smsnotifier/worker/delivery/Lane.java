package io.smsnotifier.worker.delivery;

/**
 * Which of the worker's two paths a request takes. Login codes have their own consumers, sender threads, bound
 * on requests in flight and ledger writers, go ahead of bulk traffic, are counted against the per-number limits
 * and may be batched into one vendor request; bulk traffic yields to them.
 */
public enum Lane {
    /** {@code login.code} events. */
    LOGIN_CODE,
    /** Approval notices, notifications and the synchronous API. */
    BULK
}
