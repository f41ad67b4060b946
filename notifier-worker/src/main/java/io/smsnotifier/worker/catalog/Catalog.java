package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.audit.AuditLog;
import io.smsnotifier.worker.providers.ServiceStatus;
import io.smsnotifier.worker.providers.SettingProblem;
import io.smsnotifier.worker.providers.SmsServices;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import io.smsnotifier.worker.secrets.SealedSecret;
import io.smsnotifier.worker.secrets.SecretBox;
import io.smsnotifier.worker.secrets.SecretsUnavailableException;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.templates.SmsTemplate;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The services and templates managed through the admin API: every change checked field by field against the
 * type's rules and the other services, stored with its secrets sealed, audited by operator, and put in force
 * here at once and on every other instance at its next poll ({@link CatalogWatcher}). The configured services
 * and templates are listed too, read-only. Thread-safe; changes are serialised across instances.
 */
@Service
public class Catalog {

    private static final Logger log = LoggerFactory.getLogger(Catalog.class);
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final CatalogTables tables;
    private final SmsServices services;
    private final TemplateRegistry templates;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final KeyFleet fleet;
    private final ObjectMapper json;
    private final TransactionTemplate transaction;
    private long loadedVersion = -1;
    private volatile long inForceVersion = -1;

    Catalog(CatalogTables tables, SmsServices services, TemplateRegistry templates, SecretBox secrets,
            AuditLog audit, KeyFleet fleet, ObjectMapper json, TransactionTemplate transaction) {
        this.tables = tables;
        this.services = services;
        this.templates = templates;
        this.secrets = secrets;
        this.audit = audit;
        this.fleet = fleet;
        this.json = json;
        this.transaction = transaction;
    }

    // ---- putting the stored catalog in force ----

    /**
     * Loads the stored services and templates and puts them in force when the catalog's version moved since the
     * last load. A service whose secret does not open is left out and reported (health, the admin API); the
     * others run.
     *
     * @return true when it loaded
     * @throws IllegalStateException when the services would be none, or are wrong; what is in force stays
     *                               until the next change
     */
    public synchronized boolean reloadIfChanged() {
        long version = tables.version();
        if (version == loadedVersion) {
            return false;
        }
        Map<String, SmsServicesProperties.Service> stored = new LinkedHashMap<>();
        Map<String, String> unavailable = new TreeMap<>();
        for (CatalogTables.ServiceRow row : tables.services()) {
            try {
                stored.put(row.name(), open(row));
            } catch (SecretsUnavailableException | IllegalStateException e) {
                if (Boolean.TRUE.equals(row.settings().get("enabled"))) {
                    unavailable.put(row.name(), "its secrets cannot be opened: " + e.getMessage());
                    log.error("stored sms service {} cannot run: its secrets cannot be opened: {}", row.name(),
                            LogSafe.text(e.getMessage()));
                }
            }
        }
        List<SmsTemplate> storedTemplates = tables.templates().stream().map(Catalog::template).toList();
        // Loaded once per version even when it cannot be put in force: it is logged, and the next change retries.
        loadedVersion = version;
        templates.apply(storedTemplates);
        services.apply(stored, unavailable);
        inForceVersion = version;
        log.info("catalog version {} in force: {} stored service(s), {} unavailable", version, stored.size(),
                unavailable.size());
        return true;
    }

    /** The catalog's stored version, and the one in force on this instance (behind while a change is on its way). */
    record Versions(long stored, long inForce) {
    }

    Versions versions() {
        long inForce = inForceVersion;
        return new Versions(tables.version(), inForce);
    }

    // ---- services ----

    /** Every service, configured (read-only) and stored, by name; never a secret. */
    public List<ServiceView> services() {
        Map<String, ServiceView> views = new TreeMap<>();
        services.configured().forEach((name, service) -> views.put(name,
                ServiceView.of(name, ServiceView.CONFIGURATION, null, service, configuredSecrets(service),
                        status(name), null, null, null)));
        for (CatalogTables.ServiceRow row : tables.services()) {
            if (!views.containsKey(row.name())) {
                views.put(row.name(), view(row));
            }
        }
        return List.copyOf(views.values());
    }

    /** One service, configured or stored; empty when there is none of that name. */
    public Optional<ServiceView> service(String name) {
        SmsServicesProperties.Service configured = services.configured().get(name);
        if (configured != null) {
            return Optional.of(ServiceView.of(name, ServiceView.CONFIGURATION, null, configured,
                    configuredSecrets(configured), status(name), null, null, null));
        }
        return tables.service(name).map(this::view);
    }

    /**
     * A stored service's settings as stored, without a secret: the {@code endpoint} and {@code url} in full, which
     * {@link ServiceView} shows without what they may carry (user info, query). For an edit form that must keep
     * what it does not show; empty for a configured or unknown service.
     */
    public Optional<Map<String, Object>> storedSettings(String name) {
        if (services.isConfigured(name)) {
            return Optional.empty();
        }
        return tables.service(name).map(row -> Map.copyOf(ServiceDocument.plainSettings(plain(row).toService())));
    }

    /**
     * Stores a new service and puts it in force.
     *
     * @param body  the service's JSON document as the admin API takes it ({@code name}, {@code type}, ...)
     * @param actor who creates it (the token's name), for the audit
     * @throws FieldErrors.InvalidDocument  naming every field that is wrong, before anything is stored
     * @throws CatalogErrors.Conflict       when the name is configured or stored already
     * @throws io.smsnotifier.worker.secrets.SecretsUnavailableException when there is no key to seal a secret with
     */
    public ServiceView createService(JsonNode body, String actor) {
        FieldErrors errors = new FieldErrors();
        ServiceDocument document = ServiceDocument.read(body, errors);
        document.checkValues(errors);
        String name = document.name();
        if (name == null && !errors.has("name")) {
            errors.add("name", "is required");
        }
        if (document.type() == null && !errors.has("type")) {
            errors.add("type", "is required: aliyun, tencent, webhook or sandbox");
        }
        errors.throwIfAny("the service");
        if (services.isConfigured(name)) {
            throw new CatalogErrors.Conflict("service '" + name + "' is declared in configuration "
                    + "(notifier.sms.services." + name + "); a stored service cannot take its name");
        }
        SmsServicesProperties.Service service = document.toService();
        checkSettings(name, service);
        change(() -> {
            if (tables.service(name).isPresent()) {
                throw new CatalogErrors.Conflict("service '" + name + "' exists: update it with PUT");
            }
            checkAmongOthers(name, service);
            tables.insertService(name, ServiceDocument.plainSettings(service), seal(name, service), actor);
            audit.record(actor, "service.create", "service:" + name, settingsChanges(null, service));
            return null;
        });
        return service(name).orElseThrow();
    }

    /**
     * Replaces a stored service's settings; the secrets and account ids the body leaves out are kept.
     *
     * @param ifMatch the version the caller read ({@code "3"} or {@code 3}); null to take the body's {@code version}
     * @throws FieldErrors.InvalidDocument naming every field that is wrong
     * @throws CatalogErrors.Stale         when someone changed the service since that version (HTTP 412)
     * @throws CatalogErrors.NotFound      when there is no stored service of that name
     * @throws CatalogErrors.Conflict      when configuration declares it, or it would disable the last service
     */
    public ServiceView updateService(String name, JsonNode body, @Nullable String ifMatch, String actor) {
        refuseConfigured(name);
        FieldErrors errors = new FieldErrors();
        ServiceDocument document = ServiceDocument.read(body, errors);
        document.checkValues(errors);
        if (document.name() != null && !document.name().equals(name)) {
            errors.add("name", "cannot change: create a service of the new name and delete this one");
        }
        if (document.type() == null && !errors.has("type")) {
            errors.add("type", "is required: aliyun, tencent, webhook or sandbox");
        }
        errors.throwIfAny("the service");
        Long expected = CatalogErrors.expectedVersion(ifMatch, document.version());
        if (expected == null) {
            throw new CatalogErrors.VersionRequired("service '" + name + "'");
        }
        CatalogTables.ServiceRow row = tables.service(name)
                .orElseThrow(() -> new CatalogErrors.NotFound("no stored service '" + name + "'"));
        if (row.version() != expected) {
            throw new CatalogErrors.Stale("service '" + name + "'", expected, row.version());
        }
        SmsServicesProperties.Service old = open(row);
        SmsServicesProperties.Service service = document.keepingLeftOut(old).toService();
        checkSettings(name, service);
        change(() -> {
            checkAmongOthers(name, service);
            if (!service.enabled()) {
                checkNotLastEnabled(name);
            }
            if (!tables.updateService(name, expected, ServiceDocument.plainSettings(service), seal(name, service),
                    actor)) {
                throw stale("service '" + name + "'", expected,
                        tables.service(name).map(CatalogTables.ServiceRow::version));
            }
            audit.record(actor, "service.update", "service:" + name, settingsChanges(old, service));
            return null;
        });
        return service(name).orElseThrow();
    }

    /**
     * Enables or disables a stored service; doing what is already done changes nothing.
     *
     * @param ifMatch the version the caller read, or null to act whatever the version
     * @throws CatalogErrors.Stale    when {@code ifMatch} is not the current version
     * @throws CatalogErrors.NotFound when there is no stored service of that name
     * @throws CatalogErrors.Conflict when configuration declares it, or it is the last enabled service
     */
    public ServiceView setEnabled(String name, boolean enabled, @Nullable String ifMatch, String actor) {
        refuseConfigured(name);
        Long expected = CatalogErrors.expectedVersion(ifMatch, null);
        change(() -> {
            CatalogTables.ServiceRow row = tables.service(name)
                    .orElseThrow(() -> new CatalogErrors.NotFound("no stored service '" + name + "'"));
            if (expected != null && expected != row.version()) {
                throw new CatalogErrors.Stale("service '" + name + "'", expected, row.version());
            }
            Map<String, Object> settings = new LinkedHashMap<>(row.settings());
            if (Objects.equals(settings.get("enabled"), enabled)) {
                return null;
            }
            settings.put("enabled", enabled);
            if (enabled) {
                checkAmongOthers(name, withEnabled(open(row)));
            } else {
                checkNotLastEnabled(name);
            }
            if (!tables.updateService(name, row.version(), settings, row.secrets(), actor)) {
                throw stale("service '" + name + "'", row.version(), Optional.empty());
            }
            audit.record(actor, enabled ? "service.enable" : "service.disable", "service:" + name,
                    Map.of("enabled", Map.of("from", !enabled, "to", enabled)));
            return null;
        });
        return service(name).orElseThrow();
    }

    /**
     * Deletes a stored service.
     *
     * @param ifMatch the version the caller read, or null to delete whatever the version
     * @throws CatalogErrors.Stale    when {@code ifMatch} is not the current version
     * @throws CatalogErrors.NotFound when there is no stored service of that name
     * @throws CatalogErrors.Conflict when configuration declares it, templates' codes still name it (listed), or it
     *                                is the last enabled service
     */
    public void deleteService(String name, @Nullable String ifMatch, String actor) {
        refuseConfigured(name);
        Long expected = CatalogErrors.expectedVersion(ifMatch, null);
        change(() -> {
            CatalogTables.ServiceRow row = tables.service(name)
                    .orElseThrow(() -> new CatalogErrors.NotFound("no stored service '" + name + "'"));
            if (expected != null && expected != row.version()) {
                throw new CatalogErrors.Stale("service '" + name + "'", expected, row.version());
            }
            List<String> using = templates.all().stream().filter(template -> template.hasCodeFor(name))
                    .map(SmsTemplate::code).sorted().toList();
            if (!using.isEmpty()) {
                throw new CatalogErrors.Conflict("service '" + name + "' is still named in the codes of templates "
                        + using + ": remove it from their codes first", using);
            }
            if (Boolean.TRUE.equals(row.settings().get("enabled"))) {
                checkNotLastEnabled(name);
            }
            tables.deleteService(name);
            audit.record(actor, "service.delete", "service:" + name, Map.of());
            return null;
        });
    }

    /**
     * A draft service for "Send Test SMS" before "Save": checked as a create or update would check it; a draft
     * that names a stored service and leaves a secret out uses the stored one, as saving it would. Nothing is
     * stored.
     *
     * @throws FieldErrors.InvalidDocument naming every field that is wrong
     */
    public Draft draft(JsonNode body) {
        FieldErrors errors = new FieldErrors();
        ServiceDocument document = ServiceDocument.read(body, errors);
        document.checkValues(errors);
        if (document.type() == null && !errors.has("type")) {
            errors.add("type", "is required: aliyun, tencent, webhook or sandbox");
        }
        errors.throwIfAny("the draft service");
        String name = document.name() == null ? "draft" : document.name();
        Optional<CatalogTables.ServiceRow> stored = services.isConfigured(name) ? Optional.empty()
                : tables.service(name);
        SmsServicesProperties.Service service = stored.isPresent()
                ? document.keepingLeftOut(open(stored.get())).toService() : document.toService();
        checkSettings(name, service);
        return new Draft(name, service);
    }

    /** A draft's name and settings, secrets included: only ever handed to the provider it is tested with. */
    public record Draft(String name, SmsServicesProperties.Service service) {

        @Override
        public String toString() {
            return "Draft[" + name + ", " + service + "]";
        }
    }

    /**
     * Seals every stored secret that another key sealed under the current one.
     *
     * @return how many secrets it re-sealed
     * @throws KeyFleet.KeyNotEverywhere when a live instance does not hold the current key; nothing is re-sealed
     */
    int reseal(String actor) {
        fleet.requireCurrentKeyEverywhere();
        String current = secrets.currentKeyId();
        int resealed = change(() -> {
            int count = 0;
            for (CatalogTables.ServiceRow row : tables.services()) {
                for (CatalogTables.SecretRow secret : row.secrets()) {
                    if (!secrets.isCurrent(secret.keyId())) {
                        String context = context(row.name(), secret.field());
                        String plain = secrets.open(new SealedSecret(secret.keyId(), secret.sealed()), context);
                        SealedSecret sealed = secrets.seal(plain, context);
                        tables.replaceSecret(row.name(),
                                new CatalogTables.SecretRow(secret.field(), sealed.keyId(), sealed.ciphertext()));
                        count++;
                    }
                }
            }
            audit.record(actor, "secrets.reseal", "secrets", Map.of("resealed", count, "keyId", current));
            return count;
        });
        log.info("re-sealed {} stored secret(s) under key {}", resealed, current);
        return resealed;
    }

    // ---- templates ----

    /** Every template, configured (read-only) and stored, by code. */
    public List<TemplateView> templates() {
        Map<String, TemplateView> views = new TreeMap<>();
        for (SmsTemplate template : templates.all()) {
            if (templates.isConfigured(template.code())) {
                views.put(template.code(), configuredView(template));
            }
        }
        for (CatalogTables.TemplateRow row : tables.templates()) {
            views.putIfAbsent(row.code(), view(row));
        }
        return List.copyOf(views.values());
    }

    /** One template, configured or stored; empty when there is none of that code. */
    public Optional<TemplateView> template(String code) {
        if (templates.isConfigured(code)) {
            return Optional.ofNullable(templates.find(code)).map(Catalog::configuredView);
        }
        return tables.template(code).map(Catalog::view);
    }

    /**
     * Stores a new template and puts it in force.
     *
     * @param body the template's JSON document ({@code code}, {@code content}, {@code params}, {@code codes},
     *             {@code loginCode})
     * @throws FieldErrors.InvalidDocument naming every field that is wrong, before anything is stored
     * @throws CatalogErrors.Conflict      when the code is configured or stored already
     */
    public TemplateView createTemplate(JsonNode body, String actor) {
        TemplateDocument document = checkedTemplate(body, null);
        String code = Objects.requireNonNull(document.code());
        if (templates.isConfigured(code)) {
            throw new CatalogErrors.Conflict("template '" + code + "' is declared in configuration "
                    + "(notifier.templates." + code + "); a stored template cannot take its code");
        }
        change(() -> {
            if (tables.template(code).isPresent()) {
                throw new CatalogErrors.Conflict("template '" + code + "' exists: update it with PUT");
            }
            tables.insertTemplate(document, actor);
            audit.record(actor, "template.create", "template:" + code, templateChanges(null, document));
            return null;
        });
        return template(code).orElseThrow();
    }

    /**
     * Replaces a stored template.
     *
     * @param ifMatch the version the caller read; null to take the body's {@code version}
     * @throws FieldErrors.InvalidDocument naming every field that is wrong
     * @throws CatalogErrors.Stale         when someone changed the template since that version (HTTP 412)
     * @throws CatalogErrors.NotFound      when there is no stored template of that code
     * @throws CatalogErrors.Conflict      when configuration declares it
     */
    public TemplateView updateTemplate(String code, JsonNode body, @Nullable String ifMatch, String actor) {
        if (templates.isConfigured(code)) {
            throw configuredTemplate(code);
        }
        TemplateDocument document = checkedTemplate(body, code);
        Long expected = CatalogErrors.expectedVersion(ifMatch, document.version());
        if (expected == null) {
            throw new CatalogErrors.VersionRequired("template '" + code + "'");
        }
        change(() -> {
            CatalogTables.TemplateRow old = tables.template(code)
                    .orElseThrow(() -> new CatalogErrors.NotFound("no stored template '" + code + "'"));
            if (!tables.updateTemplate(document, expected, actor)) {
                throw new CatalogErrors.Stale("template '" + code + "'", expected, old.version());
            }
            audit.record(actor, "template.update", "template:" + code, templateChanges(old, document));
            return null;
        });
        return template(code).orElseThrow();
    }

    /**
     * Deletes a stored template.
     *
     * @param ifMatch the version the caller read, or null to delete whatever the version
     * @throws CatalogErrors.Stale    when {@code ifMatch} is not the current version
     * @throws CatalogErrors.NotFound when there is no stored template of that code
     * @throws CatalogErrors.Conflict when configuration declares it
     */
    public void deleteTemplate(String code, @Nullable String ifMatch, String actor) {
        if (templates.isConfigured(code)) {
            throw configuredTemplate(code);
        }
        Long expected = CatalogErrors.expectedVersion(ifMatch, null);
        change(() -> {
            CatalogTables.TemplateRow old = tables.template(code)
                    .orElseThrow(() -> new CatalogErrors.NotFound("no stored template '" + code + "'"));
            if (expected != null && expected != old.version()) {
                throw new CatalogErrors.Stale("template '" + code + "'", expected, old.version());
            }
            tables.deleteTemplate(code);
            audit.record(actor, "template.delete", "template:" + code, Map.of());
            return null;
        });
    }

    // ---- the parts ----

    /** Runs one change in a transaction that holds the catalog's lock and moves its version; then loads it here. */
    private <T> T change(Supplier<T> work) {
        T result = transaction.execute(status -> {
            tables.lockForChange();
            T value = work.get();
            tables.changed();
            return value;
        });
        try {
            reloadIfChanged();
        } catch (RuntimeException e) {
            // Stored, but not in force: the watcher tries again; the admin API's next read shows the state.
            log.error("the catalog changed but could not be put in force here: {}", LogSafe.text(e.getMessage()));
        }
        return result;
    }

    /** @throws FieldErrors.InvalidDocument naming each setting the service's type refuses */
    private void checkSettings(String name, SmsServicesProperties.Service service) {
        FieldErrors errors = new FieldErrors();
        for (SettingProblem problem : services.check(name, service)) {
            errors.add(problem.field(), problem.message());
        }
        errors.throwIfAny("the service");
    }

    /** Checks that need the other services: one exclusive webhook at most. Call holding the catalog's lock. */
    private void checkAmongOthers(String name, SmsServicesProperties.Service service) {
        if (!service.enabled() || !service.exclusive()) {
            return;
        }
        List<String> exclusive = otherEnabled(name).entrySet().stream()
                .filter(entry -> entry.getValue().exclusive()).map(Map.Entry::getKey).toList();
        if (!exclusive.isEmpty()) {
            FieldErrors errors = new FieldErrors();
            errors.add("exclusive", "only one webhook may be exclusive; " + exclusive + " already is");
            errors.throwIfAny("the service");
        }
    }

    private void checkNotLastEnabled(String name) {
        if (otherEnabled(name).isEmpty()) {
            throw new CatalogErrors.Conflict("service '" + name + "' is the last enabled service; the worker "
                    + "needs one to send anything: enable or add another first");
        }
    }

    /** The enabled services but {@code name}, configured and stored (secrets not opened). */
    private Map<String, SmsServicesProperties.Service> otherEnabled(String name) {
        Map<String, SmsServicesProperties.Service> enabled = new LinkedHashMap<>();
        services.configured().forEach((other, service) -> {
            if (!other.equals(name) && service.enabled()) {
                enabled.put(other, service);
            }
        });
        for (CatalogTables.ServiceRow row : tables.services()) {
            if (!row.name().equals(name) && !enabled.containsKey(row.name())
                    && Boolean.TRUE.equals(row.settings().get("enabled"))) {
                enabled.put(row.name(), plain(row).toService());
            }
        }
        return enabled;
    }

    private void refuseConfigured(String name) {
        if (services.isConfigured(name)) {
            throw new CatalogErrors.Conflict("service '" + name + "' is declared in configuration "
                    + "(notifier.sms.services." + name + "): change it there");
        }
    }

    private static CatalogErrors.Conflict configuredTemplate(String code) {
        return new CatalogErrors.Conflict("template '" + code + "' is declared in configuration "
                + "(notifier.templates." + code + "): change it there");
    }

    private static CatalogErrors.Stale stale(String what, long expected, Optional<Long> current) {
        if (current.isEmpty()) {
            throw new CatalogErrors.NotFound("no stored " + what);
        }
        return new CatalogErrors.Stale(what, expected, current.get());
    }

    private TemplateDocument checkedTemplate(JsonNode body, @Nullable String pathCode) {
        FieldErrors errors = new FieldErrors();
        TemplateDocument document = TemplateDocument.read(body, errors);
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

    private List<CatalogTables.SecretRow> seal(String name, SmsServicesProperties.Service service) {
        List<CatalogTables.SecretRow> sealed = new ArrayList<>();
        ServiceDocument.secrets(service, json).forEach((field, plain) -> {
            SealedSecret secret = secrets.seal(plain, context(name, field));
            sealed.add(new CatalogTables.SecretRow(field, secret.keyId(), secret.ciphertext()));
        });
        return sealed;
    }

    /** A stored service with its secrets opened. @throws SecretsUnavailableException when one does not open */
    private SmsServicesProperties.Service open(CatalogTables.ServiceRow row) {
        ServiceDocument document = plain(row);
        Map<String, String> opened = new LinkedHashMap<>();
        for (CatalogTables.SecretRow secret : row.secrets()) {
            opened.put(secret.field(), secrets.open(new SealedSecret(secret.keyId(), secret.sealed()),
                    context(row.name(), secret.field())));
        }
        Map<String, String> headers = opened.containsKey("headers")
                ? json.readValue(opened.get("headers"), STRING_MAP) : null;
        return new ServiceDocument(row.name(), document.type(), document.enabled(), document.priority(),
                document.weight(), document.endpoint(), document.region(), document.accessKey(),
                opened.get("accessSecret"), document.secretId(), opened.get("secretKey"), document.sdkAppId(),
                document.signName(), opened.getOrDefault("url", document.url()), headers, opened.get("signature"),
                document.exclusive(),
                document.allowPrivateNetwork(), document.allowedAddresses(), document.maxQps(),
                document.maxParamLength(), document.connectTimeout(), document.readTimeout(), null).toService();
    }

    /** A stored service's settings without its secrets. */
    private ServiceDocument plain(CatalogTables.ServiceRow row) {
        FieldErrors errors = new FieldErrors();
        ServiceDocument document = ServiceDocument.read(json.valueToTree(row.settings()), errors);
        if (!errors.isEmpty() || document.type() == null) {
            throw new IllegalStateException("the stored settings of '" + row.name() + "' do not read");
        }
        return document;
    }

    private static String context(String service, String field) {
        return "sms-service:" + service + ":" + field;
    }

    private ServiceView view(CatalogTables.ServiceRow row) {
        SmsServicesProperties.Service settings = plain(row).toService();
        List<String> secretFields = row.secrets().stream().map(CatalogTables.SecretRow::field).toList();
        Map<String, String> headerNames = new LinkedHashMap<>();
        if (secretFields.contains("headers")) {
            try {
                open(row).headers().keySet().forEach(header -> headerNames.put(header, ""));
            } catch (RuntimeException e) {
                // The header names are sealed with their values: without the key, only that there are some.
            }
        }
        return ServiceView.of(row.name(), ServiceView.DATABASE, row.version(), withHeaders(settings, headerNames),
                secretFields, status(row.name()), services.unavailable().get(row.name()), row.updatedAt(),
                row.updatedBy());
    }

    /** The settings with {@code headers} (names only, for the view) and no secret. */
    private static SmsServicesProperties.Service withHeaders(SmsServicesProperties.Service service,
                                                             Map<String, String> headers) {
        return new SmsServicesProperties.Service(service.type(), service.enabled(), service.priority(),
                service.weight(), service.endpoint(), service.region(), service.accessKey(), null,
                service.secretId(), null, service.sdkAppId(), service.signName(), service.url(), headers, null,
                service.exclusive(), service.allowPrivateNetwork(), service.allowedAddresses(), service.maxQps(),
                service.maxParamLength(), service.connectTimeout(), service.readTimeout());
    }

    private static SmsServicesProperties.Service withEnabled(SmsServicesProperties.Service service) {
        return new SmsServicesProperties.Service(service.type(), true, service.priority(), service.weight(),
                service.endpoint(), service.region(), service.accessKey(), service.accessSecret(), service.secretId(),
                service.secretKey(), service.sdkAppId(), service.signName(), service.url(), service.headers(),
                service.signature(), service.exclusive(), service.allowPrivateNetwork(), service.allowedAddresses(),
                service.maxQps(), service.maxParamLength(), service.connectTimeout(), service.readTimeout());
    }

    private static List<String> configuredSecrets(SmsServicesProperties.Service service) {
        List<String> set = new ArrayList<>();
        if (service.accessSecret() != null) {
            set.add("accessSecret");
        }
        if (service.secretKey() != null) {
            set.add("secretKey");
        }
        if (service.signature() != null) {
            set.add("signature");
        }
        if (!service.headers().isEmpty()) {
            set.add("headers");
        }
        return set;
    }

    private @Nullable ServiceStatus status(String name) {
        return services.statuses().stream().filter(status -> status.name().equals(name)).findFirst().orElse(null);
    }

    /** What a change did to a service's settings, field by field; secrets only as "set", "changed", "removed". */
    private Map<String, Object> settingsChanges(SmsServicesProperties.@Nullable Service old,
                                                SmsServicesProperties.Service now) {
        Map<String, Object> before = old == null ? Map.of() : ServiceDocument.plainSettings(old);
        Map<String, Object> after = ServiceDocument.plainSettings(now);
        Map<String, Object> changes = new TreeMap<>();
        Set<String> fields = new HashSet<>(before.keySet());
        fields.addAll(after.keySet());
        for (String field : fields) {
            if (!Objects.equals(before.get(field), after.get(field))) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("from", field.equals("accessKey") || field.equals("secretId")
                        ? masked(before.get(field)) : before.get(field));
                change.put("to", field.equals("accessKey") || field.equals("secretId")
                        ? masked(after.get(field)) : after.get(field));
                changes.put(field, change);
            }
        }
        Map<String, String> secretsBefore = old == null ? Map.of() : ServiceDocument.secrets(old, json);
        Map<String, String> secretsAfter = ServiceDocument.secrets(now, json);
        for (String field : ServiceDocument.SECRETS) {
            String from = secretsBefore.get(field);
            String to = secretsAfter.get(field);
            if (!Objects.equals(from, to)) {
                changes.put(field, from == null ? "set" : to == null ? "removed" : "changed");
            }
        }
        return changes;
    }

    private static @Nullable String masked(@Nullable Object id) {
        if (id == null) {
            return null;
        }
        String text = id.toString();
        return text.length() <= 8 ? "****" : text.substring(0, 4) + "****";
    }

    private static Map<String, Object> templateChanges(CatalogTables.@Nullable TemplateRow old,
                                                       TemplateDocument now) {
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

    private static SmsTemplate template(CatalogTables.TemplateRow row) {
        return new SmsTemplate(row.code(), row.content(), row.params(), row.codes(), row.loginCode());
    }

    private static TemplateView view(CatalogTables.TemplateRow row) {
        return new TemplateView(row.code(), ServiceView.DATABASE, row.version(), row.content(), row.params(),
                row.codes(), row.loginCode(), row.updatedAt(), row.updatedBy());
    }

    private static TemplateView configuredView(SmsTemplate template) {
        return new TemplateView(template.code(), ServiceView.CONFIGURATION, null, template.content(),
                template.paramNames(), template.serviceCodes(), template.loginCode(), null, null);
    }
}
