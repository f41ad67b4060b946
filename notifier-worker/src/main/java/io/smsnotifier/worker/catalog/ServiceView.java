package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.ServiceStatus;
import io.smsnotifier.worker.providers.ServiceTypes;
import io.smsnotifier.worker.providers.ShownSettings;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A service as the admin API and the console show it: the settings every service has, its type's settings
 * without a secret ({@code settings}: account ids masked, URLs without what they may carry, header names only),
 * which secrets are set, where it comes from, and its state in rotation.
 *
 * @param source      {@code configuration} (read-only here) or {@code database}
 * @param version     the stored version to send as {@code If-Match}; null for a configured service
 * @param settings    the type's settings that are set, as they may be shown, by name
 * @param secrets     the sealed settings that are set ({@code accessSecret}, {@code headers}, {@code url}), by name
 * @param credential  the account id, masked ({@code LTAI****})
 * @param destination where its requests go (endpoint or URL, redacted); null for the type's default endpoint
 * @param unavailable why a stored service cannot run (a secret that does not open, an address refused), or null
 * @param receiptUrl  where the vendor pushes handset reports, shown by {@code GET
 *                    /api/sms/services/{name}} only: in full to operators, its secret redacted to viewers; else null
 */
public record ServiceView(String name, String source, @Nullable Long version, String type, boolean enabled,
                          int priority, int weight, int maxQps, @Nullable Integer maxParamLength,
                          String connectTimeout, String readTimeout, boolean exclusive, Map<String, Object> settings,
                          List<String> secrets, @Nullable String credential, @Nullable String destination,
                          boolean inRotation, @Nullable String circuit, @Nullable Instant blockedUntil,
                          @Nullable String blockedBy, @Nullable String unavailable, @Nullable Instant updatedAt,
                          @Nullable String updatedBy, @Nullable String receiptUrl) {

    public static final String CONFIGURATION = "configuration";
    public static final String DATABASE = "database";

    /** Where it was stored and by whom; all null for a configured service. */
    record Stored(@Nullable Long version, @Nullable Instant updatedAt, @Nullable String updatedBy) {
        static final Stored NONE = new Stored(null, null, null);
    }

    static ServiceView of(String name, String source, Stored stored, ServiceDefinition definition,
                          ShownSettings shown, @Nullable ServiceStatus status, @Nullable String unavailable) {
        SmsServicesProperties.Service common = definition.common();
        return new ServiceView(name, source, stored.version(), ServiceTypes.name(common.type()), common.enabled(),
                common.priority(), common.weight(), common.maxQps(), common.maxParamLength(),
                common.connectTimeout().toMillis() + "ms", common.readTimeout().toMillis() + "ms",
                definition.flag("exclusive"), shown.settings(), shown.secrets(), shown.credential(),
                shown.destination(), status != null && status.inRotation(),
                status == null ? null : status.circuit(), status == null ? null : status.blockedUntil(),
                status == null ? null : status.blockedBy(), unavailable, stored.updatedAt(), stored.updatedBy(), null);
    }

    /** This view with its receipt address. */
    public ServiceView withReceiptUrl(@Nullable String url) {
        return new ServiceView(name, source, version, type, enabled, priority, weight, maxQps, maxParamLength,
                connectTimeout, readTimeout, exclusive, settings, secrets, credential, destination, inRotation,
                circuit, blockedUntil, blockedBy, unavailable, updatedAt, updatedBy, url);
    }

    /** One shown setting, or null: for pages. */
    public @Nullable Object setting(String setting) {
        return settings.get(setting);
    }
}
