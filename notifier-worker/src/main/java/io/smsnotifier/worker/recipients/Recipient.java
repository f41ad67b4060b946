package io.smsnotifier.worker.recipients;

import io.smsnotifier.events.PhoneMask;
import org.jspecify.annotations.Nullable;

/**
 * One resolved recipient of an event: a number to send to, or someone who cannot be reached and why.
 *
 * @param memberId   the member, or null for a raw phone number
 * @param phone      the E.164 number, or null when {@code skipReason} says why there is none
 * @param givenPhone the number as the event or the directory gave it (for outcomes, masked), or null
 * @param skipReason why this recipient gets no SMS ("no phone number", "invalid phone number"), or null
 */
public record Recipient(@Nullable String memberId, @Nullable String phone, @Nullable String givenPhone,
                        @Nullable String skipReason) {

    public static Recipient reachable(@Nullable String memberId, String phone) {
        return new Recipient(memberId, phone, phone, null);
    }

    public static Recipient unreachable(@Nullable String memberId, @Nullable String givenPhone, String reason) {
        return new Recipient(memberId, null, givenPhone, reason);
    }

    public boolean reachable() {
        return phone != null;
    }

    /** Identifies the recipient within an event: the number, else the member, else the number as given. */
    public String key() {
        if (phone != null) {
            return phone;
        }
        return memberId != null ? "member:" + memberId : "given:" + givenPhone;
    }

    @Override
    public String toString() {
        return "Recipient[memberId=" + memberId + ", phone=" + PhoneMask.mask(phone)
                + ", skipReason=" + skipReason + "]";
    }
}
