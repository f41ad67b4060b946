package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.recipients.Recipient;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.templates.RenderedMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sorts one request's recipients by what their ledger rows say: settled ones (whose outcome is published again
 * when it never reached {@code sms.delivery}), ones another copy of the event is working on, ones settled without
 * sending (unreachable, expired, confirmed or failed in doubt), login codes still to be admitted, and the numbers
 * owed. A pure function of its inputs.
 */
final class Triage {

    private static final Logger log = LoggerFactory.getLogger(Triage.class);

    private Triage() {
    }

    /** Something settled without a request: in recipient order, as the outcomes are published. */
    sealed interface Decided permits Republish, Verdict {
    }

    /** A settled row whose outcome never reached {@code sms.delivery}: this attempt publishes it. */
    record Republish(LedgerEntry entry) implements Decided {
    }

    /** A final outcome reached without sending. */
    record Verdict(Recipient recipient, LedgerEntry entry, DeliveryStatus status, @Nullable String service,
                   @Nullable ErrorCode errorCode, @Nullable String reason) implements Decided {
    }

    /**
     * @param elsewhere  recipients another copy of the event holds (or settled and is publishing)
     * @param unresolved in-doubt rows the vendor could not be asked about in time: left for the event's retry
     */
    record Plan(List<Decided> decided, List<Recipient> toAdmit, List<Recipient> owed, int elsewhere,
                int unresolved) {
    }

    /**
     * @param ledger     the request's rows by recipient key; a recipient without one is left out
     * @param vendorSays the vendor's answer about in-doubt rows by ledger id (empty: it cannot tell); a row
     *                   absent here was not asked in time
     */
    static Plan plan(DeliveryRequest request, RenderedMessage message, List<Recipient> recipients,
                     Map<String, LedgerEntry> ledger, Map<Long, Optional<Boolean>> vendorSays,
                     DeliveryProperties.UnknownPolicy unknownPolicy, Instant now) {
        boolean expired = request.expiresAt() != null && !now.isBefore(request.expiresAt());
        boolean admitted = request.lane() == Lane.LOGIN_CODE || message.template().loginCode();
        List<Decided> decided = new ArrayList<>();
        List<Recipient> toAdmit = new ArrayList<>();
        List<Recipient> owed = new ArrayList<>();
        int elsewhere = 0;
        int unresolved = 0;
        for (Recipient recipient : recipients) {
            LedgerEntry entry = ledger.get(recipient.key());
            if (entry == null) {
                continue;
            }
            if (entry.settled()) {
                if (entry.settledAs() != null && !entry.settledAs().outcomePublished()) {
                    if (entry.claimedHere()) {
                        decided.add(new Republish(entry));
                    } else {
                        // Settled by another copy that is publishing it now.
                        elsewhere++;
                    }
                }
                continue;
            }
            if (!entry.claimedHere()) {
                // Another copy of this event is delivering to this recipient right now: it will settle it.
                elsewhere++;
                continue;
            }
            if (entry.inDoubt()) {
                Optional<Boolean> sent = vendorSays.get(entry.id());
                if (sent == null) {
                    // Not asked within the round's budget: left in doubt for the event's retry, never resent on a
                    // guess.
                    unresolved++;
                    continue;
                }
                if (sent.orElse(false)) {
                    decided.add(new Verdict(recipient, entry, DeliveryStatus.SENT, entry.service(), null,
                            "confirmed by the vendor after the answer was lost"));
                    continue;
                }
                if (sent.isEmpty() && unknownPolicy == DeliveryProperties.UnknownPolicy.FAIL) {
                    decided.add(new Verdict(recipient, entry, DeliveryStatus.FAILED, entry.service(),
                            ErrorCode.REQUEST_FAILED, "the vendor's answer was lost and it cannot be asked; not "
                            + "resent (notifier.delivery.unknown-policy=fail)"));
                    continue;
                }
                log.info("resending in-doubt eventId={} phone={} service={} vendorSaysSent={}",
                        LogSafe.key(request.eventId()), PhoneMask.mask(recipient.phone()), entry.service(),
                        sent.map(String::valueOf).orElse("unknown"));
            }
            if (!recipient.reachable()) {
                decided.add(new Verdict(recipient, entry, DeliveryStatus.SKIPPED, null, ErrorCode.INVALID_REQUEST,
                        recipient.skipReason()));
            } else if (expired) {
                decided.add(new Verdict(recipient, entry, DeliveryStatus.EXPIRED, null, null,
                        "expired at " + request.expiresAt()));
            } else if (admitted) {
                // A code template sent through the API obeys the same limits as a login.code event.
                toAdmit.add(recipient);
            } else {
                owed.add(recipient);
            }
        }
        return new Plan(List.copyOf(decided), List.copyOf(toAdmit), List.copyOf(owed), elsewhere, unresolved);
    }
}
