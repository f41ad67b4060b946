package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * Told about each vendor request as it goes out and when it certainly did not arrive, so that the ledger can
 * tell "not sent" from "maybe sent" after a crash or a lost answer.
 */
public interface RequestJournal {

    RequestJournal NONE = new RequestJournal() {
        @Override
        public boolean sending(String service, @Nullable Long revision, String outId, List<String> phones) {
            return true;
        }

        @Override
        public void notSent(List<String> phones) {
        }
    };

    /**
     * The request to {@code service} carrying {@code phones} is about to leave.
     *
     * @param revision the stored service's version whose settings make the request (null for a configured one):
     *                 a lost answer is asked about with those settings, whatever the service became since
     * @return false when the request must not leave: another copy of the event holds some of its numbers (the
     *         journal has taken back what it recorded; the numbers are owed, to be tried again later)
     */
    boolean sending(String service, @Nullable Long revision, String outId, List<String> phones);

    /** That request certainly did not reach the vendor (refused connection, 5xx, a vendor error code). */
    void notSent(List<String> phones);
}
