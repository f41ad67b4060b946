package io.smsnotifier.worker.providers;

/** What a vendor error means for what to do next. */
public enum FailureClass {
    /** Throttling, system errors, timeouts, 5xx, connection failures: try again, or another service. */
    RETRYABLE,
    /** Illegal or blacklisted number, per-number frequency limit: this number fails; the others go on. */
    PERMANENT_FOR_NUMBER,
    /** Template, signature or parameter errors: no number of this event can be sent this way. */
    PERMANENT_FOR_EVENT,
    /** Balance, quota, suspended account, bad credentials: the service is out until ops act. */
    OPS_BLOCKING
}
