package io.smsnotifier.worker.deadletter;

/**
 * Where a dead letter stands with ops. The names are what the API shows and what the audit table stores: a pending
 * dead letter has no audit row, the others have exactly one.
 */
public enum State {

    /** Waiting for ops. */
    PENDING,
    /** Republished to its original topic. */
    REPLAYED,
    /** Put aside by ops, with a reason. */
    DISCARDED
}
