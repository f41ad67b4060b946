package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.ServiceStatus;
import io.smsnotifier.worker.providers.ServiceStatuses;
import io.smsnotifier.worker.providers.ServiceTypes;
import io.smsnotifier.worker.providers.ServicesInForce;
import io.smsnotifier.worker.providers.TemplateReviews;
import io.smsnotifier.worker.providers.ShownSettings;
import io.smsnotifier.worker.templates.SmsTemplate;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.springframework.stereotype.Service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The services and templates as the admin API and the console show them, configured (read-only) and stored,
 * never with a secret. Thread-safe.
 */
@Service
public class CatalogViews {

    private final CatalogTables tables;
    private final StoredSecrets secrets;
    private final ServicesInForce services;
    private final ServiceStatuses statuses;
    private final ServiceTypes types;
    private final TemplateRegistry templates;
    private final TemplateReviews reviews;

    CatalogViews(CatalogTables tables, StoredSecrets secrets, ServicesInForce services, ServiceStatuses statuses,
                 ServiceTypes types, TemplateRegistry templates, TemplateReviews reviews) {
        this.reviews = reviews;
        this.tables = tables;
        this.secrets = secrets;
        this.services = services;
        this.statuses = statuses;
        this.types = types;
        this.templates = templates;
    }

    /** Every service, configured and stored, by name. */
    public List<ServiceView> services() {
        Map<String, ServiceView> views = new TreeMap<>();
        Map<String, ServiceStatus> states = states();
        services.configured().forEach((name, definition) -> views.put(name, configured(name, definition, states)));
        for (CatalogTables.ServiceRow row : tables.services()) {
            views.putIfAbsent(row.name(), stored(row, states));
        }
        return List.copyOf(views.values());
    }

    /** One service, configured or stored; empty when there is none of that name. */
    public Optional<ServiceView> service(String name) {
        ServiceDefinition configured = services.configured().get(name);
        if (configured != null) {
            return Optional.of(configured(name, configured, states()));
        }
        return tables.service(name).map(row -> stored(row, states()));
    }

    /** Every template, configured and stored, by code. */
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
        List<String> inForce = statuses.serviceNames();
        return views.values().stream().map(view -> withReviews(view, inForce)).toList();
    }

    /** One template, configured or stored; empty when there is none of that code. */
    public Optional<TemplateView> template(String code) {
        Optional<TemplateView> view = templates.isConfigured(code)
                ? Optional.ofNullable(templates.find(code)).map(CatalogViews::configuredView)
                : tables.template(code).map(CatalogViews::view);
        return view.map(found -> withReviews(found, statuses.serviceNames()));
    }

    /** The reviews of the template in force of that code (a stored one is in force within the catalog's poll). */
    private TemplateView withReviews(TemplateView view, List<String> inForce) {
        SmsTemplate template = templates.find(view.code());
        if (template == null) {
            return view;
        }
        return view.withReviews(reviews.of(template, inForce).stream()
                .map(reviewed -> new TemplateView.Review(reviewed.service(), reviewed.review().status().name(),
                        reviewed.review().reason(), reviewed.checkedAt())).toList());
    }

    private ServiceView configured(String name, ServiceDefinition definition, Map<String, ServiceStatus> states) {
        return ServiceView.of(name, ServiceView.CONFIGURATION, ServiceView.Stored.NONE, definition,
                ShownSettings.of(types.settings(definition.type()), definition), states.get(name), null);
    }

    private ServiceView stored(CatalogTables.ServiceRow row, Map<String, ServiceStatus> states) {
        ServiceDefinition definition;
        ShownSettings shown;
        try {
            definition = secrets.open(row);
            shown = ShownSettings.of(types.settings(definition.type()), definition);
        } catch (RuntimeException e) {
            // Without the key, the clear settings, and which secrets are set from the rows that hold them.
            definition = secrets.plain(row).definition();
            ShownSettings plain = ShownSettings.of(types.settings(definition.type()), definition);
            shown = new ShownSettings(plain.settings(), row.secrets().stream().map(CatalogTables.SecretRow::field)
                    .toList(), plain.credential(), plain.destination());
        }
        return ServiceView.of(row.name(), ServiceView.DATABASE,
                new ServiceView.Stored(row.version(), row.updatedAt(), row.updatedBy()), definition, shown,
                states.get(row.name()), statuses.unavailable().get(row.name()));
    }

    /** Each enabled service's state, by name, read once per answer. */
    private Map<String, ServiceStatus> states() {
        Map<String, ServiceStatus> states = new HashMap<>();
        statuses.statuses().forEach(status -> states.put(status.name(), status));
        return states;
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
