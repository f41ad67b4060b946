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
    RATE_LIMITED,
    /**
     * The vendor's handset report says the phone received it. Follows {@code SENT} for the same recipient; terminal:
     * nothing changes it again.
     */
    DELIVERED,
    /**
     * The vendor's handset report says it did not reach the phone (the carrier's code in
     * {@code providerErrorCode}). Follows {@code SENT} for the same recipient; terminal: nothing changes it again.
     */
    UNDELIVERED
}
