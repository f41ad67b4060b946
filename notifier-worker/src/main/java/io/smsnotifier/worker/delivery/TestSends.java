package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.worker.audit.AuditLog;
import io.smsnotifier.worker.failures.DeliveryFailure;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.instances.Instances;
import io.smsnotifier.worker.logincode.LoginCodePolicy;
import io.smsnotifier.worker.providers.Dispatch;
import io.smsnotifier.worker.providers.OutgoingSms;
import io.smsnotifier.worker.providers.ProviderFailure;
import io.smsnotifier.worker.providers.RequestJournal;
import io.smsnotifier.worker.providers.SmsServices;
import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.ServiceStatuses;
import io.smsnotifier.worker.recipients.Recipient;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.templates.RenderedMessage;
import io.smsnotifier.worker.templates.SmsTemplate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * "Send Test SMS": one message to one number through exactly one service, no failover. It is counted against the
 * number's login-code limits (a test form is a way to pump SMS like a login form), recorded in the ledger and on
 * {@code sms.delivery} as kind {@value #KIND}, logged with the number masked, and audited ({@code service.test}, by
 * whom). Its ledger row is settled on every path, a thrown exception included: nothing ever retries a test.
 * Thread-safe.
 */
@Service
public class TestSends {

    /** Kind of the ledger rows and outcomes of test sends. */
    static final String KIND = "api.test";

    private static final Logger log = LoggerFactory.getLogger(TestSends.class);

    private final SmsServices services;
    private final ServiceStatuses statuses;
    private final Deliveries deliveries;
    private final Sending sending;
    private final OutcomePublisher outcomes;
    private final LoginCodePolicy loginCodes;
    private final Instances instances;
    private final DeliveryProperties properties;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    TestSends(SmsServices services, ServiceStatuses statuses, Deliveries deliveries, Sending sending, OutcomePublisher outcomes,
              LoginCodePolicy loginCodes, Instances instances, DeliveryProperties properties, AuditLog audit) {
        this.services = services;
        this.statuses = statuses;
        this.deliveries = deliveries;
        this.sending = sending;
        this.outcomes = outcomes;
        this.loginCodes = loginCodes;
        this.instances = instances;
        this.properties = properties;
        this.audit = audit;
    }

    /**
     * @return the outcome: SENT, FAILED, or RATE_LIMITED / FAILED when the policy refused the number
     * @throws PermanentDeliveryFailure when {@code service} is not an enabled service
     * @throws TransientDeliveryFailure when the service gave no answer (the row is settled FAILED: a test is not
     *                                  retried)
     */
    SmsDelivered send(String service, Recipient recipient, RenderedMessage message, String actor) {
        if (statuses.statuses().stream().noneMatch(status -> status.name().equals(service))) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST,
                    "'" + LogSafe.key(service) + "' is not an enabled service");
        }
        return audited(service, recipient, message, actor, false,
                (sms, journal) -> services.sendVia(service, sms, journal));
    }

    /**
     * "Send Test SMS" before "Save": one message through a draft service that is in no set, with the same
     * limits, ledger rows and outcome as a test of a saved one.
     *
     * @throws IllegalStateException when the draft's settings are wrong
     */
    public SmsDelivered sendDraft(String name, ServiceDefinition draft, Recipient recipient,
                                  RenderedMessage message, String actor) {
        return audited(name, recipient, message, actor, true,
                (sms, journal) -> services.sendViaDraft(name, draft, sms, journal));
    }

    /** Every test send is in the audit log, whatever its outcome: a test form can pump SMS like a login form. */
    private SmsDelivered audited(String service, Recipient recipient, RenderedMessage message, String actor,
                                 boolean draft, BiFunction<OutgoingSms, RequestJournal, Dispatch> sender) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("phone", PhoneMask.mask(recipient.phone()));
        entry.put("template", message.template().code());
        entry.put("draft", draft);
        try {
            SmsDelivered outcome = send(service, recipient, message, sender);
            entry.put("status", outcome.status().name());
            if (outcome.providerErrorCode() != null) {
                entry.put("providerErrorCode", outcome.providerErrorCode());
            }
            return outcome;
        } catch (DeliveryFailure e) {
            entry.put("status", "FAILED");
            entry.put("errorCode", e.errorCode().code());
            throw e;
        } catch (RuntimeException e) {
            // Settled FAILED in the ledger too (settledAfter): the audit says what the ledger says.
            entry.put("status", "FAILED");
            throw e;
        } finally {
            audit.record(actor, "service.test", "service:" + service, entry);
        }
    }

    /** A test message for templates-less tests: a code vendors will not know, text for webhooks and the sandbox. */
    public static RenderedMessage testMessage(String service) {
        SmsTemplate template = new SmsTemplate("test", "Test message from sms-notifier via ${service}",
                List.of("service"), Map.of());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("service", service);
        return new RenderedMessage(template, params, template.render(params));
    }

    private SmsDelivered send(String service, Recipient recipient, RenderedMessage message,
                              BiFunction<OutgoingSms, RequestJournal, Dispatch> sender) {
        String requestId = "test-" + UUID.randomUUID();
        LoginCodePolicy.Refusal refusal = loginCodes.admit(requestId, recipient.phone());
        Deliveries.Claim claim = new Deliveries.Claim(requestId, LedgerDays.of(clock.instant()), KIND, "sms",
                List.of(recipient), requestId);
        LedgerEntry entry = deliveries.claim(List.of(claim), properties.claimLease(), instances.expiry())
                .get(requestId).get(recipient.key());
        LedgerRow row = new LedgerRow(entry.id(), requestId, entry.ledgerDay(), recipient.key(), "sms", KIND,
                recipient.memberId(), PhoneMask.mask(recipient.phone()), requestId, entry.written());
        if (refusal != null) {
            return settle(requestId, row, recipient, service, null,
                    refusal.rateLimited() ? DeliveryStatus.RATE_LIMITED : DeliveryStatus.FAILED, refusal.reason());
        }
        Map<String, Long> ledgerIds = Map.of(recipient.phone(), entry.id());
        LeftOrNot journal = new LeftOrNot(sending.journal(Map.of(recipient.phone(), row), id -> { }, Lane.BULK));
        Dispatch dispatch;
        try {
            dispatch = sender.apply(new OutgoingSms(requestId, KIND, Channel.SMS, message,
                    List.of(recipient.phone()), ledgerIds), journal);
        } catch (RuntimeException e) {
            throw settledAfter(e, journal.mayHaveLeft(), requestId, journal.row(row), recipient, service);
        }
        Dispatch.Delivered answer = dispatch.delivered().get(recipient.phone());
        if (answer == null) {
            ProviderFailure failure = dispatch.eventFailure() != null ? dispatch.eventFailure()
                    : dispatch.lastFailure();
            TransientDeliveryFailure noAnswer = new TransientDeliveryFailure(
                    failure == null ? ErrorCode.REQUEST_FAILED : failure.errorCode(),
                    failure == null ? "no answer" : failure.reason(),
                    failure == null ? null : failure.providerErrorCode(), null);
            Dispatch.Delivered failed = new Dispatch.Delivered(false, service, null, noAnswer.errorCode(),
                    noAnswer.providerErrorCode(), noAnswer.getMessage());
            settle(requestId, journal.row(row), recipient, service, failed, DeliveryStatus.FAILED, failed.reason());
            throw noAnswer;
        }
        return settle(requestId, journal.row(row), recipient, service, answer,
                answer.sent() ? DeliveryStatus.SENT : DeliveryStatus.FAILED, answer.reason());
    }

    /**
     * The call threw after the claim: the service left the set since it was looked up, a draft's provider could
     * not be made (its address is refused now), an SDK's own exception. A test is never retried and its event id
     * never comes again, so a row left open would stay {@code PENDING} or {@code UNKNOWN}, with the full number,
     * held by nobody: it is settled {@code FAILED} now. When the request may have left it may still have been
     * sent; the reason says so, as for a lost answer. Only our own failures' text goes into the ledger: another
     * exception's message may quote a setting (an HTTP client quotes a header value, which is a secret).
     *
     * @return {@code thrown}, to be thrown on
     */
    private RuntimeException settledAfter(RuntimeException thrown, boolean mayHaveLeft, String requestId,
                                          LedgerRow row, Recipient recipient, String service) {
        String what = thrown instanceof DeliveryFailure failure ? failure.getMessage()
                : thrown.getClass().getSimpleName();
        ErrorCode code = mayHaveLeft ? ErrorCode.REQUEST_FAILED
                : thrown instanceof DeliveryFailure failure ? failure.errorCode() : ErrorCode.INTERNAL_ERROR;
        String reason = mayHaveLeft ? "no answer (" + what + ") after the request may have left: it may have been"
                + " sent; a test is not retried" : "test send failed before its request left: " + what;
        try {
            settle(requestId, row, recipient, service, new Dispatch.Delivered(false, service, null, code, null,
                    reason), DeliveryStatus.FAILED, reason);
        } catch (RuntimeException settling) {
            // The row stays open until its lease is over; retention purges it then (RetentionPurger).
            thrown.addSuppressed(settling);
        }
        return thrown;
    }

    /** Publishes the outcome, then settles the row saying whether it is out (a test is never tried again). */
    private SmsDelivered settle(String requestId, LedgerRow row, Recipient recipient, String service,
                                Dispatch.@Nullable Delivered answer, DeliveryStatus status, @Nullable String reason) {
        String code = answer == null ? ErrorCode.INVALID_REQUEST.code()
                : answer.errorCode() == null ? null : answer.errorCode().code();
        String providerErrorCode = answer == null ? null : answer.providerErrorCode();
        String providerMessageId = answer == null ? null : answer.providerMessageId();
        SmsDelivered outcome = new SmsDelivered(requestId, KIND, null, PhoneMask.mask(recipient.phone()), status,
                service, providerMessageId, code, providerErrorCode, 1, clock.instant());
        RuntimeException notPublished = null;
        try {
            outcomes.publish(List.of(outcome));
        } catch (RuntimeException e) {
            notPublished = e;
        }
        deliveries.settle(List.of(new Deliveries.Settlement(row, status, service, providerMessageId, code,
                providerErrorCode, reason, 1, notPublished == null)));
        log.info("test sms service={} phone={} requestId={} status={} providerErrorCode={}", LogSafe.key(service),
                PhoneMask.mask(recipient.phone()), requestId, status, LogSafe.key(providerErrorCode));
        if (notPublished != null) {
            throw notPublished;
        }
        return outcome;
    }
}
