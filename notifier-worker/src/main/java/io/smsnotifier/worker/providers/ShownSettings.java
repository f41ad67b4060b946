package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's type settings as the admin API, the console, health and logs may show them, never a secret: each
 * setting as {@link ServiceSetting#shown} makes it, which secrets are set (by name), the account id masked and
 * where requests go. Immutable.
 *
 * @param settings    the shown value of each setting that is set and may be shown, by name
 * @param secrets     the sealed settings that are set ({@code accessSecret}, {@code headers}, {@code url})
 * @param credential  the account id, masked ({@code LTAI****}), or null
 * @param destination where requests go (the endpoint or the URL, redacted), or null for the type's default
 */
public record ShownSettings(Map<String, Object> settings, List<String> secrets, @Nullable String credential,
                            @Nullable String destination) {

    public static ShownSettings of(List<ServiceSetting> schema, ServiceDefinition definition) {
        Map<String, Object> shown = new LinkedHashMap<>();
        List<String> secrets = new ArrayList<>();
        String credential = null;
        String destination = null;
        for (ServiceSetting setting : schema) {
            Object value = definition.settings().get(setting.name());
            if (value == null) {
                continue;
            }
            Object visible = setting.shown(value);
            if (visible != null) {
                shown.put(setting.name(), visible);
            }
            if (setting.sealed()) {
                secrets.add(setting.name());
            }
            if (setting.secrecy() == ServiceSetting.Secrecy.ACCOUNT_ID && credential == null) {
                credential = String.valueOf(visible);
            }
            if (setting.kind() == ServiceSetting.Kind.URL || setting.kind() == ServiceSetting.Kind.ENDPOINT) {
                destination = ServiceSetting.redactedUrl(value.toString().contains("://") ? value.toString()
                        : "https://" + value);
            }
        }
        return new ShownSettings(Collections.unmodifiableMap(shown), List.copyOf(secrets), credential, destination);
    }
}
