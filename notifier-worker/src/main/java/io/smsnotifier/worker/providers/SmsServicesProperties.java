package io.smsnotifier.worker.providers;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Map;

/**
 * {@code notifier.sms.*}: the named SMS services and how traffic is routed between them. Secrets are not
 * here: they are settings of a service's type ({@link ServiceDefinition}).
 *
 * @param requestsPerMessage how many of one message's requests to one service are in flight at once (a message
 *                           to 1,000 numbers is five requests at Tencent Cloud); 1 sends them one after the
 *                           other. At most 50, the requests of the largest event by default (10,000 numbers, 200
 *                           a request): each one in flight holds a connection to the vendor
 */
@Validated
@ConfigurationProperties("notifier.sms")
public record SmsServicesProperties(@DefaultValue("failover") @NotNull Routing routing,
                                    Map<String, @Valid Service> services,
                                    @DefaultValue @Valid CircuitBreaker circuitBreaker,
                                    @DefaultValue("10m") Duration opsBlockHold,
                                    @DefaultValue("8") @Positive @Max(50) int requestsPerMessage) {

    public SmsServicesProperties {
        services = services == null ? Map.of() : Map.copyOf(services);
    }

    public enum Routing { FAILOVER, RANDOM, WEIGHTED }

    public enum Type { ALIYUN, TENCENT, WEBHOOK, SANDBOX }

    /**
     * The settings every service has, whatever its type. The type's own settings (credentials, endpoint, sign
     * name, URL, ...) are declared by its adapter ({@link SmsProviderFactory#settings()}) and read from
     * {@code notifier.sms.services.<name>.<setting>} by {@link ConfiguredServices}, or from the catalog.
     *
     * @param priority       lower goes first in {@code failover} routing
     * @param weight         share of traffic in {@code weighted} routing
     * @param maxQps         requests per second this service may receive from this worker
     * @param maxParamLength longest template parameter value the vendor accepts (0: no limit); defaults by type
     */
    public record Service(@NotNull Type type, @DefaultValue("true") boolean enabled,
                          @DefaultValue("100") int priority, @DefaultValue("1") @Positive int weight,
                          @DefaultValue("100") @Positive int maxQps, @Nullable @PositiveOrZero Integer maxParamLength,
                          @DefaultValue("3s") Duration connectTimeout, @DefaultValue("10s") Duration readTimeout) {

        /** These settings, enabled or not. */
        public Service withEnabled(boolean on) {
            return new Service(type, on, priority, weight, maxQps, maxParamLength, connectTimeout, readTimeout);
        }
    }

    /**
     * Per-service circuit breaker: opens when {@code failureRateThreshold} percent of the last
     * {@code slidingWindowSize} requests failed in a way that retrying elsewhere could fix (timeouts, 5xx,
     * throttling), stays open {@code waitInOpenState}, then lets {@code permittedCallsInHalfOpenState} through.
     * A half-open circuit whose trial requests have not all answered within {@code maxWaitInHalfOpenState} opens
     * again, so that it never stays half-open, refusing everything, for good.
     */
    public record CircuitBreaker(@DefaultValue("20") @Positive int slidingWindowSize,
                                 @DefaultValue("5") @Positive int minimumNumberOfCalls,
                                 @DefaultValue("50") @Positive float failureRateThreshold,
                                 @DefaultValue("30s") Duration waitInOpenState,
                                 @DefaultValue("2") @Positive int permittedCallsInHalfOpenState,
                                 @DefaultValue("60s") Duration maxWaitInHalfOpenState) {
    }
}
