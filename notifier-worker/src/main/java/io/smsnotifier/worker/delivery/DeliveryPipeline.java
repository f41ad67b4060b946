package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.events.Topics;
import io.smsnotifier.worker.ErrorCode;
import io.smsnotifier.worker.PermanentDeliveryFailure;
import io.smsnotifier.worker.TransientDeliveryFailure;
import io.smsnotifier.worker.logincode.LoginCodePolicy;
import io.smsnotifier.worker.providers.Dispatch;
import io.smsnotifier.worker.providers.OutgoingSms;
import io.smsnotifier.worker.providers.ProviderFailure;
import io.smsnotifier.worker.providers.RequestJournal;
import io.smsnotifier.worker.providers.SmsServices;
import io.smsnotifier.worker.recipients.Recipient;
import io.smsnotifier.worker.recipients.RecipientResolver;
import io.smsnotifier.worker.templates.RenderedMessage;
import io.smsnotifier.worker.templates.SmsTemplate;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one decoded event into settled, published outcomes: checks the template, resolves recipients, claims
 * ledger rows, sends to the numbers still owed through the SMS services, settles and publishes. Calling it again
 * for the same event sends only to recipients whose row is not settled yet. Thread-safe; blocks until outcomes
 * are durable.
 */
@Service
public class DeliveryPipeline {

    private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);
    private static final SmsTemplate VOICE_CODE = new SmsTemplate("voice-code", "${code}", List.of("code"), Map.of());
    private static final List<String> APPROVAL_PARAMS = List.of("processTitle", "userNick");

    private final TemplateRegistry templates;
    private final RecipientResolver resolver;
    private final SmsServices services;
    private final Deliveries deliveries;
    private final OutcomePublisher outcomes;
    private final LoginCodePolicy loginCodes;
    private final DeliveryProperties properties;
    private final Clock clock;

    DeliveryPipeline(TemplateRegistry templates, RecipientResolver resolver, SmsServices services,
                     Deliveries deliveries, OutcomePublisher outcomes, LoginCodePolicy loginCodes,
                     DeliveryProperties properties) {
        this.templates = templates;
        this.resolver = resolver;
        this.services = services;
        this.deliveries = deliveries;
        this.outcomes = outcomes;
        this.loginCodes = loginCodes;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /**
     * Delivers {@code request}.
     *
     * @return the outcomes settled by this call (recipients settled earlier are not repeated)
     * @throws PermanentDeliveryFailure when the event can never be delivered (unknown template, missing
     *                                  parameters, nobody to send to, the vendor refuses the template); outcomes
     *                                  already settled stay settled
     * @throws TransientDeliveryFailure when some numbers may be delivered later; nothing settled is sent again
     */
    public List<SmsDelivered> deliver(DeliveryRequest request) {
        RenderedMessage message = render(request);
        List<Recipient> recipients = resolver.resolve(request.recipients());
        String channel = request.channel().name().toLowerCase(Locale.ROOT);
        Map<String, LedgerEntry> ledger = deliveries.claim(request.eventId(), request.kind(), channel, recipients,
                request.attemptId(), properties.claimLease());
        try {
            return deliverClaimed(request, message, recipients, ledger);
        } finally {
            deliveries.release(request.eventId(), request.attemptId());
        }
    }

    private List<SmsDelivered> deliverClaimed(DeliveryRequest request, RenderedMessage message,
                                              List<Recipient> recipients, Map<String, LedgerEntry> ledger) {

        List<Deliveries.Settlement> settlements = new ArrayList<>();
        List<SmsDelivered> published = new ArrayList<>();
        Map<String, Recipient> owedByPhone = new HashMap<>();
        boolean expired = request.expiresAt() != null && !clock.instant().isBefore(request.expiresAt());
        List<Long> republished = new ArrayList<>();
        int elsewhere = 0;
        for (Recipient recipient : recipients) {
            LedgerEntry entry = ledger.get(recipient.key());
            if (entry == null) {
                continue;
            }
            if (entry.settled()) {
                if (entry.settledAs() != null && !entry.settledAs().outcomePublished()) {
                    if (entry.claimedHere()) {
                        published.add(outcomeOf(request, entry));
                        republished.add(entry.id());
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
            if (entry.inDoubt() && resolvedInDoubt(request, recipient, entry, settlements, published)) {
                continue;
            }
            if (!recipient.reachable()) {
                settle(request, recipient, entry, DeliveryStatus.SKIPPED, null, null, ErrorCode.INVALID_REQUEST,
                        null, recipient.skipReason(), settlements, published);
            } else if (expired) {
                settle(request, recipient, entry, DeliveryStatus.EXPIRED, null, null, null, null,
                        "expired at " + request.expiresAt(), settlements, published);
            } else {
                LoginCodePolicy.Refusal refusal = request.kind().equals(Topics.LOGIN_CODE)
                        ? loginCodes.admit(request.eventId(), recipient.phone()) : null;
                if (refusal == null) {
                    owedByPhone.put(recipient.phone(), recipient);
                } else {
                    settle(request, recipient, entry, refusal.rateLimited() ? DeliveryStatus.RATE_LIMITED
                            : DeliveryStatus.FAILED, null, null, ErrorCode.INVALID_REQUEST, null, refusal.reason(),
                            settlements, published);
                }
            }
        }

        Dispatch dispatch = null;
        if (!owedByPhone.isEmpty()) {
            Map<String, Long> ledgerIds = new HashMap<>();
            owedByPhone.forEach((phone, recipient) -> ledgerIds.put(phone, ledger.get(recipient.key()).id()));
            List<String> phones = recipients.stream().map(Recipient::phone).filter(owedByPhone::containsKey).toList();
            dispatch = services.send(new OutgoingSms(request.eventId(), request.kind(), request.channel(), message,
                    phones, ledgerIds, request.carriesCode()), request.smsService(), new RequestJournal() {
                        @Override
                        public void sending(String service, String outId, List<String> sent) {
                            deliveries.markSending(sent.stream().map(ledgerIds::get).toList(), service, outId,
                                    properties.claimLease());
                        }

                        @Override
                        public void notSent(List<String> unsent) {
                            deliveries.markNotSent(unsent.stream().map(ledgerIds::get).toList());
                        }
                    });
            dispatch.delivered().forEach((phone, answer) -> {
                Recipient recipient = owedByPhone.get(phone);
                settle(request, recipient, ledger.get(recipient.key()),
                        answer.sent() ? DeliveryStatus.SENT : DeliveryStatus.FAILED, answer.service(),
                        answer.providerMessageId(), answer.errorCode(), answer.providerErrorCode(), answer.reason(),
                        settlements, published);
            });
        }

        if (!settlements.isEmpty()) {
            deliveries.settle(settlements);
        }
        if (!published.isEmpty()) {
            outcomes.publish(published);
            List<Long> ids = new ArrayList<>(republished);
            settlements.forEach(settlement -> ids.add(settlement.ledgerId()));
            deliveries.markPublished(ids);
        }
        log.info("delivered eventId={} kind={} recipients={} settled={} sent={} owed={}", request.eventId(),
                request.kind(), recipients.size(), settlements.size(),
                published.stream().filter(outcome -> outcome.status() == DeliveryStatus.SENT).count(),
                dispatch == null ? 0 : dispatch.owed().size());
        if (dispatch != null) {
            raiseFor(dispatch);
        }
        if (elsewhere > 0) {
            // Retried later, when the other consumer has settled them: nothing is sent twice, and a copy whose
            // consumer died gets its recipients back once that claim's lease has run out.
            throw new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED, elsewhere
                    + " recipient(s) are being delivered by another copy of this event", null, null);
        }
        return published;
    }

    /**
     * A row whose last request went out without an answer: ask the vendor when it can tell, else apply
     * {@code notifier.delivery.unknown-policy}. Returns true when the row is settled here.
     */
    private boolean resolvedInDoubt(DeliveryRequest request, Recipient recipient, LedgerEntry entry,
                                    List<Deliveries.Settlement> settlements, List<SmsDelivered> published) {
        Optional<Boolean> sent = entry.service() == null || entry.outId() == null || recipient.phone() == null
                ? Optional.empty()
                : services.wasSent(entry.service(), recipient.phone(), entry.outId(),
                entry.sendingAt() == null ? clock.instant() : entry.sendingAt());
        if (sent.orElse(false)) {
            settle(request, recipient, entry, DeliveryStatus.SENT, entry.service(), null, null, null,
                    "confirmed by the vendor after the answer was lost", settlements, published);
            return true;
        }
        if (sent.isEmpty() && properties.unknownPolicy() == DeliveryProperties.UnknownPolicy.FAIL) {
            settle(request, recipient, entry, DeliveryStatus.FAILED, entry.service(), null, ErrorCode.REQUEST_FAILED,
                    null, "the vendor's answer was lost and it cannot be asked; not resent "
                            + "(notifier.delivery.unknown-policy=fail)", settlements, published);
            return true;
        }
        log.info("resending in-doubt eventId={} phone={} service={} vendorSaysSent={}", request.eventId(),
                PhoneMask.mask(recipient.phone()), entry.service(), sent.map(String::valueOf).orElse("unknown"));
        return false;
    }

    /** The outcome a settled row stands for, as it was first meant to be published. */
    private static SmsDelivered outcomeOf(DeliveryRequest request, LedgerEntry entry) {
        LedgerEntry.Settled settled = entry.settledAs();
        return new SmsDelivered(request.eventId(), request.kind(), settled.memberId(), settled.phoneMasked(),
                entry.status(), entry.service(), settled.providerMessageId(), settled.errorCode(),
                settled.providerErrorCode(), entry.attempt(), settled.at());
    }

    private static void raiseFor(Dispatch dispatch) {
        ProviderFailure eventFailure = dispatch.eventFailure();
        if (eventFailure != null) {
            throw new PermanentDeliveryFailure(eventFailure.errorCode(), eventFailure.reason(),
                    eventFailure.providerErrorCode(), eventFailure);
        }
        if (!dispatch.owed().isEmpty()) {
            ProviderFailure last = dispatch.lastFailure();
            throw new TransientDeliveryFailure(last == null ? ErrorCode.REQUEST_FAILED : last.errorCode(),
                    dispatch.owed().size() + " number(s) still owed: "
                            + (last == null ? "no service answered" : last.reason()),
                    last == null ? null : last.providerErrorCode(), last);
        }
    }

    private RenderedMessage render(DeliveryRequest request) {
        if (request.channel() == Channel.VOICE && request.templateCode() == null) {
            return new RenderedMessage(VOICE_CODE, request.params(), VOICE_CODE.render(request.params()));
        }
        RenderedMessage message = templates.render(request.templateCode(), request.params());
        if (request.kind().equals(Topics.APPROVAL_REACHED) || request.kind().equals(Topics.APPROVAL_CC)) {
            List<String> notTaken = APPROVAL_PARAMS.stream()
                    .filter(name -> !message.template().requiredParams().contains(name)).toList();
            if (!notTaken.isEmpty()) {
                throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "template '"
                        + message.template().code() + "' does not take " + notTaken
                        + ", which every approval notice carries");
            }
        }
        return message;
    }

    private void settle(DeliveryRequest request, Recipient recipient, LedgerEntry entry, DeliveryStatus status,
                        @Nullable String service, @Nullable String providerMessageId, @Nullable ErrorCode errorCode,
                        @Nullable String providerErrorCode, @Nullable String reason,
                        List<Deliveries.Settlement> settlements, List<SmsDelivered> published) {
        int attempt = entry.attempt() + 1;
        String code = errorCode == null ? null : errorCode.code();
        settlements.add(new Deliveries.Settlement(entry.id(), status, service, providerMessageId, code,
                providerErrorCode, reason, attempt));
        String phone = recipient.phone() != null ? recipient.phone() : recipient.givenPhone();
        published.add(new SmsDelivered(request.eventId(), request.kind(), recipient.memberId(), PhoneMask.mask(phone),
                status, service, providerMessageId, code, providerErrorCode, attempt, clock.instant()));
        if (status != DeliveryStatus.SENT) {
            log.info("not sent eventId={} kind={} memberId={} phone={} status={} providerErrorCode={} reason={}",
                    request.eventId(), request.kind(), recipient.memberId(), PhoneMask.mask(phone), status,
                    providerErrorCode, reason);
        }
    }
}
