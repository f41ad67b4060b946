package io.smsnotifier.worker.providers;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsnotifier.worker.instances.Instances;
import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes a {@link ServiceSet} from the configured services: a provider from the factory of each enabled service's
 * type, a circuit breaker, a rate share. Breakers live in one registry whose metrics are bound once, so that a set
 * made again for the same names keeps their breakers.
 */
final class ServiceSetFactory {

    /**
     * Requests leave evenly spaced at this share of {@code max-qps}: what the vendor counts is arrivals, and
     * network or scheduling jitter can bunch requests that left evenly spaced.
     */
    private static final double QPS_HEADROOM = 0.9;

    private final ServiceTypes types;
    private final CircuitBreakerRegistry breakers;
    private final MeterRegistry meters;
    private final Instances instances;
    private final int requestsPerMessage;
    private final Clock clock = Clock.systemUTC();

    ServiceSetFactory(SmsServicesProperties.CircuitBreaker breaker, int requestsPerMessage, ServiceTypes types,
                      MeterRegistry meters, Instances instances) {
        this.requestsPerMessage = requestsPerMessage;
        this.types = types;
        this.breakers = CircuitBreakerRegistry.of(breakerConfig(breaker));
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        this.meters = meters;
        this.instances = instances;
    }

    /** A set, and the services that could not be made part of it with the reason. */
    record Built(ServiceSet set, Map<String, String> leftOut) {
    }

    /**
     * A set of the enabled services of {@code configured} and {@code stored} (at the versions {@code revisions}
     * gives). A service of {@code previous} whose
     * definition did not change is handed on as it is, with its provider, breaker, rate share and hold; a changed
     * one gets a new provider and hold and a closed breaker (new settings may well cure what opened it). A stored
     * service that cannot be made (its address is refused, say) is left out with the reason; the others run.
     *
     * @throws IllegalStateException naming the property, when a configured service's settings are wrong or
     *                               missing, or when no service is left
     */
    Built create(Map<String, ServiceDefinition> configured, Map<String, ServiceDefinition> stored,
                 Map<String, Long> revisions, SmsServicesProperties.Routing routing, Duration opsBlockHold, @Nullable ServiceSet previous) {
        Map<String, ServiceDefinition> all = new LinkedHashMap<>(stored);
        all.putAll(configured);
        List<ServiceSlot> slots = new ArrayList<>();
        List<ServiceSlot> made = new ArrayList<>();
        Map<String, String> leftOut = new TreeMap<>();
        try {
            // By priority: when several configured services are wrong, the one tried first is the one reported.
            all.entrySet().stream()
                    .filter(entry -> entry.getValue().enabled())
                    .sorted(Comparator.comparingInt((Map.Entry<String, ServiceDefinition> entry) ->
                            entry.getValue().common().priority()).thenComparing(Map.Entry::getKey))
                    .forEach(entry -> {
                        String name = entry.getKey();
                        ServiceSlot unchanged = previous == null ? null : previous.named(name);
                        if (unchanged != null && unchanged.config.equals(entry.getValue())) {
                            slots.add(unchanged);
                            return;
                        }
                        ServiceSlot slot;
                        try {
                            slot = slot(name, configured.containsKey(name) ? null : revisions.get(name),
                                    entry.getValue(), opsBlockHold);
                        } catch (RuntimeException e) {
                            if (configured.containsKey(name)) {
                                throw e;
                            }
                            leftOut.put(name, "it cannot be made: " + e.getMessage());
                            return;
                        }
                        made.add(slot);
                        slots.add(slot);
                        if (unchanged != null) {
                            breakers.circuitBreaker(name).reset();
                        }
                    });
            return new Built(new ServiceSet(slots, routing), leftOut);
        } catch (RuntimeException e) {
            // The providers made here must not keep their connections and threads; handed-on ones stay open.
            made.forEach(ServiceSlot::close);
            throw e;
        }
    }

    /**
     * What is wrong with {@code definition} for a service named {@code name}, one entry per setting, without
     * making it part of any set: every required setting of its type that is missing, then whatever the type's
     * factory refuses (an endpoint's scheme, an address the destination policy refuses).
     */
    List<SettingProblem> check(String name, ServiceDefinition definition) {
        SmsProviderFactory adapter = types.factory(definition.type());
        if (adapter == null) {
            return List.of(new SettingProblem("type", "no adapter for " + definition.type()));
        }
        List<SettingProblem> problems = new ArrayList<>();
        for (ServiceSetting setting : adapter.settings()) {
            if (setting.required() && definition.text(setting.name()) == null) {
                problems.add(new SettingProblem(setting.name(), "is required for type "
                        + ServiceTypes.name(definition.type())));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        try (SmsProvider provider = adapter.create(new ServiceSettings(name, definition))) {
            return List.of();
        } catch (IllegalStateException e) {
            return List.of(SettingProblem.of(name, e.getMessage()));
        }
    }

    /**
     * A slot for a draft service that belongs to no set: its own breaker and hold, counted in a registry of its
     * own, so that a test of a draft leaves the services in rotation and their figures alone. Close it after use.
     */
    ServiceSlot draft(String name, ServiceDefinition definition, Duration opsBlockHold) {
        SmsProviderFactory adapter = adapter(name, definition);
        SimpleMeterRegistry draftMeters = new SimpleMeterRegistry();
        CircuitBreaker breaker = CircuitBreaker.of(name, breakers.getDefaultConfig());
        return new ServiceSlot(name, null, definition, ShownSettings.of(adapter.settings(), definition),
                adapter.create(new ServiceSettings(name, definition)), breaker,
                RateShare.of(new DepartureLimiter(definition.common().maxQps() * QPS_HEADROOM), instances),
                new OpsHold(name, breaker, opsBlockHold, draftMeters, clock), draftMeters, requestsPerMessage);
    }

    private SmsProviderFactory adapter(String name, ServiceDefinition definition) {
        SmsProviderFactory adapter = types.factory(definition.type());
        if (adapter == null) {
            throw new IllegalStateException("notifier.sms.services." + name + ".type: no adapter for "
                    + definition.type());
        }
        return adapter;
    }

    private ServiceSlot slot(String name, @Nullable Long revision, ServiceDefinition definition,
                             Duration opsBlockHold) {
        SmsProviderFactory adapter = adapter(name, definition);
        SmsProvider provider = adapter.create(new ServiceSettings(name, definition));
        RateShare rate = RateShare.of(new DepartureLimiter(definition.common().maxQps() * QPS_HEADROOM), instances);
        CircuitBreaker breaker = breakers.circuitBreaker(name);
        return new ServiceSlot(name, revision, definition, ShownSettings.of(adapter.settings(), definition), provider,
                breaker,
                rate, new OpsHold(name, breaker, opsBlockHold, meters, clock), meters, requestsPerMessage);
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
}
