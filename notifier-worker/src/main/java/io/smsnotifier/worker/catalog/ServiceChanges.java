package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.audit.AuditLog;
import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.ServiceTypes;
import io.smsnotifier.worker.providers.ServicesInForce;
import io.smsnotifier.worker.providers.SettingProblem;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Changes of the stored SMS services: create, update, enable, disable, delete, and the draft a test sends with.
 * Each is checked field by field against its type's settings and the other services before anything is stored,
 * stored with its secrets sealed, audited by operator and put in force at once. Configured services are
 * read-only. Thread-safe; changes are serialised across instances.
 */
@Service
public class ServiceChanges {

    private final CatalogTables tables;
    private final CatalogChanges changes;
    private final StoredSecrets secrets;
    private final ServicesInForce services;
    private final ServiceTypes types;
    private final CrossServiceRules rules;
    private final AuditLog audit;
    private final CatalogViews views;

    ServiceChanges(CatalogTables tables, CatalogChanges changes, StoredSecrets secrets, ServicesInForce services,
                   ServiceTypes types, CrossServiceRules rules, AuditLog audit, CatalogViews views) {
        this.tables = tables;
        this.changes = changes;
        this.secrets = secrets;
        this.services = services;
        this.types = types;
        this.rules = rules;
        this.audit = audit;
        this.views = views;
    }

    /**
     * Stores a new service and puts it in force.
     *
     * @throws FieldErrors.InvalidDocument naming every field that is wrong, before anything is stored
     * @throws CatalogErrors.Conflict      when the name is configured or stored already
     * @throws io.smsnotifier.worker.secrets.SecretsUnavailableException when there is no key to seal a secret with
     */
    public ServiceView create(ServiceDocument document, String actor) {
        FieldErrors errors = new FieldErrors();
        document.check(types, errors);
        if (document.name() == null && !errors.has("name")) {
            errors.add("name", "is required");
        }
        errors.throwIfAny("the service");
        String name = document.name();
        if (services.isConfigured(name)) {
            throw new CatalogErrors.Conflict("service '" + name + "' is declared in configuration "
                    + "(notifier.sms.services." + name + "); a stored service cannot take its name");
        }
        ServiceDefinition definition = document.definition();
        checkSettings(name, definition, List.of());
        changes.change(() -> {
            if (tables.service(name).isPresent()) {
                throw new CatalogErrors.Conflict("service '" + name + "' exists: update it with PUT");
            }
            rules.checkExclusive(name, definition);
            tables.insertService(name, ServiceJson.plain(definition, types), secrets.seal(name, definition), actor);
            audit.record(actor, "service.create", "service:" + name, AuditDiffs.service(null, definition,
                    List.of(), types.settings(definition.type())));
            return null;
        });
        return views.service(name).orElseThrow();
    }

    /**
     * Replaces a stored service's settings. What the document leaves out of the settings that are never shown in
     * full is kept, unless the destination changed ({@link KeptSettings}).
     *
     * @param ifMatch the version the caller read ({@code "3"}); null to take the document's {@code version}
     * @throws FieldErrors.InvalidDocument naming every field that is wrong
     * @throws CatalogErrors.Stale         when someone changed the service since that version (HTTP 412)
     * @throws CatalogErrors.VersionRequired when it names no version (HTTP 428)
     * @throws CatalogErrors.NotFound      when there is no stored service of that name
     * @throws CatalogErrors.Conflict      when configuration declares it, or it would disable the last service
     */
    public ServiceView update(String name, ServiceDocument document, @Nullable String ifMatch, String actor) {
        refuseConfigured(name);
        FieldErrors errors = new FieldErrors();
        document.check(types, errors);
        if (document.name() != null && !document.name().equals(name)) {
            errors.add("name", "cannot change: create a service of the new name and delete this one");
        }
        errors.throwIfAny("the service");
        Long expected = CatalogErrors.expectedVersion(ifMatch, document.version());
        if (expected == null) {
            throw new CatalogErrors.VersionRequired("service '" + name + "'");
        }
        CatalogTables.ServiceRow row = CatalogChanges.loadForChange("service '" + name + "'", tables.service(name),
                CatalogTables.ServiceRow::version, expected);
        ServiceDefinition old = secrets.open(row);
        KeptSettings kept = KeptSettings.merge(document, old, types.settings(document.definition().type()));
        ServiceDefinition definition = kept.definition();
        checkSettings(name, definition, kept.dropped());
        changes.change(() -> {
            rules.checkExclusive(name, definition);
            if (!definition.enabled()) {
                rules.checkNotLastEnabled(name);
            }
            if (!tables.updateService(name, expected, ServiceJson.plain(definition, types),
                    secrets.seal(name, definition), actor)) {
                CatalogChanges.loadForChange("service '" + name + "'", tables.service(name),
                        CatalogTables.ServiceRow::version, expected);
            }
            audit.record(actor, "service.update", "service:" + name, AuditDiffs.service(old, definition,
                    types.settings(old.type()), types.settings(definition.type())));
            return null;
        });
        return views.service(name).orElseThrow();
    }

    /**
     * Enables or disables a stored service; doing what is already done changes nothing.
     *
     * @param ifMatch the version the caller read, or null to act whatever the version
     */
    public ServiceView setEnabled(String name, boolean enabled, @Nullable String ifMatch, String actor) {
        refuseConfigured(name);
        Long expected = CatalogErrors.expectedVersion(ifMatch, null);
        changes.change(() -> {
            CatalogTables.ServiceRow row = CatalogChanges.loadForChange("service '" + name + "'",
                    tables.service(name), CatalogTables.ServiceRow::version, expected);
            if (Boolean.valueOf(enabled).equals(row.settings().get("enabled"))) {
                return null;
            }
            Map<String, Object> settings = new LinkedHashMap<>(row.settings());
            settings.put("enabled", enabled);
            if (enabled) {
                ServiceDefinition plain = secrets.plain(row).definition();
                rules.checkExclusive(name, plain.with(plain.common().withEnabled(true)));
            } else {
                rules.checkNotLastEnabled(name);
            }
            tables.updateService(name, row.version(), settings, row.secrets(), actor);
            audit.record(actor, enabled ? "service.enable" : "service.disable", "service:" + name,
                    Map.of("enabled", Map.of("from", !enabled, "to", enabled)));
            return null;
        });
        return views.service(name).orElseThrow();
    }

    /**
     * Deletes a stored service.
     *
     * @param ifMatch the version the caller read, or null to delete whatever the version
     * @throws CatalogErrors.Conflict when configuration declares it, templates' codes still name it (listed, as
     *                                stored, whichever instance stored them), or it is the last enabled service
     */
    public void delete(String name, @Nullable String ifMatch, String actor) {
        refuseConfigured(name);
        Long expected = CatalogErrors.expectedVersion(ifMatch, null);
        changes.change(() -> {
            CatalogTables.ServiceRow row = CatalogChanges.loadForChange("service '" + name + "'",
                    tables.service(name), CatalogTables.ServiceRow::version, expected);
            List<String> using = rules.templatesNaming(name);
            if (!using.isEmpty()) {
                throw new CatalogErrors.Conflict("service '" + name + "' is still named in the codes of templates "
                        + using + ": remove it from their codes first", using);
            }
            if (Boolean.TRUE.equals(row.settings().get("enabled"))) {
                rules.checkNotLastEnabled(name);
            }
            tables.deleteService(name);
            audit.record(actor, "service.delete", "service:" + name, Map.of());
            return null;
        });
    }

    /**
     * A draft for "Send Test SMS" before "Save", checked as a create or update would check it; a draft that names
     * a stored service keeps what it leaves out as an update would ({@link KeptSettings}). Nothing is stored.
     *
     * @throws FieldErrors.InvalidDocument naming every field that is wrong
     */
    Draft draft(ServiceDocument document) {
        FieldErrors errors = new FieldErrors();
        document.check(types, errors);
        errors.throwIfAny("the draft service");
        String name = document.name() == null ? "draft" : document.name();
        Optional<CatalogTables.ServiceRow> stored = services.isConfigured(name) ? Optional.empty()
                : tables.service(name);
        KeptSettings kept = stored.isPresent()
                ? KeptSettings.merge(document, secrets.open(stored.get()), types.settings(document.type()))
                : new KeptSettings(document.definition(), List.of());
        checkSettings(name, kept.definition(), kept.dropped());
        return new Draft(name, kept.definition(), stored.isPresent());
    }

    /** A draft's name and settings, secrets included: only ever handed to the provider it is tested with. */
    record Draft(String name, ServiceDefinition definition, boolean stored) {
    }

    /** @throws FieldErrors.InvalidDocument naming each setting the service's type refuses */
    private void checkSettings(String name, ServiceDefinition definition, List<String> dropped) {
        FieldErrors errors = new FieldErrors();
        for (SettingProblem problem : services.check(name, definition)) {
            errors.add(problem.field(), dropped.contains(problem.field())
                    ? "must be given again: the destination changed, and a stored secret is only ever sent where "
                    + "it was stored for" : problem.message());
        }
        errors.throwIfAny("the service");
    }

    private void refuseConfigured(String name) {
        if (services.isConfigured(name)) {
            throw new CatalogErrors.Conflict("service '" + name + "' is declared in configuration "
                    + "(notifier.sms.services." + name + "): change it there");
        }
    }

}
