package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.ServicesInForce;
import io.smsnotifier.worker.templates.SmsTemplate;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rules of a change that span services and templates, checked against what is stored (not what this
 * instance has loaded: another instance may have changed it a moment ago). Call holding the catalog's lock.
 */
@Component
class CrossServiceRules {

    private final CatalogTables tables;
    private final StoredSecrets secrets;
    private final ServicesInForce services;
    private final TemplateRegistry templates;

    CrossServiceRules(CatalogTables tables, StoredSecrets secrets, ServicesInForce services,
                      TemplateRegistry templates) {
        this.tables = tables;
        this.secrets = secrets;
        this.services = services;
        this.templates = templates;
    }

    /** The templates, stored and configured, whose codes name {@code service}, sorted. */
    List<String> templatesNaming(String service) {
        TreeSet<String> using = new TreeSet<>();
        tables.templates().stream().filter(template -> template.codes().containsKey(service))
                .forEach(template -> using.add(template.code()));
        templates.all().stream().filter(template -> templates.isConfigured(template.code()))
                .filter(template -> template.hasCodeFor(service)).map(SmsTemplate::code).forEach(using::add);
        return List.copyOf(using);
    }

    /** Checks that need the other services: one exclusive webhook at most. Call holding the catalog's lock. */
    void checkExclusive(String name, ServiceDefinition definition) {
        if (!definition.enabled() || !definition.flag("exclusive")) {
            return;
        }
        List<String> exclusive = otherEnabled(name).entrySet().stream()
                .filter(entry -> entry.getValue().flag("exclusive")).map(Map.Entry::getKey).toList();
        if (!exclusive.isEmpty()) {
            FieldErrors errors = new FieldErrors();
            errors.add("exclusive", "only one webhook may be exclusive; " + exclusive + " already is");
            errors.throwIfAny("the service");
        }
    }

    void checkNotLastEnabled(String name) {
        if (otherEnabled(name).isEmpty()) {
            throw new CatalogErrors.Conflict("service '" + name + "' is the last enabled service; the worker "
                    + "needs one to send anything: enable or add another first");
        }
    }

    /** The enabled services but {@code name}, configured and stored (secrets not opened). */
    private Map<String, ServiceDefinition> otherEnabled(String name) {
        Map<String, ServiceDefinition> enabled = new LinkedHashMap<>();
        services.configured().forEach((other, definition) -> {
            if (!other.equals(name) && definition.enabled()) {
                enabled.put(other, definition);
            }
        });
        for (CatalogTables.ServiceRow row : tables.services()) {
            if (!row.name().equals(name) && !enabled.containsKey(row.name())
                    && Boolean.TRUE.equals(row.settings().get("enabled"))) {
                enabled.put(row.name(), secrets.plain(row).definition());
            }
        }
        return enabled;
    }

}
