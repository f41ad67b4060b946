package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.ServiceStatus;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A service as the admin API shows it: its settings without a secret (which secrets are set, by name; the
 * account's key id masked; URLs without what they carry), where it comes from, and its state in rotation.
 *
 * @param source      {@code configuration} (read-only here) or {@code database}
 * @param version     the stored version to send as {@code If-Match}; null for a configured service
 * @param secrets     the secret settings that are set ({@code accessSecret}, {@code headers}, ...), never values
 * @param unavailable why a stored service cannot run (a secret that does not open), or null
 */
public record ServiceView(String name, String source, @Nullable Long version, String type, boolean enabled, int priority,
                   int weight, boolean exclusive, boolean inRotation, @Nullable String circuit,
                   @Nullable Instant blockedUntil, @Nullable String blockedBy, int maxQps, @Nullable String signName,
                   @Nullable String credential, @Nullable String endpoint, @Nullable String region,
                   @Nullable String url, List<String> headers, boolean allowPrivateNetwork,
                   List<String> allowedAddresses, @Nullable Integer maxParamLength, String connectTimeout,
                   String readTimeout, List<String> secrets, @Nullable String unavailable,
                   @Nullable Instant updatedAt, @Nullable String updatedBy) {

    public static final String CONFIGURATION = "configuration";
    public static final String DATABASE = "database";

    static ServiceView of(String name, String source, @Nullable Long version, SmsServicesProperties.Service service,
                          List<String> secrets, @Nullable ServiceStatus status, @Nullable String unavailable,
                          @Nullable Instant updatedAt, @Nullable String updatedBy) {
        String url = SmsServicesProperties.redactedUrl(service.url());
        return new ServiceView(name, source, version, service.type().name().toLowerCase(Locale.ROOT),
                service.enabled(), service.priority(), service.weight(), service.exclusive(),
                status != null && status.inRotation(), status == null ? null : status.circuit(),
                status == null ? null : status.blockedUntil(), status == null ? null : status.blockedBy(),
                service.maxQps(), service.signName(), service.maskedCredential(),
                url != null ? url : SmsServicesProperties.redactedUrl(service.endpoint()), service.region(), url,
                List.copyOf(service.headers().keySet()), service.allowPrivateNetwork(), service.allowedAddresses(),
                service.maxParamLength(), service.connectTimeout().toMillis() + "ms",
                service.readTimeout().toMillis() + "ms", secrets, unavailable, updatedAt, updatedBy);
    }
}
