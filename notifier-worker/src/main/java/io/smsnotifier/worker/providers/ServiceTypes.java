package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service types there are adapters for, and the settings each declares: what the catalog reads, checks,
 * seals and shows, and what the console's form asks for. Immutable.
 */
@Component
public class ServiceTypes {

    private final Map<SmsServicesProperties.Type, SmsProviderFactory> factories;

    public ServiceTypes(List<SmsProviderFactory> adapters) {
        Map<SmsServicesProperties.Type, SmsProviderFactory> byType = new EnumMap<>(SmsServicesProperties.Type.class);
        for (SmsProviderFactory adapter : adapters) {
            if (byType.put(adapter.type(), adapter) != null) {
                throw new IllegalStateException("two SMS provider factories for type " + adapter.type());
            }
        }
        this.factories = Collections.unmodifiableMap(byType);
    }

    /** The types there are adapters for, in declaration order. */
    public List<SmsServicesProperties.Type> types() {
        return List.copyOf(factories.keySet());
    }

    /** The type's own settings, in the order a form shows them; empty for a type without an adapter. */
    public List<ServiceSetting> settings(SmsServicesProperties.Type type) {
        SmsProviderFactory factory = factories.get(type);
        return factory == null ? List.of() : factory.settings();
    }

    /** One setting of a type, or null when the type has none of that name. */
    public @Nullable ServiceSetting setting(SmsServicesProperties.Type type, String name) {
        return settings(type).stream().filter(setting -> setting.name().equals(name)).findFirst().orElse(null);
    }

    /** The type named ({@code aliyun}, any case), or null. */
    public static SmsServicesProperties.@Nullable Type parse(@Nullable String name) {
        if (name == null) {
            return null;
        }
        try {
            return SmsServicesProperties.Type.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code aliyun} for ALIYUN: the name documents and forms use. */
    public static String name(SmsServicesProperties.Type type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /** The names of every type, as documents take them. */
    public String names() {
        return String.join(", ", factories.keySet().stream().map(ServiceTypes::name).toList());
    }

    @Nullable SmsProviderFactory factory(SmsServicesProperties.Type type) {
        return factories.get(type);
    }
}
