package io.smsnotifier.worker.providers;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.PermanentDeliveryFailure;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.instances.Instances;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.templates.SmsTemplate;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SMS services in force (configured, and stored through the admin API) and the routing between them. For
 * each message it orders the eligible services ({@code failover} by priority, {@code random}, {@code weighted};
 * a named service first), splits the numbers into requests no larger than each service takes, holds each service
 * to its {@code max-qps} (shared evenly by the live worker instances), and moves what a service could not send to
 * the next one on a retryable error or an open circuit. An ops-blocking error (no balance, suspended account, bad
 * credentials) takes the service out of rotation for {@code notifier.sms.ops-block-hold}, turns its health DOWN,
 * counts it and logs one alert line. Thread-safe: each call reads the set of services once and works with it to
 * the end.
 */
@Service
public class SmsServices {

    private static final Logger log = LoggerFactory.getLogger(SmsServices.class);

    private final SmsServicesProperties properties;
    private final ServiceSetFactory factory;
    /** Null until the first set is in force: when configuration declares no service, the stored ones make it. */
    private final AtomicReference<@Nullable ServiceSet> services = new AtomicReference<>();
    private volatile Map<String, String> unavailable = Map.of();

    SmsServices(SmsServicesProperties properties, List<SmsProviderFactory> adapters, MeterRegistry meters,
                Instances instances) {
        this.properties = properties;
        this.factory = new ServiceSetFactory(properties.circuitBreaker(), adapters, meters, instances);
        if (properties.services().values().stream().anyMatch(SmsServicesProperties.Service::enabled)) {
            services.set(factory.create(properties.services(), properties.routing(), properties.opsBlockHold(),
                    null));
        }
    }

    /**
     * Puts the configured services together with {@code stored} (the ones managed through the admin API) in
     * force: calls that have started finish with the set they read; an unchanged service keeps its provider,
     * breaker and hold. A stored service named like a configured one is ignored: configuration wins.
     *
     * @param unavailable stored services that cannot run, with the reason (a secret that does not open), for
     *                    health and the admin API
     * @throws IllegalStateException when the result has no enabled service, more than one exclusive webhook, or
     *                               a service whose settings are wrong; the set in force then stays
     */
    public synchronized void apply(Map<String, SmsServicesProperties.Service> stored,
                                   Map<String, String> unavailable) {
        Map<String, SmsServicesProperties.Service> all = new LinkedHashMap<>(stored);
        for (String name : properties.services().keySet()) {
            if (all.remove(name) != null) {
                log.warn("stored sms service {} is ignored: configuration declares a service of that name", name);
            }
        }
        all.putAll(properties.services());
        ServiceSet previous = services.get();
        ServiceSet next = factory.create(all, properties.routing(), properties.opsBlockHold(), previous);
        services.set(next);
        this.unavailable = Map.copyOf(unavailable);
        if (previous != null) {
            previous.retire(new HashSet<>(next.slots()));
        }
    }

    /** True when configuration ({@code notifier.sms.services.<name>}) declares {@code name}. */
    public boolean isConfigured(String name) {
        return properties.services().containsKey(name);
    }

    /** The services configuration declares, by name. */
    public Map<String, SmsServicesProperties.Service> configured() {
        return properties.services();
    }

    /** Stored services that cannot run, with the reason. */
    public Map<String, String> unavailable() {
        return unavailable;
    }

    /**
     * What is wrong with a draft service's settings, one entry per setting; empty when a service could be made
     * of them. Makes the provider to find out (and closes it): the type's own checks run, the webhook's address
     * guard among them.
     */
    public List<SettingProblem> check(String name, SmsServicesProperties.Service draft) {
        return factory.check(name, draft);
    }

    /**
     * Sends one test message through a draft service that is in no set (no failover, no effect on the services
     * in rotation), as "Send Test SMS" does before "Save".
     *
     * @throws IllegalStateException when the draft's settings are wrong ({@link #check} says which)
     */
    public Dispatch sendViaDraft(String name, SmsServicesProperties.Service draft, OutgoingSms sms,
                                 RequestJournal journal) {
        try (ServiceSlot slot = factory.draft(name, draft, properties.opsBlockHold())) {
            return asEventFailure(slot.send(sms, journal));
        }
    }

    private ServiceSet acquire() {
        while (true) {
            ServiceSet set = services.get();
            if (set == null) {
                throw new TransientDeliveryFailure(ErrorCode.REQUEST_FAILED,
                        "no SMS service is in force yet (none configured, stored ones not loaded)", null, null);
            }
            if (set.acquire()) {
                return set;
            }
        }
    }

    /**
     * Sends {@code sms} to every number it carries, through the service the event names or by routing.
     *
     * @throws PermanentDeliveryFailure {@code 46001} when the named service is not an enabled one
     */
    public Dispatch send(OutgoingSms sms, @Nullable String requestedService, RequestJournal journal) {
        ServiceSet set = acquire();
        try {
            return send(set, sms, requestedService, journal);
        } finally {
            set.release();
        }
    }

    private static Dispatch send(ServiceSet set, OutgoingSms sms, @Nullable String requestedService,
                                 RequestJournal journal) {
        List<ServiceSlot> candidates = Routing.candidates(set, requestedService, sms.message().template(),
                sms.channel(), ThreadLocalRandom.current());
        Map<String, Dispatch.Delivered> delivered = new LinkedHashMap<>();
        List<String> remaining = sms.phones();
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
            if (part.lastFailure() != null) {
                lastFailure = part.lastFailure();
            }
            if (part.eventFailure() != null) {
                return new Dispatch(delivered, part.owed(), lastFailure, part.eventFailure());
            }
            remaining = part.owed();
        }
        if (!remaining.isEmpty() && lastFailure == null) {
            lastFailure = ProviderFailure.requestFailed(null, "no SMS service in rotation for this message"
                    + (skipped.isEmpty() ? "" : " (circuit open or held: " + skipped + ")"), null);
        }
        return new Dispatch(delivered, remaining, remaining.isEmpty() ? null : lastFailure, null);
    }

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
        ServiceSet set = acquire();
        try {
            sendEach(set, messages, requestedService, journal, dispatches);
        } finally {
            set.release();
        }
        return dispatches;
    }

    private static void sendEach(ServiceSet set, List<OutgoingSms> messages, @Nullable String requestedService,
                                 RequestJournal journal, List<@Nullable Dispatch> dispatches) {
        OutgoingSms first = messages.getFirst();
        ServiceSlot slot = Routing.candidates(set, requestedService, first.message().template(),
                first.channel(), ThreadLocalRandom.current()).getFirst();
        int size = slot.provider.maxMessagesPerRequest();
        if (size < 2) {
            return;
        }
        // A batch that fails leaves its messages to send; once the service is out of rotation, so are the rest.
        for (int from = 0; from + 1 < messages.size() && slot.inRotation(); from += size) {
            List<OutgoingSms> chunk = List.copyOf(messages.subList(from, Math.min(messages.size(), from + size)));
            Map<String, Dispatch.Delivered> delivered = slot.sendEach(chunk, journal);
            for (int i = 0; i < chunk.size(); i++) {
                String phone = chunk.get(i).phones().getFirst();
                Dispatch.Delivered answer = delivered.get(phone);
                if (answer != null) {
                    dispatches.set(from + i, new Dispatch(Map.of(phone, answer), List.of(), null, null));
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
        ServiceSet set = acquire();
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
                : new Dispatch(dispatch.delivered(), dispatch.owed(), eventFailure, eventFailure);
    }

    /**
     * Asks {@code service} whether a request whose answer was lost reached {@code phone}.
     *
     * @return empty when the service cannot tell or is no longer configured
     */
    public Optional<Boolean> wasSent(String service, String phone, String outId, Instant sentAt) {
        ServiceSet set = acquire();
        try {
            ServiceSlot slot = set.named(service);
            return slot == null ? Optional.empty() : slot.provider.wasSent(phone, new OutId(outId), sentAt);
        } finally {
            set.release();
        }
    }

    /**
     * What each enabled service would make of {@code template} filled with {@code params}.
     *
     * @param templateCode the code the service is asked for: the template's own, or its code there
     * @param refusals     what the service would refuse before sending (parameters over its length limit)
     */
    public record ServicePreview(String service, String templateCode, boolean sendsRenderedText,
                                 List<String> refusals) {
    }

    public List<ServicePreview> preview(SmsTemplate template, Map<String, String> params) {
        ServiceSet set = services.get();
        if (set == null) {
            return List.of();
        }
        List<ServicePreview> previews = new ArrayList<>();
        for (ServiceSlot slot : set.slots()) {
            List<String> refusals = new ArrayList<>();
            int limit = slot.provider.maxParamLength();
            if (limit > 0) {
                params.forEach((name, value) -> {
                    if (value != null && value.codePointCount(0, value.length()) > limit) {
                        refusals.add("parameter '" + name + "' has " + value.codePointCount(0, value.length())
                                + " characters; " + slot.name + " takes at most " + limit);
                    }
                });
            }
            previews.add(new ServicePreview(slot.name, template.codeAt(slot.name), slot.provider.sendsRenderedText(),
                    refusals));
        }
        return previews;
    }

    /** Every enabled service's state, for the admin API and health. */
    public List<ServiceStatus> statuses() {
        ServiceSet set = services.get();
        return set == null ? List.of() : set.statuses();
    }

    /** The services that take traffic: the exclusive webhook alone, or every enabled service. */
    public List<String> serviceNames() {
        ServiceSet set = services.get();
        return set == null ? List.of() : set.pool().stream().map(slot -> slot.name).toList();
    }

    /** Lets go of every provider's connections and threads (the SDK clients among them) when the worker stops. */
    @PreDestroy
    void close() {
        ServiceSet set = services.get();
        if (set != null) {
            set.close();
        }
    }
}
