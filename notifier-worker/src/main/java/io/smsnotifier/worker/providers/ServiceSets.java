package io.smsnotifier.worker.providers;

import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.failures.TransientDeliveryFailure;
import io.smsnotifier.worker.instances.Instances;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The set of services in force, behind the three faces its callers use: {@link SmsServices} (delivery),
 * {@link ServicesInForce} (the catalog), {@link ServiceStatuses} (views and health). A call acquires the set it
 * reads and releases it when done, so that a replaced set closes what it did not hand on only after its last
 * call. Thread-safe.
 */
@Component
class ServiceSets {

    private static final Logger log = LoggerFactory.getLogger(ServiceSets.class);

    final SmsServicesProperties properties;
    final ConfiguredServices configured;
    final ServiceSetFactory factory;
    private final QueryHandles queryHandles;
    /** Null until the first set is in force: when configuration declares no service, the stored ones make it. */
    private final AtomicReference<@Nullable ServiceSet> current = new AtomicReference<>();
    private volatile Map<String, String> unavailable = Map.of();

    ServiceSets(SmsServicesProperties properties, ConfiguredServices configured, ServiceTypes types,
                MeterRegistry meters, Instances instances, ObjectProvider<StoredRevisions> revisions) {
        this.properties = properties;
        this.configured = configured;
        this.factory = new ServiceSetFactory(properties.circuitBreaker(), properties.requestsPerMessage(), types, meters,
                instances);
        this.queryHandles = new QueryHandles(types, configured, revisions);
        if (configured.definitions().values().stream().anyMatch(ServiceDefinition::enabled)) {
            current.set(factory.create(configured.definitions(), Map.of(), Map.of(), properties.routing(),
                    properties.opsBlockHold(), null).set());
        }
    }

    /**
     * Puts the configured services together with {@code stored} in force; see {@link ServicesInForce#apply}.
     *
     * @return the stored services that are not in force, with the reason
     */
    synchronized Map<String, String> apply(Map<String, ServiceDefinition> stored, Map<String, Long> revisions,
                                           Map<String, String> cannotOpen) {
        Map<String, ServiceDefinition> own = new LinkedHashMap<>(stored);
        for (String name : configured.definitions().keySet()) {
            if (own.remove(name) != null) {
                log.warn("stored sms service {} is ignored: configuration declares a service of that name", name);
            }
        }
        ServiceSet previous = current.get();
        ServiceSetFactory.Built built = factory.create(configured.definitions(), own, revisions, properties.routing(),
                properties.opsBlockHold(), previous);
        current.set(built.set());
        Map<String, String> leftOut = new TreeMap<>(cannotOpen);
        leftOut.putAll(built.leftOut());
        this.unavailable = Map.copyOf(leftOut);
        if (previous != null) {
            previous.retire(new HashSet<>(built.set().slots()));
        }
        return unavailable;
    }

    Map<String, String> unavailable() {
        return unavailable;
    }

    /** The set in force, without counting a call into it: for reading its state. */
    @Nullable ServiceSet current() {
        return current.get();
    }

    /** The set in force, counted as in use until {@link ServiceSet#release()}. */
    ServiceSet acquire() {
        while (true) {
            ServiceSet set = current.get();
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
     * Asks {@code service} whether a request whose answer was lost reached {@code phone}, with the settings it
     * went out with: the slot in force when it is still that version, else a query-only handle of that version.
     * A row from before versions were recorded (null, not a configured service) is asked of the slot in force.
     */
    Optional<Boolean> wasSent(String service, @Nullable Long revision, String phone, OutId outId, Instant sentAt) {
        return ask(service, revision, provider -> provider.wasSent(phone, outId, sentAt), Optional.empty());
    }

    /** Asks {@code service} for its messages' handset reports, with the settings they went out with (as above). */
    List<PulledReport> pullReports(String service, @Nullable Long revision, List<SentMessage> messages) {
        return ask(service, revision, provider -> provider.pullReports(messages), List.of());
    }

    /** The enabled services in force whose reports the worker asks for ({@link ReceiptMode#pulled()}). */
    List<String> pulled() {
        ServiceSet set = current.get();
        return set == null ? List.of() : set.slots().stream()
                .filter(slot -> ReceiptMode.of(slot.config).pulled()).map(slot -> slot.name).toList();
    }

    /** Asks the slot in force: a review is of the account as it is now, not as a message went out. */
    Optional<TemplateReview> reviewOf(String service, String vendorCode) {
        ServiceSet set = acquire();
        try {
            ServiceSlot slot = set.named(service);
            return slot == null ? Optional.empty() : slot.provider.reviewOf(vendorCode);
        } finally {
            set.release();
        }
    }

    /** The services in the pool that send a vendor's template rather than rendered text. */
    List<String> reviewed() {
        ServiceSet set = current.get();
        return set == null ? List.of() : set.pool().stream().filter(slot -> !slot.provider.sendsRenderedText())
                .map(slot -> slot.name).toList();
    }

    private <T> T ask(String service, @Nullable Long revision, Function<SmsProvider, T> query, T cannotTell) {
        ServiceSet set = acquire();
        try {
            ServiceSlot slot = set.named(service);
            if (slot != null && (Objects.equals(slot.revision, revision)
                    || revision == null && !configured.isConfigured(service))) {
                return query.apply(slot.provider);
            }
        } finally {
            set.release();
        }
        return queryHandles.ask(service, revision, query, cannotTell);
    }

    /** Lets go of every provider's connections and threads (the SDK clients among them) when the worker stops. */
    @PreDestroy
    void close() {
        ServiceSet set = current.get();
        if (set != null) {
            set.close();
        }
        queryHandles.close();
    }
}
