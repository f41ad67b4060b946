package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One service's settings, wherever they come from (configuration or the catalog): the settings every service has
 * ({@link SmsServicesProperties.Service}: type, enabled, priority, weight, {@code maxQps}, timeouts) and the ones
 * its type declares ({@link ServiceSetting}), by name, secrets opened. Two definitions are equal when every
 * setting is, which is how a set of services knows a service did not change. {@link #toString()} shows no value
 * of the type's settings. Immutable.
 *
 * @param settings the type's settings that are set, by camelCase name: strings, booleans, header maps
 */
public record ServiceDefinition(SmsServicesProperties.Service common, Map<String, Object> settings) {

    public ServiceDefinition {
        Map<String, Object> copy = new LinkedHashMap<>();
        settings.forEach((name, value) -> {
            if (value instanceof Map<?, ?> map) {
                copy.put(name, Map.copyOf(map));
            } else if (value != null && !(value instanceof String text && text.isBlank())) {
                copy.put(name, value);
            }
        });
        settings = java.util.Collections.unmodifiableMap(copy);
    }

    public SmsServicesProperties.Type type() {
        return common.type();
    }

    public boolean enabled() {
        return common.enabled();
    }

    /** The text of a setting, or null when it is not set. */
    public @Nullable String text(String name) {
        Object value = settings.get(name);
        return value == null ? null : value.toString().strip();
    }

    public boolean flag(String name) {
        return Boolean.TRUE.equals(settings.get(name));
    }

    /** A header map setting; empty when not set. */
    @SuppressWarnings("unchecked")
    public Map<String, String> headers(String name) {
        Object value = settings.get(name);
        return value instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
    }

    /** This definition with other common settings (enabled, say). */
    public ServiceDefinition with(SmsServicesProperties.Service otherCommon) {
        return new ServiceDefinition(otherCommon, settings);
    }

    /** This definition without the settings named. */
    public ServiceDefinition without(List<String> names) {
        Map<String, Object> kept = new LinkedHashMap<>(settings);
        names.forEach(kept::remove);
        return new ServiceDefinition(common, kept);
    }

    @Override
    public String toString() {
        return "ServiceDefinition[" + common + ", settings=" + new TreeSet<>(settings.keySet()) + "]";
    }
}
