package io.smsnotifier.worker.providers;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.smsnotifier.worker.instances.Instances;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
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

    /** @throws IllegalStateException naming the property, when a service's settings are wrong or missing */
    ServiceSet create(SmsServicesProperties properties) {
        List<ServiceSlot> slots = new ArrayList<>();
        try {
            // By priority: the first Alibaba Cloud client made sets the SDK's shared HTTP client's defaults.
            properties.services().entrySet().stream()
                    .filter(entry -> entry.getValue().enabled())
                    .sorted(Comparator.comparingInt((Map.Entry<String, SmsServicesProperties.Service> entry) ->
                            entry.getValue().priority()).thenComparing(Map.Entry::getKey))
                    .forEach(entry -> slots.add(slot(entry.getKey(), entry.getValue(), properties)));
            return new ServiceSet(slots, properties.routing());
        } catch (RuntimeException e) {
            // Start-up fails; the providers made so far must not keep their connections and threads.
            slots.forEach(ServiceSlot::close);
            throw e;
        }
    }

    private ServiceSlot slot(String name, SmsServicesProperties.Service config, SmsServicesProperties properties) {
        SmsProviderFactory adapter = adapters.get(config.type());
        if (adapter == null) {
            throw new IllegalStateException("notifier.sms.services." + name + ".type: no adapter for "
                    + config.type());
        }
        SmsProvider provider = adapter.create(new ServiceSettings(name, config));
        RateShare rate = RateShare.of(new DepartureLimiter(config.maxQps() * QPS_HEADROOM), instances);
        CircuitBreaker breaker = breakers.circuitBreaker(name);
        return new ServiceSlot(name, config, provider, breaker, rate,
                new OpsHold(name, breaker, properties.opsBlockHold(), meters, clock), meters);
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
