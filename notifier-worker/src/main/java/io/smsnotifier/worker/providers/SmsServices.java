package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.support.LogSafe;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The face of the SMS services in force that delivery uses: sending, and asking whether a lost request arrived.
 * For
 * each message it orders the eligible services ({@code failover} by priority, {@code random}, {@code weighted};
 * a named service first), splits the numbers into requests no larger than each service takes, holds each service
 * to its {@code max-qps} (shared evenly by the live worker instances), and moves what a service could not send to
 * the next one on a retryable error or an open circuit. An ops-blocking error (no balance, suspended account, bad
 * credentials) takes the service out of rotation for {@code notifier.sms.ops-block-hold}, turns its health DOWN,
 * counts it and logs one alert line. Thread-safe: each call reads the set of services once and works with it to
 * the end. The catalog's face is {@link ServicesInForce}, the one of views and health {@link ServiceStatuses}.
 */
@Service
public class SmsServices {

    private final ServiceSets sets;
    private final TemplateReviews reviews;

    SmsServices(ServiceSets sets, TemplateReviews reviews) {
        this.sets = sets;
        this.reviews = reviews;
    }

    /**
     * Sends one test message through a draft service that is in no set (no failover, no effect on the services
     * in rotation), as "Send Test SMS" does before "Save".
     *
     * @throws IllegalStateException when the draft's settings are wrong ({@link #check} says which)
     */
    public Dispatch sendViaDraft(String name, ServiceDefinition draft, OutgoingSms sms, RequestJournal journal) {
        try (ServiceSlot slot = sets.factory.draft(name, draft, sets.properties.opsBlockHold())) {
            return asEventFailure(slot.send(sms, journal));
        }
    }

    /**
     * Sends {@code sms} to every number it carries, through the service the event names or by routing.
     *
     * @throws PermanentDeliveryFailure {@code 46001} when the named service is not an enabled one
     */
    public Dispatch send(OutgoingSms sms, @Nullable String requestedService, RequestJournal journal) {
        ServiceSet set = sets.acquire();
        try {
            return send(set, sms, requestedService, journal, reviews);
        } finally {
            set.release();
        }
    }

    private static Dispatch send(ServiceSet set, OutgoingSms sms, @Nullable String requestedService,
                                 RequestJournal journal, TemplateReviews reviews) {
        List<ServiceSlot> candidates = Routing.candidates(set, requestedService, sms.message().template(),
                sms.channel(), ThreadLocalRandom.current(), reviews);
        Map<String, Dispatch.Delivered> delivered = new LinkedHashMap<>();
        List<String> remaining = sms.phones();
        List<String> inDoubt = new ArrayList<>();
        ProviderFailure lastFailure = null;
        List<String> skipped = new ArrayList<>();
        for (ServiceSlot slot : candidates) {
            if (remaining.isEmpty()) {
                break;
            }
            if (!slot.inRotation()) {
                skipped.add(slot.name);
                continue;
            }
            Dispatch part = slot.send(sms.withPhones(remaining), journal);
            delivered.putAll(part.delivered());
            // What a service may have sent stays with it: the ledger resolves it before anyone sends it again.
            inDoubt.addAll(part.inDoubt());
            if (part.lastFailure() != null) {
                lastFailure = part.lastFailure();
            }
            if (part.eventFailure() != null) {
                return new Dispatch(delivered, part.owed(), inDoubt, lastFailure, part.eventFailure());
            }
            remaining = part.owed();
        }
        if (!remaining.isEmpty() && lastFailure == null) {
            lastFailure = ProviderFailure.requestFailed(null, "no SMS service in rotation for this message"
                    + (skipped.isEmpty() ? "" : " (circuit open or held: " + skipped + ")"), null);
        }
        return new Dispatch(delivered, remaining, inDoubt,
                remaining.isEmpty() && inDoubt.isEmpty() ? null : lastFailure, null);
    }

    /**
     * Sends one-number messages that share a template and a requested service as batched requests (Alibaba Cloud
     * {@code SendBatchSms}, each number with its own parameters) through the service routing puts first, when
     * that service takes such requests and is in rotation. Whatever certainly did not go out this way (a batch
     * refused as a whole, numbers refused for now, a service without batches) is left for {@link #send}, one
     * message at a time, with its failover: one bad number never costs the others their message. A batch whose
     * answer was lost leaves its numbers in doubt, not to be sent again. The numbers must differ.
     *
     * @param journal told of each batched request, with the numbers of all its messages
     * @return per message, in order, its dispatch, or null when it is left for {@link #send}
     */
    public List<@Nullable Dispatch> sendEach(List<OutgoingSms> messages, @Nullable String requestedService,
                                             RequestJournal journal) {
        List<@Nullable Dispatch> dispatches = new ArrayList<>(Collections.nCopies(messages.size(), null));
        if (messages.size() < 2) {
            return dispatches;
        }
        ServiceSet set = sets.acquire();
        try {
            sendEach(set, messages, requestedService, journal, dispatches, reviews);
        } finally {
            set.release();
        }
        return dispatches;
    }

    private static void sendEach(ServiceSet set, List<OutgoingSms> messages, @Nullable String requestedService,
                                 RequestJournal journal, List<@Nullable Dispatch> dispatches,
                                 TemplateReviews reviews) {
        OutgoingSms first = messages.getFirst();
        ServiceSlot slot = Routing.candidates(set, requestedService, first.message().template(), first.channel(),
                ThreadLocalRandom.current(), reviews).getFirst();
        int size = slot.provider.maxMessagesPerRequest();
        if (size < 2) {
            return;
        }
        // A batch that fails leaves its messages to send; once the service is out of rotation, so are the rest.
        for (int from = 0; from + 1 < messages.size() && slot.inRotation(); from += size) {
            List<OutgoingSms> chunk = List.copyOf(messages.subList(from, Math.min(messages.size(), from + size)));
            Answer answer = slot.sendEach(chunk, journal);
            for (int i = 0; i < chunk.size(); i++) {
                String phone = chunk.get(i).phones().getFirst();
                Dispatch.Delivered delivered = answer.delivered().get(phone);
                if (delivered != null) {
                    dispatches.set(from + i, new Dispatch(Map.of(phone, delivered), List.of(), null, null));
                } else if (answer.inDoubt().contains(phone)) {
                    // Sending it again one by one could send it twice: it waits for the ledger's resolution.
                    ProviderFailure lost = answer.failure() != null ? answer.failure() : ProviderFailure.noAnswer(
                            null, slot.name + " did not mention this number in its answer", null);
                    dispatches.set(from + i, new Dispatch(Map.of(), List.of(), List.of(phone), lost, null));
                }
            }
        }
    }

    /**
     * Sends one test message through exactly {@code serviceName}, without failover.
     *
     * @throws PermanentDeliveryFailure {@code 46001} when the service is not an enabled one
     */
    public Dispatch sendVia(String serviceName, OutgoingSms sms, RequestJournal journal) {
        ServiceSet set = sets.acquire();
        try {
            ServiceSlot slot = set.named(serviceName);
            if (slot == null) {
                throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST,
                        "'" + LogSafe.key(serviceName) + "' is not an enabled service");
            }
            return asEventFailure(slot.send(sms, journal));
        } finally {
            set.release();
        }
    }

    /** A test send has no failover: a refusal of the message is its answer. */
    private static Dispatch asEventFailure(Dispatch dispatch) {
        ProviderFailure eventFailure = dispatch.eventFailure();
        return eventFailure == null || dispatch.lastFailure() != null ? dispatch
                : new Dispatch(dispatch.delivered(), dispatch.owed(), dispatch.inDoubt(), eventFailure, eventFailure);
    }

    /**
     * Asks {@code service} whether a request whose answer was lost reached {@code phone}, with the settings of
     * {@code revision} that it went out with: a service disabled, deleted or re-keyed since is asked as it was.
     *
     * @param revision the stored service's version the ledger recorded; null for a configured service
     * @return empty when the service cannot tell, or that version's settings are no longer kept
     */
    public Optional<Boolean> wasSent(String service, @Nullable Long revision, String phone, String outId,
                                     Instant sentAt) {
        return sets.wasSent(service, revision, phone, new OutId(outId), sentAt);
    }

    /**
     * Asks {@code service} for the handset reports of {@code messages}, with the settings of {@code revision} that
     * they went out with (as {@link #wasSent}); see {@link SmsProvider#pullReports}.
     *
     * @return the final reports; empty when the service cannot be asked, or that version is no longer kept
     */
    public List<PulledReport> pullReports(String service, @Nullable Long revision, List<SentMessage> messages) {
        return sets.pullReports(service, revision, messages);
    }

    /**
     * Asks {@code service} (the one in force) what became of its template {@code vendorCode}.
     *
     * @return empty when the service cannot tell, or is not in force
     * @throws ProviderFailure when the vendor could not be asked ({@link SmsProvider#reviewOf})
     */
    public Optional<TemplateReview> reviewOf(String service, String vendorCode) {
        return sets.reviewOf(service, vendorCode);
    }

    /** The enabled services that take traffic and send vendor templates: the ones whose reviews matter. */
    public List<String> reviewedServices() {
        return sets.reviewed();
    }

    /** The enabled services whose handset reports the worker asks for ({@code receipts: pull} or {@code both}). */
    public List<String> pulledServices() {
        return sets.pulled();
    }
}
