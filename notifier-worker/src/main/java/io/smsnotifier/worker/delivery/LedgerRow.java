package io.smsnotifier.worker.delivery;

import org.jspecify.annotations.Nullable;

/**
 * One number's ledger row as the statements that write it need it: its id (taken from the ledger's sequence at the
 * claim when the row is not written yet), its unique key (event, recipient, channel), what it records about the
 * recipient, and the claim token it is written under.
 *
 * @param ledgerDay the row's partition day as PostgreSQL writes it ({@link LedgerDays}): the claim's answer for a row
 *                  that exists (it may be an old ledger's {@code -infinity}), the event's day for a new one
 * @param written true when the row is in the ledger (it was there at the claim, or a request for it was marked as
 *                leaving); false while the id is only reserved
 */
record LedgerRow(long id, String eventId, String ledgerDay, String recipientKey, String channel, String kind,
                 @Nullable String memberId, @Nullable String phoneMasked, String claimToken, boolean written) {

    /** The same row, now in the ledger. */
    LedgerRow asWritten() {
        return written ? this : new LedgerRow(id, eventId, ledgerDay, recipientKey, channel, kind, memberId, phoneMasked,
                claimToken, true);
    }
}
