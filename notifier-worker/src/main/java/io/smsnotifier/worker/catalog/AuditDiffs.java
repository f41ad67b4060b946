package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.ServiceSetting;
import org.jspecify.annotations.Nullable;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a change did, field by field, as the audit log records it: {@code {"from": ..., "to": ...}} for what may
 * be shown (as {@link ServiceSetting#shown} shows it), and only {@code "set"}, {@code "changed"} or
 * {@code "removed"} for a sealed setting.
 */
final class AuditDiffs {

    private AuditDiffs() {
    }

    static Map<String, Object> service(@Nullable ServiceDefinition old, ServiceDefinition now,
                                       List<ServiceSetting> oldSchema, List<ServiceSetting> schema) {
        Map<String, Object> changes = new TreeMap<>();
        Map<String, Object> before = old == null ? Map.of() : ServiceJson.plainCommon(old);
        Map<String, Object> after = ServiceJson.plainCommon(now);
        Set<String> fields = new HashSet<>(before.keySet());
        fields.addAll(after.keySet());
        fields.forEach(field -> diff(changes, field, before.get(field), after.get(field)));
        Map<String, ServiceSetting> settings = new LinkedHashMap<>();
        oldSchema.forEach(setting -> settings.put(setting.name(), setting));
        schema.forEach(setting -> settings.put(setting.name(), setting));
        settings.forEach((name, setting) -> {
            Object from = old == null ? null : old.settings().get(name);
            Object to = now.settings().get(name);
            if (Objects.equals(from, to)) {
                return;
            }
            if (setting.sealed()) {
                changes.put(name, from == null ? "set" : to == null ? "removed" : "changed");
            } else {
                diff(changes, name, setting.shown(from), setting.shown(to));
            }
        });
        return changes;
    }

    static Map<String, Object> template(CatalogTables.@Nullable TemplateRow old, TemplateDocument now) {
        Map<String, Object> changes = new TreeMap<>();
        diff(changes, "content", old == null ? null : old.content(), now.content());
        diff(changes, "params", old == null ? null : old.params(), now.params() == null ? List.of() : now.params());
        diff(changes, "codes", old == null ? null : old.codes(), now.codes() == null ? Map.of() : now.codes());
        diff(changes, "loginCode", old == null ? null : old.loginCode(), Boolean.TRUE.equals(now.loginCode()));
        return changes;
    }

    private static void diff(Map<String, Object> changes, String field, @Nullable Object from, @Nullable Object to) {
        if (!Objects.equals(from, to)) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("from", from);
            change.put("to", to);
            changes.put(field, change);
        }
    }
}
