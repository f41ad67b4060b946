package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.ServiceSetting;
import io.smsnotifier.worker.providers.ServiceTypes;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A service as the admin API and the console's form give it: its name, the settings every service has and the
 * settings of its type by name (those the document gives; a left-out one is absent). What works under
 * {@code notifier.sms.services.<name>} in YAML works here, in camelCase. Immutable.
 *
 * @param settings the type's settings the document gives, typed as {@link ServiceSetting#problem} checks them
 */
public record ServiceDocument(@Nullable String name, SmsServicesProperties.@Nullable Type type,
                              @Nullable Boolean enabled, @Nullable Integer priority, @Nullable Integer weight,
                              @Nullable Integer maxQps, @Nullable Integer maxParamLength,
                              @Nullable Duration connectTimeout, @Nullable Duration readTimeout,
                              Map<String, Object> settings, @Nullable Long version) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public ServiceDocument {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * A document from the admin API's JSON, its values checked ({@link #check}).
     *
     * @throws FieldErrors.InvalidDocument naming every field of the wrong JSON type, that its type lacks, or
     *                                     whose value is wrong
     */
    public static ServiceDocument fromJson(@Nullable JsonNode json, ServiceTypes types) {
        FieldErrors errors = new FieldErrors();
        ServiceDocument document = ServiceJson.read(json, types, errors, true);
        if (json != null && json.isObject()) {
            document.check(types, errors);
        }
        errors.throwIfAny("the service");
        return document;
    }

    /** This document under another name (the path's, for an update). */
    ServiceDocument named(String other) {
        return new ServiceDocument(other, type, enabled, priority, weight, maxQps, maxParamLength, connectTimeout,
                readTimeout, settings, version);
    }

    /**
     * Checks of the values on their own, one error per field: the name, the common settings' ranges, and each of
     * the type's settings as its adapter declares it (an unknown one is named: a typo must not go unnoticed).
     */
    void check(ServiceTypes types, FieldErrors errors) {
        if (name != null && !NAME.matcher(name).matches()) {
            errors.add("name", "must be 1 to 64 letters, digits, '-' or '_', starting with a letter or digit");
        } else if ("new".equals(name)) {
            errors.add("name", "'new' is reserved (/console/services/new)");
        }
        if (type == null) {
            if (!errors.has("type")) {
                errors.add("type", "is required: " + types.names());
            }
            return;
        }
        range(errors, "priority", priority, 0, 10_000);
        range(errors, "weight", weight, 1, 1000);
        range(errors, "maxQps", maxQps, 1, 100_000);
        range(errors, "maxParamLength", maxParamLength, 0, 10_000);
        timeout(errors, "connectTimeout", connectTimeout);
        timeout(errors, "readTimeout", readTimeout);
        settings.forEach((field, value) -> {
            ServiceSetting setting = types.setting(type, field);
            if (setting == null) {
                errors.add(field, "is not a setting of a " + ServiceTypes.name(type) + " service");
            } else {
                String problem = setting.problem(value);
                if (problem != null) {
                    errors.add(field, problem);
                }
            }
        });
    }

    /** The definition this document makes, with the defaults of configuration for what it does not give. */
    ServiceDefinition definition() {
        if (type == null) {
            throw new IllegalStateException("a service needs a type");
        }
        return new ServiceDefinition(new SmsServicesProperties.Service(type, enabled == null || enabled,
                priority == null ? 100 : priority, weight == null ? 1 : weight, maxQps == null ? 100 : maxQps,
                maxParamLength, connectTimeout == null ? Duration.ofSeconds(3) : connectTimeout,
                readTimeout == null ? Duration.ofSeconds(10) : readTimeout), settings);
    }

    private static void range(FieldErrors errors, String field, @Nullable Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            errors.add(field, "must be a whole number from " + min + " to " + max);
        }
    }

    private static void timeout(FieldErrors errors, String field, @Nullable Duration timeout) {
        if (timeout != null && (timeout.compareTo(Duration.ofMillis(100)) < 0
                || timeout.compareTo(Duration.ofSeconds(60)) > 0)) {
            errors.add(field, "must be between 100ms and 60s");
        }
    }
}
