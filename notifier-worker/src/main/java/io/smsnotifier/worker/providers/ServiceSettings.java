package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Map;

/** One service's name and definition, for the {@link SmsProviderFactory} of its type. */
public record ServiceSettings(String name, ServiceDefinition definition) {

    /** The full name of one of this service's properties: {@code notifier.sms.services.<name>.<key>}. */
    public String property(String key) {
        return "notifier.sms.services." + name + "." + key;
    }

    /** A text setting (camelCase name), or null when it is not set. */
    public @Nullable String text(String setting) {
        return definition.text(setting);
    }

    /** A text setting, or {@code fallback} when it is not set. */
    public String text(String setting, String fallback) {
        String value = definition.text(setting);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** @throws IllegalStateException naming the property, when the setting is missing or blank */
    public String required(ServiceSetting setting) {
        String value = definition.text(setting.name());
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property(setting.property()) + " is required for this service type");
        }
        return value;
    }

    public boolean flag(String setting) {
        return definition.flag(setting);
    }

    public Map<String, String> headers(String setting) {
        return definition.headers(setting);
    }

    public int maxQps() {
        return definition.common().maxQps();
    }

    /** The longest parameter the vendor takes: the configured one, else the type's. */
    public int maxParamLength(int typeDefault) {
        Integer configured = definition.common().maxParamLength();
        return configured != null ? configured : typeDefault;
    }

    public Duration connectTimeout() {
        return definition.common().connectTimeout();
    }

    public Duration readTimeout() {
        return definition.common().readTimeout();
    }
}
