package io.smsnotifier.worker.providers;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.events.Channel;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.providers.sandbox.SandboxOutbox;
import io.smsnotifier.worker.providers.webhook.WebhookSmsProvider;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.templates.SmsTemplate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The configured SMS services and the routing between them. For each message it orders the eligible services
 * ({@code failover} by priority, {@code random}, {@code weighted}; a named service first), splits the numbers
 * into requests no larger than each service takes, holds each service to its {@code max-qps} (shared evenly by
 * the live worker instances, {@link InstanceShare}), and moves what a
 * service could not send to the next one on a retryable error or an open circuit. An ops-blocking error (no
 * balance, suspended account, bad credentials) takes the service out of rotation for
 * {@code notifier.sms.ops-block-hold}, turns its health DOWN, counts it and logs one alert line. Thread-safe.
 */
@Service
public class SmsServices {

    private static final Logger log = LoggerFactory.getLogger(SmsServices.class);

    private final List<ServiceSlot> byPriority;
    private final Map<String, ServiceSlot> byName;
    private final @Nullable ServiceSlot exclusive;
    private final SmsServicesProperties.Routing routing;
    private final Duration opsBlockHold;
    private final MeterRegistry meters;
    private final InstanceShare share;

    SmsServices(SmsServicesProperties properties, SandboxOutbox sandboxOutbox, MeterRegistry meters,
                InstanceShare share) {
        this.share = share;
        this.routing = properties.routing();
        this.opsBlockHold = properties.opsBlockHold();
        this.meters = meters;
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(breakerConfig(properties.circuitBreaker()));
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        Clock clock = Clock.systemUTC();
        List<ServiceSlot> slots = new ArrayList<>();
        properties.services().entrySet().stream()
                .filter(entry -> entry.getValue().enabled())
                .sorted(Comparator.comparingInt((Map.Entry<String, SmsServicesProperties.Service> e) ->
                        e.getValue().priority()).thenComparing(Map.Entry::getKey))
                .forEach(entry -> {
                    String name = entry.getKey();
                    SmsServicesProperties.Service config = entry.getValue();
                    SmsProvider provider = SmsProviderFactory.create(name, config, sandboxOutbox);
                    slots.add(new ServiceSlot(name, config, provider, breakers.circuitBreaker(name),
                            limiterFor(config.maxQps()), clock));
                });
        if (slots.isEmpty()) {
            throw new IllegalStateException(
                    "notifier.sms.services: no enabled SMS service is configured; configure at least one");
        }
        List<ServiceSlot> exclusives = slots.stream()
                .filter(slot -> slot.config.exclusive() && slot.provider instanceof WebhookSmsProvider).toList();
        if (exclusives.size() > 1) {
            throw new IllegalStateException("notifier.sms.services: only one webhook may be exclusive, found "
                    + exclusives.stream().map(slot -> slot.name).toList());
        }
        this.exclusive = exclusives.isEmpty() ? null : exclusives.getFirst();
        if (exclusive != null) {
            log.info("sms service {} is an exclusive webhook: it takes all traffic, the other services are off",
                    exclusive.name);
        }
        this.byPriority = List.copyOf(slots);
        Map<String, ServiceSlot> names = new LinkedHashMap<>();
        slots.forEach(slot -> names.put(slot.name, slot));
        this.byName = Collections.unmodifiableMap(names);
    }

    private static CircuitBreakerConfig breakerConfig(SmsServicesProperties.CircuitBreaker settings) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                .maxWaitDurationInHalfOpenState(settings.maxWaitInHalfOpenState())
                // Open circuits are skipped without asking the breaker, so it must go half-open by itself.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
    }

    /**
     * Requests leave evenly spaced at this share of {@code max-qps}: what the vendor counts is arrivals, and
     * network or scheduling jitter can bunch requests that left evenly spaced.
     */
    static final double QPS_HEADROOM = 0.9;

    private static DepartureLimiter limiterFor(int maxQps) {
        return new DepartureLimiter(maxQps * QPS_HEADROOM);
    }

    /**
     * Sends {@code sms} to every number it carries, through the service the event names or by routing.
     *
     * @throws PermanentDeliveryFailure {@code 46001} when the named service is not an enabled one
     */
    public Dispatch send(OutgoingSms sms, @Nullable String requestedService, RequestJournal journal) {
        List<ServiceSlot> candidates = candidates(requestedService, sms.message().template(), sms.channel());
        Map<String, Dispatch.Delivered> delivered = new LinkedHashMap<>();
        List<String> remaining = new ArrayList<>(sms.phones());
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
            List<String> next = new ArrayList<>();
            Deque<List<String>> requests = new ArrayDeque<>(partition(remaining, slot.provider.maxNumbersPerRequest()));
            while (!requests.isEmpty()) {
                List<String> request = requests.removeFirst();
                ProviderFailure failure = sendOne(slot, sms.withPhones(request), delivered, next, journal);
                if (failure == null) {
                    continue;
                }
                switch (failure.failureClass()) {
                    case RETRYABLE -> {
                        lastFailure = failure;
                        next.addAll(request);
                        if (!slot.inRotation()) {
                            requests.forEach(next::addAll);
                            requests.clear();
                        }
                    }
                    case OPS_BLOCKING -> {
                        lastFailure = failure;
                        block(slot, failure);
                        next.addAll(request);
                        requests.forEach(next::addAll);
                        requests.clear();
                    }
                    case PERMANENT_FOR_NUMBER -> {
                        if (request.size() == 1) {
                            delivered.put(request.getFirst(), new Dispatch.Delivered(false, slot.name, null,
                                    failure.errorCode(), failure.providerErrorCode(), failure.reason()));
                        } else {
                            // The vendor refused the whole request for one number: find it by sending singly.
                            for (int i = request.size() - 1; i >= 0; i--) {
                                requests.addFirst(List.of(request.get(i)));
                            }
                        }
                    }
                    case PERMANENT_FOR_EVENT -> {
                        next.addAll(request);
                        requests.forEach(next::addAll);
                        return new Dispatch(delivered, next, lastFailure, failure);
                    }
                }
            }
            remaining = next;
        }
        if (!remaining.isEmpty() && lastFailure == null) {
            lastFailure = ProviderFailure.requestFailed(null, "no SMS service in rotation for this message"
                    + (skipped.isEmpty() ? "" : " (circuit open or held: " + skipped + ")"), null);
        }
        return new Dispatch(delivered, remaining, remaining.isEmpty() ? null : lastFailure, null);
    }

    /** Sends one request through {@code slot}'s limiter and breaker; records final answers, collects what is owed. */
    private @Nullable ProviderFailure sendOne(ServiceSlot slot, OutgoingSms request,
                                              Map<String, Dispatch.Delivered> delivered, List<String> owed,
                                              RequestJournal journal) {
        return sendOne(slot, request.eventId(), request.phones(), request.outId(),
                provider -> provider.send(request), delivered, owed, journal);
    }

    private @Nullable ProviderFailure sendOne(ServiceSlot slot, String eventId, List<String> phones, String outId,
                                              java.util.function.Function<SmsProvider, SendResult> call,
                                              Map<String, Dispatch.Delivered> delivered, List<String> owed,
                                              RequestJournal journal) {
        if (!slot.breaker.tryAcquirePermission()) {
            return ProviderFailure.requestFailed(null, "circuit of " + slot.name + " is open", null);
        }
        // From here on every path gives the breaker its permit back or an outcome: a permit that leaks keeps a
        // half-open circuit, which has only a few, refusing the service for ever while health says UP.
        try {
            journal.sending(slot.name, outId, phones);
        } catch (RuntimeException e) {
            slot.breaker.releasePermission();
            throw e;
        }
        // The permit is the last thing before the request leaves: anything slow in between (the ledger write,
        // a wait for a database connection) would let requests bunch up at the vendor.
        boolean ready;
        try {
            ready = share.awaitReady(Duration.ofSeconds(30))
                    && slot.limiter.acquire(Duration.ofSeconds(30), share.instances());
        } catch (RuntimeException e) {
            slot.breaker.releasePermission();
            throw e;
        }
        if (!ready) {
            slot.breaker.releasePermission();
            journal.notSent(phones);
            return ProviderFailure.requestFailed(null, "rate limit of " + slot.name + " (max-qps "
                    + slot.config.maxQps() + " shared by " + share.instances() + " instance(s)) left no room within 30 s",
                    null);
        }
        long started = System.nanoTime();
        SendResult result;
        try {
            result = call.apply(slot.provider);
        } catch (RuntimeException unexpected) {
            if (!(unexpected instanceof ProviderFailure)) {
                // Not an answer the adapter understood (an SDK bug, a parse error): the request may have left.
                slot.breaker.onError(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS,
                        unexpected);
                count(slot, "UNEXPECTED");
                log.warn("sms request failed unexpectedly service={} eventId={} numbers={} exception={}", slot.name,
                        LogSafe.key(eventId), phones.size(), unexpected.getClass().getName());
                throw unexpected;
            }
            ProviderFailure failure = (ProviderFailure) unexpected;
            long elapsed = System.nanoTime() - started;
            if (failure.failureClass() == FailureClass.RETRYABLE) {
                slot.breaker.onError(elapsed, java.util.concurrent.TimeUnit.NANOSECONDS, failure);
            } else {
                slot.breaker.onSuccess(elapsed, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            if (!failure.mayHaveBeenSent()) {
                journal.notSent(phones);
            }
            count(slot, failure.failureClass().name());
            log.warn("sms request failed service={} eventId={} numbers={} class={} errorCode={} providerErrorCode={} reason={}",
                    slot.name, LogSafe.key(eventId), phones.size(), failure.failureClass(),
                    failure.errorCode().code(), LogSafe.key(failure.providerErrorCode()),
                    LogSafe.text(failure.reason()));
            return failure;
        }
        slot.breaker.onSuccess(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        count(slot, "ANSWERED");
        ProviderFailure blocking = null;
        List<String> refusedForNow = new ArrayList<>();
        for (String phone : phones) {
            SendResult.PhoneResult answer = result.byPhone().get(phone);
            if (answer != null && answer.accepted()) {
                delivered.put(phone, new Dispatch.Delivered(true, slot.name, answer.providerMessageId(), null, null,
                        null));
            } else if (answer == null) {
                owed.add(phone);
            } else if (answer.failureClass() == FailureClass.RETRYABLE || answer.failureClass() == FailureClass.OPS_BLOCKING) {
                owed.add(phone);
                refusedForNow.add(phone);
                if (answer.failureClass() == FailureClass.OPS_BLOCKING && blocking == null) {
                    blocking = ProviderFailure.vendorError(FailureClass.OPS_BLOCKING,
                            String.valueOf(answer.providerErrorCode()), String.valueOf(answer.reason()));
                }
            } else {
                delivered.put(phone, new Dispatch.Delivered(false, slot.name, null, ErrorCode.VENDOR_ERROR,
                        answer.providerErrorCode(), answer.reason()));
            }
        }
        if (!refusedForNow.isEmpty()) {
            journal.notSent(refusedForNow);
        }
        if (blocking != null) {
            block(slot, blocking);
        }
        return null;
    }

    /** Out-ids of batched requests start with this: the vendor keeps no out-id for them. */
    public static final String BATCH_OUT_ID_PREFIX = "batch-";

    /**
     * Sends one-number messages that share a template and a requested service as batched requests (Alibaba Cloud
     * {@code SendBatchSms}, each number with its own parameters) through the service routing puts first, when
     * that service takes such requests and is in rotation. Whatever does not go out this way (a batch refused as
     * a whole, numbers refused for now, a service without batches) is left for {@link #send}, one message at a
     * time, with its failover: one bad number never costs the others their message. The numbers must differ.
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
        OutgoingSms first = messages.getFirst();
        ServiceSlot slot = candidates(requestedService, first.message().template(), first.channel()).getFirst();
        int size = slot.provider.maxMessagesPerRequest();
        if (size < 2 || !slot.inRotation()) {
            return dispatches;
        }
        for (int from = 0; from + 1 < messages.size(); from += size) {
            List<OutgoingSms> chunk = List.copyOf(messages.subList(from, Math.min(messages.size(), from + size)));
            List<String> phones = chunk.stream().map(sms -> sms.phones().getFirst()).toList();
            String outId = BATCH_OUT_ID_PREFIX + chunk.stream().map(OutgoingSms::outId).min(String::compareTo)
                    .orElse(first.eventId());
            Map<String, Dispatch.Delivered> delivered = new LinkedHashMap<>();
            ProviderFailure failure = sendOne(slot, first.eventId(), phones, outId,
                    provider -> provider.sendEach(chunk, outId), delivered, new ArrayList<>(), journal);
            if (failure != null) {
                if (failure.failureClass() == FailureClass.OPS_BLOCKING) {
                    block(slot, failure);
                    return dispatches;
                }
                continue;
            }
            for (int i = 0; i < chunk.size(); i++) {
                Dispatch.Delivered answer = delivered.get(phones.get(i));
                if (answer != null) {
                    dispatches.set(from + i, new Dispatch(Map.of(phones.get(i), answer), List.of(), null, null));
                }
            }
        }
        return dispatches;
    }

    /**
     * Asks {@code service} whether a request whose answer was lost reached {@code phone}.
     *
     * @return empty when the service cannot tell or is no longer configured
     */
    public java.util.Optional<Boolean> wasSent(String service, String phone, String outId, java.time.Instant sentAt) {
        ServiceSlot slot = byName.get(service);
        return slot == null ? java.util.Optional.empty() : slot.provider.wasSent(phone, outId, sentAt);
    }

    private void block(ServiceSlot slot, ProviderFailure failure) {
        if (slot.block(failure.providerErrorCode(), failure.reason(), opsBlockHold)) {
            meters.counter("notifier.sms.service.blocked", "service", slot.name).increment();
            log.error("ALERT sms service taken out of rotation service={} providerErrorCode={} reason=\"{}\" for={} "
                    + "(fix the account, then it returns by itself)", slot.name,
                    LogSafe.key(failure.providerErrorCode()), LogSafe.text(failure.reason()), opsBlockHold);
        }
    }

    private void count(ServiceSlot slot, String outcome) {
        Counter.builder("notifier.sms.requests").tag("service", slot.name).tag("outcome", outcome)
                .register(meters).increment();
    }

    /**
     * The services to try, in order. The first is always eligible; later ones only when they send rendered text
     * or the template has a code for them, since another vendor's template code would be refused.
     */
    List<ServiceSlot> candidates(@Nullable String requested, SmsTemplate template, Channel channel) {
        List<ServiceSlot> pool = exclusive != null ? List.of(exclusive) : byPriority;
        if (channel == Channel.VOICE) {
            pool = pool.stream().filter(slot -> slot.provider.sendsRenderedText()).toList();
            if (pool.isEmpty()) {
                throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST,
                        "voice codes need a webhook service; none is enabled");
            }
        }
        List<ServiceSlot> ordered = new ArrayList<>(order(pool));
        if (requested != null && !requested.isBlank() && exclusive == null) {
            ServiceSlot named = byName.get(requested);
            if (named == null || !pool.contains(named)) {
                throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST, "smsService '" + requested
                        + "' is not an enabled service" + (channel == Channel.VOICE ? " that can place voice calls" : "")
                        + " under notifier.sms.services");
            }
            ordered.remove(named);
            ordered.addFirst(named);
        }
        List<ServiceSlot> eligible = new ArrayList<>();
        for (ServiceSlot slot : ordered) {
            if (eligible.isEmpty() || slot.provider.sendsRenderedText() || template.hasCodeFor(slot.name)) {
                eligible.add(slot);
            }
        }
        return eligible;
    }

    private List<ServiceSlot> order(List<ServiceSlot> pool) {
        return switch (routing) {
            case FAILOVER -> pool;
            case RANDOM -> {
                List<ServiceSlot> shuffled = new ArrayList<>(pool);
                Collections.shuffle(shuffled, ThreadLocalRandom.current());
                yield shuffled;
            }
            case WEIGHTED -> {
                int total = pool.stream().mapToInt(slot -> slot.config.weight()).sum();
                int pick = ThreadLocalRandom.current().nextInt(total);
                ServiceSlot first = pool.getFirst();
                for (ServiceSlot slot : pool) {
                    pick -= slot.config.weight();
                    if (pick < 0) {
                        first = slot;
                        break;
                    }
                }
                List<ServiceSlot> ordered = new ArrayList<>(pool);
                ordered.remove(first);
                ordered.addFirst(first);
                yield ordered;
            }
        };
    }

    private static List<List<String>> partition(List<String> phones, int size) {
        List<List<String>> parts = new ArrayList<>();
        for (int from = 0; from < phones.size(); from += size) {
            parts.add(List.copyOf(phones.subList(from, Math.min(phones.size(), from + size))));
        }
        return parts;
    }

    /** Sends one test message through exactly {@code serviceName}, without failover. */
    public Dispatch sendVia(String serviceName, OutgoingSms sms, RequestJournal journal) {
        ServiceSlot slot = byName.get(serviceName);
        if (slot == null) {
            throw new PermanentDeliveryFailure(ErrorCode.INVALID_REQUEST,
                    "'" + serviceName + "' is not an enabled service under notifier.sms.services");
        }
        Map<String, Dispatch.Delivered> delivered = new LinkedHashMap<>();
        List<String> owed = new ArrayList<>();
        ProviderFailure failure = sendOne(slot, sms, delivered, owed, journal);
        if (failure != null && failure.failureClass() == FailureClass.OPS_BLOCKING) {
            block(slot, failure);
        }
        if (failure != null && failure.failureClass() == FailureClass.PERMANENT_FOR_NUMBER) {
            sms.phones().forEach(phone -> delivered.put(phone, new Dispatch.Delivered(false, slot.name, null,
                    failure.errorCode(), failure.providerErrorCode(), failure.reason())));
            return new Dispatch(delivered, List.of(), null, null);
        }
        if (failure != null) {
            return new Dispatch(delivered, sms.phones(), failure,
                    failure.failureClass() == FailureClass.PERMANENT_FOR_EVENT ? failure : null);
        }
        return new Dispatch(delivered, owed, null, null);
    }

    /** Every enabled service's state, for the admin API and health. */
    public List<ServiceStatus> statuses() {
        return byPriority.stream().map(slot -> {
            boolean inRotation = slot.inRotation() && (exclusive == null || exclusive == slot);
            return new ServiceStatus(slot.name, slot.config.type().name().toLowerCase(java.util.Locale.ROOT),
                    slot.config.enabled(), slot.config.priority(), slot.config.weight(), slot.config.exclusive(),
                    inRotation, slot.breaker.getState().name(), slot.blockedUntil(), slot.blockedCode(),
                    slot.config.maxQps(), slot.config.signName(), slot.config.maskedCredential(),
                    endpointOf(slot.config));
        }).toList();
    }

    private static @Nullable String endpointOf(SmsServicesProperties.Service config) {
        // Show where it goes, not what it carries: user info and a query string may hold a token.
        return SmsServicesProperties.redactedUrl(config.url() != null ? config.url() : config.endpoint());
    }

    /** The services that take traffic: the exclusive webhook alone, or every enabled service. */
    public List<String> serviceNames() {
        return exclusive != null ? List.of(exclusive.name) : byPriority.stream().map(slot -> slot.name).toList();
    }
}
