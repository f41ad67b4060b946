package io.smsnotifier.worker.delivery;

import io.smsnotifier.worker.providers.RequestJournal;
import org.jspecify.annotations.Nullable;

import java.util.List;

/** The journal of one test request, remembering whether the request may have left. */
final class LeftOrNot implements RequestJournal {
    private final RequestJournal journal;
    private volatile boolean mayHaveLeft;
    /** The row is in the ledger: the request's mark wrote it. */
    private volatile boolean written;

    LeftOrNot(RequestJournal journal) {
        this.journal = journal;
    }

    @Override
    public boolean sending(String service, @Nullable Long revision, String outId, List<String> phones) {
        boolean cleared = journal.sending(service, revision, outId, phones);
        mayHaveLeft |= cleared;
        if (cleared) {
            written = true;
        }
        return cleared;
    }

    /** Whether the request may have reached the vendor. */
    boolean mayHaveLeft() {
        return mayHaveLeft;
    }

    /** {@code row} as it stands after the request: written when its mark wrote it. */
    LedgerRow row(LedgerRow row) {
        return written ? row.asWritten() : row;
    }

    @Override
    public void notSent(List<String> phones) {
        journal.notSent(phones);
        mayHaveLeft = false;
    }
}
