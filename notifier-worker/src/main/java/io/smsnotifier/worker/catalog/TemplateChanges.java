package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.audit.AuditLog;
import io.smsnotifier.worker.providers.ServicesInForce;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Changes of the stored templates: create, update, delete, each checked field by field (placeholders equal to
 * the declared parameters, codes only for services there are), audited and put in force at once. Configured
 * templates are read-only. Thread-safe; changes are serialised across instances.
 */
@Service
public class TemplateChanges {

    private final CatalogTables tables;
    private final CatalogChanges changes;
    private final TemplateRegistry templates;
    private final ServicesInForce services;
    private final AuditLog audit;
    private final CatalogViews views;

    TemplateChanges(CatalogTables tables, CatalogChanges changes, TemplateRegistry templates,
                    ServicesInForce services, AuditLog audit, CatalogViews views) {
        this.tables = tables;
        this.changes = changes;
        this.templates = templates;
        this.services = services;
        this.audit = audit;
        this.views = views;
    }

    /**
     * Stores a new template and puts it in force.
     *
     * @param body the template's JSON document ({@code code}, {@code content}, {@code params}, {@code codes},
     *             {@code loginCode})
     * @throws FieldErrors.InvalidDocument naming every field that is wrong, before anything is stored
     * @throws CatalogErrors.Conflict      when the code is configured or stored already
     */
    public TemplateView create(@Nullable JsonNode body, String actor) {
        FieldErrors errors = new FieldErrors();
        return create(TemplateDocument.read(body, errors), errors, actor);
    }

    /**
     * Stores a new template given as a document (the console's form), checked as the JSON one is.
     *
     * @throws FieldErrors.InvalidDocument naming every field that is wrong, before anything is stored
     * @throws CatalogErrors.Conflict      when the code is configured or stored already
     */
    public TemplateView create(TemplateDocument document, String actor) {
        return create(document, new FieldErrors(), actor);
    }

    private TemplateView create(TemplateDocument given, FieldErrors errors, String actor) {
        TemplateDocument document = checked(given, errors, null);
        String code = Objects.requireNonNull(document.code());
        if (templates.isConfigured(code)) {
            throw new CatalogErrors.Conflict("template '" + code + "' is declared in configuration "
                    + "(notifier.templates." + code + "); a stored template cannot take its code");
        }
        changes.change(() -> {
            if (tables.template(code).isPresent()) {
                throw new CatalogErrors.Conflict("template '" + code + "' exists: update it with PUT");
            }
            tables.insertTemplate(document, actor);
            audit.record(actor, "template.create", "template:" + code, AuditDiffs.template(null, document));
            return null;
        });
        return views.template(code).orElseThrow();
    }

    /**
     * Replaces a stored template.
     *
     * @param ifMatch the version the caller read; null to take the body's {@code version}
     * @throws CatalogErrors.Stale    when someone changed the template since that version (HTTP 412)
     * @throws CatalogErrors.NotFound when there is no stored template of that code
     * @throws CatalogErrors.Conflict when configuration declares it
     */
    public TemplateView update(String code, @Nullable JsonNode body, @Nullable String ifMatch, String actor) {
        FieldErrors errors = new FieldErrors();
        return update(code, TemplateDocument.read(body, errors), errors, ifMatch, actor);
    }

    /** Replaces a stored template with a document (the console's form), checked as the JSON one is. */
    public TemplateView update(String code, TemplateDocument document, @Nullable String ifMatch, String actor) {
        return update(code, document, new FieldErrors(), ifMatch, actor);
    }

    private TemplateView update(String code, TemplateDocument given, FieldErrors errors, @Nullable String ifMatch,
                                String actor) {
        refuseConfigured(code);
        TemplateDocument document = checked(given, errors, code);
        Long expected = CatalogErrors.expectedVersion(ifMatch, document.version());
        if (expected == null) {
            throw new CatalogErrors.VersionRequired("template '" + code + "'");
        }
        changes.change(() -> {
            CatalogTables.TemplateRow old = CatalogChanges.loadForChange("template '" + code + "'",
                    tables.template(code), CatalogTables.TemplateRow::version, expected);
            tables.updateTemplate(document, expected, actor);
            audit.record(actor, "template.update", "template:" + code, AuditDiffs.template(old, document));
            return null;
        });
        return views.template(code).orElseThrow();
    }

    /**
     * Deletes a stored template.
     *
     * @param ifMatch the version the caller read, or null to delete whatever the version
     */
    public void delete(String code, @Nullable String ifMatch, String actor) {
        refuseConfigured(code);
        Long expected = CatalogErrors.expectedVersion(ifMatch, null);
        changes.change(() -> {
            CatalogChanges.loadForChange("template '" + code + "'", tables.template(code),
                    CatalogTables.TemplateRow::version, expected);
            tables.deleteTemplate(code);
            audit.record(actor, "template.delete", "template:" + code, Map.of());
            return null;
        });
    }

    private void refuseConfigured(String code) {
        if (templates.isConfigured(code)) {
            throw new CatalogErrors.Conflict("template '" + code + "' is declared in configuration "
                    + "(notifier.templates." + code + "): change it there");
        }
    }

    /** {@code document} checked, under the path's code for an update; {@code errors} may hold its JSON's already. */
    private TemplateDocument checked(TemplateDocument given, FieldErrors errors, @Nullable String pathCode) {
        TemplateDocument document = given;
        if (pathCode != null) {
            if (document.code() != null && !document.code().equals(pathCode)) {
                errors.add("code", "cannot change: create a template of the new code and delete this one");
            }
            document = new TemplateDocument(pathCode, document.content(), document.params(), document.codes(),
                    document.loginCode(), document.version());
        }
        Set<String> known = new HashSet<>(services.configured().keySet());
        tables.services().forEach(row -> known.add(row.name()));
        document.check(known::contains, errors);
        errors.throwIfAny("the template");
        return document;
    }
}
