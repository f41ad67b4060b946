package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;

/** One enabled service's settings with its name, for the {@link SmsProviderFactory} of its type. */
public record ServiceSettings(String name, SmsServicesProperties.Service settings) {

    /** The full name of one of this service's properties: {@code notifier.sms.services.<name>.<key>}. */
    public String property(String key) {
        return "notifier.sms.services." + name + "." + key;
    }

    /** @throws IllegalStateException naming the property, when {@code value} is missing or blank */
    public String required(@Nullable String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property(key) + " is required for this service type");
        }
        return value;
    }

    public static String orDefault(@Nullable String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
