package io.smsnotifier.worker.providers;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The services configuration declares ({@code notifier.sms.services.<name>}), each read with the settings its
 * type declares: the common ones come bound in {@link SmsServicesProperties}, the type's own are bound here one
 * by one, with Spring's relaxed binding ({@code access-key} in YAML, {@code ..._ACCESSKEY} in the environment).
 * Immutable once made.
 */
@Component
public class ConfiguredServices {

    /** Per-service settings that became one policy for every service (issue 18). */
    private static final List<String> MOVED = List.of("allow-private-network", "allowed-addresses");

    private final Map<String, ServiceDefinition> definitions;

    ConfiguredServices(SmsServicesProperties properties, ServiceTypes types, Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, ServiceDefinition> read = new LinkedHashMap<>();
        properties.services().forEach((name, common) -> {
            ConfigurationPropertyName prefix = prefix(name);
            for (String moved : MOVED) {
                if (binder.bind(prefix.append(moved), Bindable.of(Object.class)).isBound()) {
                    throw new IllegalStateException("notifier.sms.services." + name + "." + moved + " is no longer "
                            + "a setting of a service: list the private ranges every service may reach in "
                            + "notifier.sms.allowed-private-networks");
                }
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            for (ServiceSetting setting : types.settings(common.type())) {
                ConfigurationPropertyName key = prefix.append(setting.property());
                Object value = switch (setting.kind()) {
                    case HEADERS -> binder.bind(key, Bindable.mapOf(String.class, String.class)).orElse(null);
                    case FLAG -> binder.bind(key, Bindable.of(Boolean.class)).orElse(null);
                    case TEXT, ENDPOINT, URL -> binder.bind(key, Bindable.of(String.class)).orElse(null);
                };
                if (value != null) {
                    settings.put(setting.name(), value);
                }
            }
            read.put(name, new ServiceDefinition(common, settings));
        });
        this.definitions = Collections.unmodifiableMap(read);
    }

    /**
     * {@code notifier.sms.services.<name>}: a name that is a valid property element as it is ({@code aliyun-main})
     * is matched the way relaxed binding matches it (environment variables included); any other in brackets.
     */
    static ConfigurationPropertyName prefix(String name) {
        String dotted = "notifier.sms.services." + name;
        return ConfigurationPropertyName.isValid(dotted) ? ConfigurationPropertyName.of(dotted)
                : ConfigurationPropertyName.of("notifier.sms.services").append("[" + name + "]");
    }

    /** By name, in the order configuration lists them. */
    public Map<String, ServiceDefinition> definitions() {
        return definitions;
    }

    public boolean isConfigured(String name) {
        return definitions.containsKey(name);
    }
}
