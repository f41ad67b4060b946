package io.smsnotifier.worker.providers;

import java.util.List;

/**
 * The id a request carries to the vendor and the ledger records, so that a request whose answer was lost can be
 * looked up: the lowest ledger id of its numbers ({@link OutgoingSms#outId()}). A batched request
 * ({@code SendBatchSms}) keeps none at the vendor; its out-id says so.
 */
public record OutId(String value) {

    /** Out-ids of batched requests start with this: the vendor keeps no out-id for them. */
    static final String BATCH_PREFIX = "batch-";

    /** The out-id of a batched request carrying {@code messages}: the lowest of theirs, marked as a batch. */
    static OutId ofBatch(List<OutgoingSms> messages) {
        return new OutId(BATCH_PREFIX + messages.stream().map(OutgoingSms::outId).min(String::compareTo)
                .orElse(messages.getFirst().eventId()));
    }

    /** True for a batched request, which the vendor cannot be asked about later. */
    public boolean isBatch() {
        return value.startsWith(BATCH_PREFIX);
    }

    @Override
    public String toString() {
        return value;
    }
}
