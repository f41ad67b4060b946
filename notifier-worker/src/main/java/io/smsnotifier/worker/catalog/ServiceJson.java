package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.ServiceSetting;
import io.smsnotifier.worker.providers.ServiceTypes;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link ServiceDocument} from JSON (the admin API's body, or the clear part of a stored service): the
 * settings every service has by their JSON type, and the type's own settings by the kind its adapter declares.
 */
final class ServiceJson {

    /** The settings every service has, with {@code name} and {@code version}. */
    static final Set<String> COMMON = Set.of("name", "type", "enabled", "priority", "weight", "maxQps",
            "maxParamLength", "connectTimeout", "readTimeout", "version");

    private ServiceJson() {
    }

    /**
     * A document, adding to {@code errors} one entry per field that has the wrong JSON type and per field that is
     * no setting of the service's type (a typo such as {@code maxQPS} must not go unnoticed).
     *
     * @param strict false for stored settings, which may name settings a later version dropped
     */
    static ServiceDocument read(@Nullable JsonNode json, ServiceTypes types, FieldErrors errors, boolean strict) {
        if (json == null || !json.isObject()) {
            errors.add("", "the body must be a JSON object");
            return new ServiceDocument(null, null, null, null, null, null, null, null, null, Map.of(), null);
        }
        String typeName = JsonFields.text(json, "type", errors);
        SmsServicesProperties.Type type = ServiceTypes.parse(typeName);
        if (typeName != null && type == null) {
            errors.add("type", "must be one of " + types.names());
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String field : json.propertyNames()) {
            if (COMMON.contains(field)) {
                continue;
            }
            ServiceSetting setting = type == null ? null : types.setting(type, field);
            if (setting == null) {
                if (strict && type != null) {
                    errors.add(field, "is not a setting of a " + ServiceTypes.name(type) + " service");
                } else if (strict && typeName == null) {
                    errors.add(field, "is not a setting of a service without a type");
                }
                continue;
            }
            Object value = switch (setting.kind()) {
                case FLAG -> JsonFields.bool(json, field, errors);
                case HEADERS -> JsonFields.stringMap(json, field, errors);
                case TEXT, ENDPOINT, URL -> JsonFields.text(json, field, errors);
            };
            if (value != null && !(value instanceof String text && text.isBlank())) {
                settings.put(field, value instanceof String text ? text.strip() : value);
            }
        }
        return new ServiceDocument(JsonFields.text(json, "name", errors), type,
                JsonFields.bool(json, "enabled", errors), JsonFields.integer(json, "priority", errors),
                JsonFields.integer(json, "weight", errors), JsonFields.integer(json, "maxQps", errors),
                JsonFields.integer(json, "maxParamLength", errors), JsonFields.duration(json, "connectTimeout", errors),
                JsonFields.duration(json, "readTimeout", errors), settings,
                JsonFields.version(json, "service", errors));
    }

    /**
     * The clear part of a definition as it is stored (jsonb): the settings every service has and every setting of
     * its type that is not sealed. Read back with {@link #read} (not strict).
     */
    static Map<String, Object> plain(ServiceDefinition definition, ServiceTypes types) {
        Map<String, Object> plain = plainCommon(definition);
        for (ServiceSetting setting : types.settings(definition.type())) {
            Object value = definition.settings().get(setting.name());
            if (value != null && !setting.sealed()) {
                plain.put(setting.name(), value);
            }
        }
        return plain;
    }

    /** The settings every service has, as documents and the stored settings write them. */
    static Map<String, Object> plainCommon(ServiceDefinition definition) {
        SmsServicesProperties.Service common = definition.common();
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("type", ServiceTypes.name(common.type()));
        plain.put("enabled", common.enabled());
        plain.put("priority", common.priority());
        plain.put("weight", common.weight());
        plain.put("maxQps", common.maxQps());
        if (common.maxParamLength() != null) {
            plain.put("maxParamLength", common.maxParamLength());
        }
        plain.put("connectTimeout", common.connectTimeout().toMillis() + "ms");
        plain.put("readTimeout", common.readTimeout().toMillis() + "ms");
        return plain;
    }
}
