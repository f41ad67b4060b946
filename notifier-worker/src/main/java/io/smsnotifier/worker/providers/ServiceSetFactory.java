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
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    private final Map<SmsServicesProperties.Type, SmsProviderFactory> adapters =
            new EnumMap<>(SmsServicesProperties.Type.class);
    private final CircuitBreakerRegistry breakers;
    private final MeterRegistry meters;
    private final Instances instances;
    private final Clock clock = Clock.systemUTC();

    ServiceSetFactory(SmsServicesProperties.CircuitBreaker breaker, List<SmsProviderFactory> adapters,
                      MeterRegistry meters, Instances instances) {
        for (SmsProviderFactory adapter : adapters) {
            if (this.adapters.put(adapter.type(), adapter) != null) {
                throw new IllegalStateException("two SMS provider factories for type " + adapter.type());
            }
        }
        this.breakers = CircuitBreakerRegistry.of(breakerConfig(breaker));
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        this.meters = meters;
        this.instances = instances;
    }

    /**
     * A set of the enabled services of {@code services}. A service of {@code previous} whose settings did not
     * change is handed on as it is, with its provider, breaker, rate share and hold; a changed one gets a new
     * provider and hold and a closed breaker (new settings may well cure what opened it).
     *
     * @throws IllegalStateException naming the property, when a service's settings are wrong or missing
     */
    ServiceSet create(Map<String, SmsServicesProperties.Service> services, SmsServicesProperties.Routing routing,
                      Duration opsBlockHold, @Nullable ServiceSet previous) {
        List<ServiceSlot> slots = new ArrayList<>();
        List<ServiceSlot> made = new ArrayList<>();
        try {
            // By priority: when several services are wrong, the one tried first is the one reported.
            services.entrySet().stream()
                    .filter(entry -> entry.getValue().enabled())
                    .sorted(Comparator.comparingInt((Map.Entry<String, SmsServicesProperties.Service> entry) ->
                            entry.getValue().priority()).thenComparing(Map.Entry::getKey))
                    .forEach(entry -> {
                        ServiceSlot unchanged = previous == null ? null : previous.named(entry.getKey());
                        if (unchanged != null && unchanged.config.equals(entry.getValue())) {
                            slots.add(unchanged);
                            return;
                        }
                        ServiceSlot slot = slot(entry.getKey(), entry.getValue(), opsBlockHold);
                        made.add(slot);
                        slots.add(slot);
                        if (unchanged != null) {
                            breakers.circuitBreaker(entry.getKey()).reset();
                        }
                    });
            return new ServiceSet(slots, routing);
        } catch (RuntimeException e) {
            // The providers made here must not keep their connections and threads; handed-on ones stay open.
            made.forEach(ServiceSlot::close);
            throw e;
        }
    }

    /**
     * What is wrong with {@code settings} for a service named {@code name}, one entry per setting, without
     * making it part of any set: every required setting of its type that is missing, then whatever the type's
     * factory refuses (an endpoint's scheme, a webhook address the SSRF guard blocks).
     */
    List<SettingProblem> check(String name, SmsServicesProperties.Service settings) {
        SmsProviderFactory adapter = adapters.get(settings.type());
        if (adapter == null) {
            return List.of(new SettingProblem("type", "no adapter for " + settings.type()));
        }
        List<SettingProblem> problems = new ArrayList<>();
        for (String setting : adapter.requiredSettings()) {
            if (SettingProblem.isBlank(settings, setting)) {
                problems.add(new SettingProblem(setting, "is required for type "
                        + settings.type().name().toLowerCase(Locale.ROOT)));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        try (SmsProvider provider = adapter.create(new ServiceSettings(name, settings))) {
            return List.of();
        } catch (IllegalStateException e) {
            return List.of(SettingProblem.of(name, e.getMessage()));
        }
    }

    /**
     * A slot for a draft service that belongs to no set: its own breaker and hold, counted in a registry of its
     * own, so that a test of a draft leaves the services in rotation and their figures alone. Close it after use.
     */
    ServiceSlot draft(String name, SmsServicesProperties.Service settings, Duration opsBlockHold) {
        SmsProviderFactory adapter = adapter(name, settings);
        SimpleMeterRegistry draftMeters = new SimpleMeterRegistry();
        CircuitBreaker breaker = CircuitBreaker.of(name, breakers.getDefaultConfig());
        return new ServiceSlot(name, settings, adapter.create(new ServiceSettings(name, settings)), breaker,
                RateShare.of(new DepartureLimiter(settings.maxQps() * QPS_HEADROOM), instances),
                new OpsHold(name, breaker, opsBlockHold, draftMeters, clock), draftMeters);
    }

    private SmsProviderFactory adapter(String name, SmsServicesProperties.Service config) {
        SmsProviderFactory adapter = adapters.get(config.type());
        if (adapter == null) {
            throw new IllegalStateException("notifier.sms.services." + name + ".type: no adapter for "
                    + config.type());
        }
        return adapter;
    }

    private ServiceSlot slot(String name, SmsServicesProperties.Service config, Duration opsBlockHold) {
        SmsProvider provider = adapter(name, config).create(new ServiceSettings(name, config));
        RateShare rate = RateShare.of(new DepartureLimiter(config.maxQps() * QPS_HEADROOM), instances);
        CircuitBreaker breaker = breakers.circuitBreaker(name);
        return new ServiceSlot(name, config, provider, breaker, rate,
                new OpsHold(name, breaker, opsBlockHold, meters, clock), meters);
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
