package io.smsnotifier.worker.providers;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.worker.support.LogSafe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One SMS service in rotation and every request to it: its circuit breaker's permit, its share of
 * {@code max-qps}, the journal, the ops-blocking hold, counting and logging. Thread-safe.
 */
final class ServiceSlot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceSlot.class);
    /** How long a request may wait for this instance's share and for its turn at the service. */
    private static final Duration TURN_TIMEOUT = Duration.ofSeconds(30);

    final String name;
    /** The stored service's version these settings are (null for a configured service): see RequestJournal. */
    final @Nullable Long revision;
    final ServiceDefinition config;
    final SmsProvider provider;
    private final ShownSettings shown;
    private final CircuitBreaker breaker;
    private final RateShare rate;
    private final OpsHold hold;
    private final MeterRegistry meters;
    /** {@code notifier.sms.requests-per-message}: one message's requests in flight at once. */
    private final int requestsPerMessage;

    ServiceSlot(String name, @Nullable Long revision, ServiceDefinition config, ShownSettings shown,
                SmsProvider provider, CircuitBreaker breaker, RateShare rate, OpsHold hold, MeterRegistry meters,
                int requestsPerMessage) {
        this.name = name;
        this.revision = revision;
        this.config = config;
        this.shown = shown;
        this.provider = provider;
        this.breaker = breaker;
        this.rate = rate;
        this.hold = hold;
        this.meters = meters;
        this.requestsPerMessage = requestsPerMessage;
    }

    /** True unless held out after an ops-blocking error or the breaker is open; a hold that has passed ends here. */
    boolean inRotation() {
        hold.endIfPassed();
        CircuitBreaker.State state = breaker.getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    /**
     * Sends {@code sms} to its numbers through this service alone, in requests no larger than it takes, until
     * each number has an answer, the service refused the message as a whole, or went out of rotation. Up to
     * {@code notifier.sms.requests-per-message} requests are in flight at once (one at a time while the circuit is
     * half-open: its few trial calls would refuse the others); each answer counts as it would had they gone one
     * after the other ({@link MessageRequests}). Each request still waits for this service's {@code max-qps} turn;
     * the lane's {@code notifier.delivery.requests-in-flight} bounds the messages sent at once, so a lane has at
     * most that many times {@code requests-per-message} requests out.
     *
     * @return the answers; what is owed (to be tried elsewhere); what is in doubt (a request whose answer was
     *         lost or could not be read: it may have been sent, so it is never tried elsewhere); the last
     *         retryable or ops-blocking failure; and the failure that makes the message unsendable this way, when
     *         there was one (the rest is then owed). A request that throws ends up in there too, in doubt or owed
     *         as far as it got, so that the others' answers are not lost with it.
     * @throws Error only an {@link Error} a request threw, after the others finished
     */
    Dispatch send(OutgoingSms sms, RequestJournal journal) {
        MessageRequests requests = new MessageRequests(name, journal, this::requestsAtOnce, this::inRotation,
                (phones, requestJournal) -> {
                    OutgoingSms one = sms.withPhones(phones);
                    return call(one.eventId(), phones, new OutId(one.outId()), () -> provider.send(one),
                            requestJournal);
                });
        return requests.send(sms.phones(), provider.maxNumbersPerRequest());
    }

    private int requestsAtOnce() {
        return breaker.getState() == CircuitBreaker.State.HALF_OPEN ? 1 : requestsPerMessage;
    }

    /**
     * Sends one-number messages (all different numbers, one template) in one batched request.
     *
     * @return the answers by number, and the numbers in doubt when the answer was lost; neither when the request
     *         certainly did not get through
     */
    Answer sendEach(List<OutgoingSms> messages, RequestJournal journal) {
        OutId outId = OutId.ofBatch(messages);
        List<String> phones = messages.stream().map(sms -> sms.phones().getFirst()).toList();
        Answer answer = call(messages.getFirst().eventId(), phones, outId, () -> provider.sendEach(messages, outId),
                journal);
        return answer.failure() != null && answer.failure().mayHaveBeenSent() ? answer.withInDoubt(phones) : answer;
    }

    /**
     * One request through the breaker, the rate share and the journal. Classified failures come back in the
     * answer (an ops-blocking one has taken the service out); anything else is thrown, after the breaker heard.
     */
    private Answer call(String eventId, List<String> phones, OutId outId, Supplier<SendResult> request,
                        RequestJournal journal) {
        hold.endIfPassed();
        if (!breaker.tryAcquirePermission()) {
            return Answer.failed(ProviderFailure.requestFailed(null, "circuit of " + name + " is open", null));
        }
        // From here on every path gives the breaker its permit back or an outcome: a permit that leaks keeps a
        // half-open circuit, which has only a few, refusing the service for ever while health says UP.
        boolean ready;
        try {
            if (!journal.sending(name, revision, outId.value(), phones)) {
                breaker.releasePermission();
                return Answer.failed(ProviderFailure.requestFailed(null, "another copy of this event is delivering "
                        + "some of these numbers; they are tried again later", null));
            }
            // The turn is the last thing before the request leaves: anything slow in between (the ledger write,
            // a wait for a database connection) would let requests bunch up at the vendor.
            ready = rate.awaitTurn(TURN_TIMEOUT);
        } catch (RuntimeException e) {
            breaker.releasePermission();
            throw e;
        }
        if (!ready) {
            breaker.releasePermission();
            journal.notSent(phones);
            return Answer.failed(ProviderFailure.requestFailed(null, "rate limit of " + name + " (max-qps "
                    + config.common().maxQps() + " shared by " + rate.sharedBy() + " instance(s)) left no room within "
                    + TURN_TIMEOUT.toSeconds() + " s", null));
        }
        long started = System.nanoTime();
        SendResult result;
        try {
            result = request.get();
        } catch (ProviderFailure failure) {
            long elapsed = System.nanoTime() - started;
            if (failure.failureClass() == FailureClass.RETRYABLE) {
                breaker.onError(elapsed, TimeUnit.NANOSECONDS, failure);
            } else {
                breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            }
            if (!failure.mayHaveBeenSent()) {
                journal.notSent(phones);
            }
            count(failure.failureClass().name());
            log.warn("sms request failed service={} eventId={} numbers={} class={} errorCode={} providerErrorCode={} "
                            + "reason={}", name, LogSafe.key(eventId), phones.size(), failure.failureClass(),
                    failure.errorCode().code(), LogSafe.key(failure.providerErrorCode()),
                    LogSafe.text(failure.reason()));
            if (failure.failureClass() == FailureClass.OPS_BLOCKING) {
                hold.start(failure.providerErrorCode(), failure.reason());
            }
            return Answer.failed(failure);
        } catch (RuntimeException unexpected) {
            // Not an answer the adapter understood (an SDK bug, a parse error): the request may have left.
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, unexpected);
            count("UNEXPECTED");
            log.warn("sms request failed unexpectedly service={} eventId={} numbers={} exception={}", name,
                    LogSafe.key(eventId), phones.size(), unexpected.getClass().getName());
            throw unexpected;
        }
        breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        count("ANSWERED");
        Answer answer = Answer.of(name, phones, result);
        if (!answer.refusedForNow().isEmpty()) {
            journal.notSent(answer.refusedForNow());
        }
        SendResult.PhoneResult blocking = answer.blocking();
        if (blocking != null) {
            hold.start(String.valueOf(blocking.providerErrorCode()), String.valueOf(blocking.reason()));
        }
        return answer;
    }

    private void count(String outcome) {
        Counter.builder("notifier.sms.requests").tag("service", name).tag("outcome", outcome).register(meters)
                .increment();
    }

    /** @param takesTraffic false when another service is exclusive */
    ServiceStatus status(boolean takesTraffic) {
        boolean inRotation = inRotation() && takesTraffic;
        SmsServicesProperties.Service common = config.common();
        return new ServiceStatus(name, common.type().name().toLowerCase(Locale.ROOT), common.enabled(),
                common.priority(), common.weight(), config.flag("exclusive"), inRotation, breaker.getState().name(),
                hold.until(), hold.code(), common.maxQps(), config.text("signName"), shown.credential(),
                shown.destination());
    }

    @Override
    public void close() {
        provider.close();
    }
}
