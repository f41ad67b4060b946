package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.providers.Dispatch;
import io.smsnotifier.worker.providers.OutgoingSms;
import io.smsnotifier.worker.providers.ProviderFailure;
import io.smsnotifier.worker.recipients.Recipient;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.templates.RenderedMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One request on its way through a round: its rendered message and recipients, its ledger rows once claimed, the
 * numbers still owed, and the outcomes settled so far. Confined to the round's thread, except that the vendor
 * answers of its one request are settled on the thread that sent it, while the round waits.
 */
final class Job {

    private static final Logger log = LoggerFactory.getLogger(Job.class);

    final int index;
    final DeliveryRequest request;
    final RenderedMessage message;
    final List<Recipient> recipients;
    final Deliveries.Claim claim;
    /** Every recipient's ledger row by recipient key, once claimed. */
    Map<String, LedgerEntry> ledger = Map.of();
    /** The numbers to send to, in recipient order. */
    final Map<String, Recipient> owedByPhone = new LinkedHashMap<>();
    final List<Recipient> toAdmit = new ArrayList<>();
    /** Every outcome settled by this attempt, with its ledger settlement, in the order they were reached. */
    final List<Settled> settled = new ArrayList<>();
    /** Ledger ids whose settlement is already written. */
    final Set<Long> written = new HashSet<>();
    /** Ledger ids of rows written as their request left: this attempt holds them until they are settled. */
    final Set<Long> marked = ConcurrentHashMap.newKeySet();
    /** The outcomes this attempt publishes: its settlements' and the republished ones. */
    final List<SmsDelivered> published = new ArrayList<>();
    /** Settled rows whose outcome never reached {@code sms.delivery}, published again by this attempt. */
    final List<LedgerEntry> republished = new ArrayList<>();
    final List<SmsDelivered> republishedOutcomes = new ArrayList<>();
    int elsewhere;
    int unresolved;
    @Nullable Dispatch dispatch;
    @Nullable RuntimeException failure;

    Job(int index, DeliveryRequest request, RenderedMessage message, List<Recipient> recipients) {
        this.index = index;
        this.request = request;
        this.message = message;
        this.recipients = recipients;
        this.claim = new Deliveries.Claim(request.eventId(), LedgerDays.of(request.occurredAt()), request.kind(),
                request.channel().name().toLowerCase(Locale.ROOT), recipients, request.attemptId());
    }

    /** Takes the triage's plan: what is settled without sending, what is owed, what waits for admission. */
    void take(Triage.Plan plan, Instant now) {
        for (Triage.Decided decided : plan.decided()) {
            switch (decided) {
                case Triage.Republish(LedgerEntry entry) -> {
                    SmsDelivered outcome = outcomeOf(entry);
                    republished.add(entry);
                    republishedOutcomes.add(outcome);
                    published.add(outcome);
                }
                case Triage.Verdict verdict -> settle(verdict.recipient(), verdict.entry(), verdict.status(),
                        verdict.service(), null, verdict.errorCode(), null, verdict.reason(), now);
            }
        }
        plan.owed().forEach(recipient -> owedByPhone.put(recipient.phone(), recipient));
        toAdmit.addAll(plan.toAdmit());
        elsewhere = plan.elsewhere();
        unresolved = plan.unresolved();
    }

    /** An outcome reached by this attempt: the ledger settlement and the outcome event. */
    record Settled(DeliveryRequest request, Deliveries.Settlement settlement, SmsDelivered outcome) {
    }

    /** Records a final outcome for one recipient: the ledger settlement and the outcome event. */
    Settled settle(Recipient recipient, LedgerEntry entry, DeliveryStatus status, @Nullable String service,
                   @Nullable String providerMessageId, @Nullable ErrorCode errorCode,
                   @Nullable String providerErrorCode, @Nullable String reason, Instant now) {
        int attempt = entry.attempt() + 1;
        String code = errorCode == null ? null : errorCode.code();
        String phone = recipient.phone() != null ? recipient.phone() : recipient.givenPhone();
        Settled outcome = new Settled(request, new Deliveries.Settlement(row(recipient, entry), status, service,
                providerMessageId, code, providerErrorCode, reason, attempt, false),
                new SmsDelivered(request.eventId(), request.kind(), recipient.memberId(), PhoneMask.mask(phone),
                        status, service, providerMessageId, code, providerErrorCode, attempt, now));
        settled.add(outcome);
        published.add(outcome.outcome());
        if (status != DeliveryStatus.SENT) {
            log.info("not sent eventId={} kind={} memberId={} phone={} status={} providerErrorCode={} reason={}",
                    LogSafe.key(request.eventId()), request.kind(), LogSafe.key(recipient.memberId()),
                    PhoneMask.mask(phone), status, LogSafe.key(providerErrorCode), LogSafe.text(reason));
        }
        return outcome;
    }

    /** The recipient's ledger row, as the statements that write it need it. */
    LedgerRow row(Recipient recipient, LedgerEntry entry) {
        String phone = recipient.phone() != null ? recipient.phone() : recipient.givenPhone();
        return new LedgerRow(entry.id(), request.eventId(), entry.ledgerDay(), recipient.key(), claim.channel(),
                request.kind(), recipient.memberId(), PhoneMask.mask(phone), claim.claimToken(),
                entry.written() || marked.contains(entry.id()));
    }

    /** A row of this job's claim as the statements that find it by its key need it: to let it go, or mark it. */
    LedgerRow heldRow(LedgerEntry entry) {
        return new LedgerRow(entry.id(), request.eventId(), entry.ledgerDay(), entry.recipientKey(), claim.channel(),
                request.kind(), null, null, claim.claimToken(), true);
    }

    /** Settles the numbers the vendor gave a final answer for; returns what was settled. */
    List<Settled> settleAnswers(Dispatch answers, Instant now) {
        List<Settled> answered = new ArrayList<>(answers.delivered().size());
        answers.delivered().forEach((phone, answer) -> {
            Recipient recipient = owedByPhone.get(phone);
            answered.add(settle(recipient, ledger.get(recipient.key()),
                    answer.sent() ? DeliveryStatus.SENT : DeliveryStatus.FAILED, answer.service(),
                    answer.providerMessageId(), answer.errorCode(), answer.providerErrorCode(), answer.reason(), now));
        });
        return answered;
    }

    /** The message for the owed numbers; adds their ledger rows to {@code rows}, by number. */
    OutgoingSms outgoing(Map<String, LedgerRow> rows) {
        Map<String, Long> ids = new LinkedHashMap<>();
        owedByPhone.forEach((phone, recipient) -> {
            LedgerRow row = row(recipient, ledger.get(recipient.key()));
            ids.put(phone, row.id());
            rows.put(phone, row);
        });
        List<String> phones = recipients.stream().map(Recipient::phone).filter(owedByPhone::containsKey).toList();
        return new OutgoingSms(request.eventId(), request.kind(), request.channel(), message, phones, ids);
    }

    /** The outcome a settled row stands for, as it was first meant to be published. */
    private SmsDelivered outcomeOf(LedgerEntry entry) {
        LedgerEntry.Settled settled = entry.settledAs();
        return new SmsDelivered(request.eventId(), request.kind(), settled.memberId(), settled.phoneMasked(),
                entry.status(), entry.service(), settled.providerMessageId(), settled.errorCode(),
                settled.providerErrorCode(), entry.attempt(), settled.at());
    }

    /** Why the event is not fully delivered, or null when it is. */
    @Nullable RuntimeException failure() {
        if (log.isDebugEnabled()) {
            log.debug("delivered eventId={} kind={} recipients={} settled={} sent={} owed={}",
                    LogSafe.key(request.eventId()), request.kind(), recipients.size(), settled.size(),
                    published.stream().filter(outcome -> outcome.status() == DeliveryStatus.SENT).count(),
                    dispatch == null ? 0 : dispatch.owed().size() + dispatch.inDoubt().size());
        }
        if (failure != null) {
            return failure;
        }
        if (dispatch != null) {
            ProviderFailure eventFailure = dispatch.eventFailure();
            if (eventFailure != null) {
                return new PermanentDeliveryFailure(eventFailure.errorCode(), eventFailure.reason(),
                        eventFailure.providerErrorCode(), eventFailure);
            }
            if (!dispatch.owed().isEmpty() || !dispatch.inDoubt().isEmpty()) {
                ProviderFailure last = dispatch.lastFailure();
                // Numbers in doubt are UNKNOWN in the ledger: the retry asks the vendor (or applies unknown-policy)
                // before anything is sent to them again.
                String what = dispatch.owed().isEmpty() ? dispatch.inDoubt().size()
                        + " number(s) in doubt (the answer was lost: may have been sent, not sent elsewhere): "
                        : dispatch.owed().size() + " number(s) still owed"
                        + (dispatch.inDoubt().isEmpty() ? "" : " and " + dispatch.inDoubt().size() + " in doubt")
                        + ": ";
                return new TransientDeliveryFailure(last == null ? ErrorCode.REQUEST_FAILED : last.errorCode(),
                        what + (last == null ? "no service answered" : last.reason()),
                        last == null ? null : last.providerErrorCode(), last);
            }
        }
        if (unresolved > 0) {
            return new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED, unresolved
                    + " in-doubt number(s) could not be checked with the vendor in time", null, null);
        }
        if (elsewhere > 0) {
            // Retried later, when the other consumer has settled them: nothing is sent twice, and a copy whose
            // consumer died gets its recipients back once that claim's lease has run out.
            return new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED, elsewhere
                    + " recipient(s) are being delivered by another copy of this event", null, null);
        }
        return null;
    }
}
