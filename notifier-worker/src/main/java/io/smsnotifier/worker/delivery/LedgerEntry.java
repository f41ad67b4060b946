package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import org.jspecify.annotations.Nullable;

/**
 * A ledger row as delivery reads it back after claiming.
 *
 * @param status the settled status, or null while the row is claimed but not settled
 */
record LedgerEntry(long id, String recipientKey, @Nullable DeliveryStatus status, int attempt) {

    boolean settled() {
        return status != null;
    }
}
