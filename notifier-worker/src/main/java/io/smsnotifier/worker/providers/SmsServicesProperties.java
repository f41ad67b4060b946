package io.smsnotifier.worker.providers;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code notifier.sms.*}: the named SMS services and how traffic is routed between them. {@link #toString()}
 * never shows a secret.
 */
@Validated
@ConfigurationProperties("notifier.sms")
public record SmsServicesProperties(@DefaultValue("failover") @NotNull Routing routing,
                                    Map<String, @Valid Service> services,
                                    @DefaultValue @Valid CircuitBreaker circuitBreaker,
                                    @DefaultValue("10m") Duration opsBlockHold) {

    public SmsServicesProperties {
        services = services == null ? Map.of() : Map.copyOf(services);
    }

    public enum Routing { FAILOVER, RANDOM, WEIGHTED }

    public enum Type { ALIYUN, TENCENT, WEBHOOK, SANDBOX }

    /**
     * One service account. Which settings apply depends on {@code type}; the {@link SmsProviderFactory} of that
     * type checks that the ones it needs are there and names any that is missing.
     *
     * @param priority        lower goes first in {@code failover} routing
     * @param weight          share of traffic in {@code weighted} routing
     * @param endpoint        vendor API endpoint ({@code https://dysmsapi.aliyuncs.com}); {@code http://} only for
     *                        simulators
     * @param maxQps          requests per second this service may receive from this worker
     * @param maxParamLength  longest template parameter value the vendor accepts (0: no limit); defaults by type
     * @param exclusive       a service that takes all traffic and disables the others (only a webhook may)
     * @param allowPrivateNetwork a webhook may reach loopback, private and link-local addresses (cloud metadata
     *                        endpoints stay closed)
     * @param allowedAddresses IP addresses a webhook may reach whatever the rules say, metadata endpoints included
     */
    public record Service(@NotNull Type type, @DefaultValue("true") boolean enabled,
                          @DefaultValue("100") int priority, @DefaultValue("1") @Positive int weight,
                          @Nullable String endpoint, @Nullable String region,
                          @Nullable String accessKey, @Nullable String accessSecret,
                          @Nullable String secretId, @Nullable String secretKey, @Nullable String sdkAppId,
                          @Nullable String signName,
                          @Nullable String url, Map<String, String> headers, @Nullable String signature,
                          @DefaultValue("false") boolean exclusive, @DefaultValue("false") boolean allowPrivateNetwork,
                          List<String> allowedAddresses,
                          @DefaultValue("100") @Positive int maxQps, @Nullable @PositiveOrZero Integer maxParamLength,
                          @DefaultValue("3s") Duration connectTimeout, @DefaultValue("10s") Duration readTimeout) {

        public Service {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            allowedAddresses = allowedAddresses == null ? List.of() : List.copyOf(allowedAddresses);
        }

        /** The credential that identifies the account (access key or secret id), masked: {@code LTAI****}. */
        public @Nullable String maskedCredential() {
            String id = accessKey != null ? accessKey : secretId;
            if (id == null || id.isBlank()) {
                return null;
            }
            return id.length() <= 8 ? "****" : id.substring(0, 4) + "****";
        }

        @Override
        public String toString() {
            return "Service[type=" + type + ", enabled=" + enabled + ", priority=" + priority + ", weight=" + weight
                    + ", endpoint=" + endpoint + ", credential=" + maskedCredential() + ", signName=" + signName
                    + ", url=" + redactedUrl(url) + ", headers=" + headers.keySet() + ", exclusive=" + exclusive
                    + ", maxQps=" + maxQps + "]";
        }
    }

    /**
     * Where a URL goes without what it carries: no {@code user:password@}, query or fragment, which may hold a
     * token. For {@code toString}, the admin API and logs.
     */
    public static @Nullable String redactedUrl(@Nullable String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "(not a URL)";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (URISyntaxException e) {
            return "(not a URL)";
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
