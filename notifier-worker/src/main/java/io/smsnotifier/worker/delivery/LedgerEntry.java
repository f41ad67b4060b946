package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * A ledger row as delivery reads it back after claiming, or, for a recipient without one, the id reserved for it.
 *
 * @param written     false when the recipient has no row yet: it is written when its request leaves or its outcome
 *                    is settled, whichever comes first
 * @param status      the settled status, or null while the row is not settled
 * @param inDoubt     true when a request for this number went out and no answer came (status UNKNOWN)
 * @param service     the service that request went to, when in doubt
 * @param serviceRevision the version of that stored service whose settings made the request (null: configured)
 * @param outId       that request's out-id, when in doubt
 * @param sendingAt   when that request went out, when in doubt
 * @param ledgerDay   the row's partition day ({@link LedgerRow#ledgerDay()})
 * @param claimedHere true when this attempt owns the open row; false when another consumer is working on it
 */
record LedgerEntry(long id, String recipientKey, boolean written, @Nullable DeliveryStatus status, int attempt, boolean inDoubt,
                   @Nullable String service, @Nullable Long serviceRevision, @Nullable String outId, @Nullable Instant sendingAt,
                   @Nullable Settled settledAs, String ledgerDay, boolean claimedHere) {

    /** What a settled row says, to republish its outcome when it never reached {@code sms.delivery}. */
    record Settled(@Nullable String memberId, @Nullable String phoneMasked, @Nullable String providerMessageId,
                   @Nullable String errorCode, @Nullable String providerErrorCode, Instant at,
                   boolean outcomePublished) {
    }

    boolean settled() {
        return status != null;
    }
}
