package io.smsnotifier.events;

/** How one recipient's SMS for one event ended. */
public enum DeliveryStatus {
    /** The SMS service accepted the message. */
    SENT,
    /** Permanently failed for this recipient (the vendor refused the number, for example). */
    FAILED,
    /** Not sent: the member has no phone or an invalid one. */
    SKIPPED,
    /** A login code past its {@code expiresAt}: dropped, never sent late. */
    EXPIRED,
    /** The per-phone login-code limit was reached. */
    RATE_LIMITED
}
