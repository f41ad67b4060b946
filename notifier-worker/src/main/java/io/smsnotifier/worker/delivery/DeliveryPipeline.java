package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.ErrorCode;
import io.smsnotifier.worker.providers.OutgoingSms;
import io.smsnotifier.worker.providers.SendResult;
import io.smsnotifier.worker.providers.SmsProvider;
import io.smsnotifier.worker.providers.SmsRouter;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one decoded event into settled, published outcomes: checks the template, resolves recipients, claims
 * ledger rows, sends to the numbers still owed, settles and publishes. Calling it again for the same event
 * sends only to recipients whose row is not settled yet. Thread-safe; blocks until outcomes are durable.
 */
@Service
public class DeliveryPipeline {

    private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);
    private static final SmsTemplate VOICE_CODE = new SmsTemplate("voice-code", "${code}", List.of("code"), Map.of());

    private final TemplateRegistry templates;
    private final RecipientResolver resolver;
    private final SmsRouter router;
    private final Deliveries deliveries;
    private final OutcomePublisher outcomes;
    private final Clock clock;

    DeliveryPipeline(TemplateRegistry templates, RecipientResolver resolver, SmsRouter router, Deliveries deliveries,
                     OutcomePublisher outcomes) {
        this.templates = templates;
        this.resolver = resolver;
        this.router = router;
        this.deliveries = deliveries;
        this.outcomes = outcomes;
        this.clock = Clock.systemUTC();
    }

    /**
     * Delivers {@code request}.
     *
     * @throws io.smsnotifier.worker.PermanentDeliveryFailure when the event can never be delivered (unknown
     *                                                        template, missing parameters, nobody to send to)
     * @throws io.smsnotifier.worker.TransientDeliveryFailure when it may be delivered later; nothing settled is
     *                                                        sent again then
     */
    public void deliver(DeliveryRequest request) {
        RenderedMessage message = render(request);
        SmsProvider provider = router.select(request.smsService());
        List<Recipient> recipients = resolver.resolve(request.recipients());
        String channel = request.channel().name().toLowerCase(Locale.ROOT);
        Map<String, LedgerEntry> ledger = deliveries.claim(request.eventId(), request.kind(), channel, recipients);

        List<Deliveries.Settlement> settlements = new ArrayList<>();
        List<SmsDelivered> published = new ArrayList<>();
        List<Recipient> owed = new ArrayList<>();
        boolean expired = request.expiresAt() != null && !clock.instant().isBefore(request.expiresAt());
        for (Recipient recipient : recipients) {
            LedgerEntry entry = ledger.get(recipient.key());
            if (entry == null || entry.settled()) {
                continue;
            }
            if (!recipient.reachable()) {
                settle(request, recipient, entry, DeliveryStatus.SKIPPED, null, null, ErrorCode.INVALID_REQUEST,
                        null, recipient.skipReason(), settlements, published);
            } else if (expired) {
                settle(request, recipient, entry, DeliveryStatus.EXPIRED, null, null, null, null,
                        "expired at " + request.expiresAt(), settlements, published);
            } else {
                owed.add(recipient);
            }
        }

        if (!owed.isEmpty()) {
            List<String> phones = owed.stream().map(Recipient::phone).toList();
            SendResult result = provider.send(new OutgoingSms(request.eventId(), request.kind(), request.channel(),
                    message, phones, request.carriesCode()));
            for (Recipient recipient : owed) {
                LedgerEntry entry = ledger.get(recipient.key());
                SendResult.PhoneResult answer = result.byPhone().get(recipient.phone());
                if (answer != null && answer.accepted()) {
                    settle(request, recipient, entry, DeliveryStatus.SENT, provider.serviceName(),
                            answer.providerMessageId(), null, null, null, settlements, published);
                } else {
                    settle(request, recipient, entry, DeliveryStatus.FAILED, provider.serviceName(), null,
                            ErrorCode.VENDOR_ERROR, answer == null ? null : answer.providerErrorCode(),
                            answer == null ? "the service gave no answer for this number" : answer.reason(),
                            settlements, published);
                }
            }
        }

        if (!settlements.isEmpty()) {
            deliveries.settle(settlements);
            outcomes.publish(published);
        }
        log.info("delivered eventId={} kind={} service={} recipients={} sent={} settledBefore={}",
                request.eventId(), request.kind(), provider.serviceName(), recipients.size(),
                published.stream().filter(outcome -> outcome.status() == DeliveryStatus.SENT).count(),
                recipients.size() - settlements.size());
    }

    private RenderedMessage render(DeliveryRequest request) {
        if (request.channel() == Channel.VOICE && request.templateCode() == null) {
            return new RenderedMessage(VOICE_CODE, request.params(), VOICE_CODE.render(request.params()));
        }
        return templates.render(request.templateCode(), request.params());
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
            log.info("not sent eventId={} kind={} memberId={} phone={} status={} reason={}", request.eventId(),
                    request.kind(), recipient.memberId(), PhoneMask.mask(phone), status, reason);
        }
    }
}
