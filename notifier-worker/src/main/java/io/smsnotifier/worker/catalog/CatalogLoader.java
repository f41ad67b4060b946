package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.ServicesInForce;
import io.smsnotifier.worker.secrets.SecretsUnavailableException;
import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.templates.SmsTemplate;
import io.smsnotifier.worker.templates.TemplateRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts the stored catalog in force on this instance: opens every stored service's secrets, hands services and
 * templates to the registries, and remembers the version that is in force. A stored service that cannot run (a
 * secret that does not open, an address the destination policy refuses) is left out with its reason; the others
 * run. Thread-safe.
 */
@Component
class CatalogLoader {

    private static final Logger log = LoggerFactory.getLogger(CatalogLoader.class);

    private final CatalogTables tables;
    private final StoredSecrets secrets;
    private final ServicesInForce services;
    private final TemplateRegistry templates;
    private long loadedVersion = -1;
    private volatile long inForceVersion = -1;
    private volatile Map<String, String> reported = Map.of();

    CatalogLoader(CatalogTables tables, StoredSecrets secrets, ServicesInForce services, TemplateRegistry templates) {
        this.tables = tables;
        this.secrets = secrets;
        this.services = services;
        this.templates = templates;
    }

    /**
     * Loads the stored services and templates and puts them in force when the catalog's version moved since the
     * last load that succeeded.
     *
     * @return true when it loaded
     * @throws IllegalStateException when no enabled service would be left; what is in force stays, and the next
     *                               call tries again
     */
    synchronized boolean reloadIfChanged() {
        long version = tables.version();
        if (version == loadedVersion) {
            return false;
        }
        Map<String, ServiceDefinition> stored = new LinkedHashMap<>();
        Map<String, Long> revisions = new LinkedHashMap<>();
        Map<String, String> cannotOpen = new TreeMap<>();
        for (CatalogTables.ServiceRow row : tables.services()) {
            try {
                stored.put(row.name(), secrets.open(row));
                revisions.put(row.name(), row.version());
            } catch (SecretsUnavailableException | IllegalStateException e) {
                if (Boolean.TRUE.equals(row.settings().get("enabled"))) {
                    cannotOpen.put(row.name(), "its secrets cannot be opened: " + e.getMessage());
                }
            }
        }
        List<SmsTemplate> storedTemplates = tables.templates().stream().map(CatalogLoader::template).toList();
        Map<String, String> unavailable = services.apply(stored, revisions, cannotOpen);
        templates.apply(storedTemplates);
        loadedVersion = version;
        inForceVersion = version;
        unavailable.forEach((name, reason) -> {
            if (!reason.equals(reported.get(name))) {
                log.error("stored sms service {} cannot run: {}", name, LogSafe.text(reason));
            }
        });
        reported = unavailable;
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

    private static SmsTemplate template(CatalogTables.TemplateRow row) {
        return new SmsTemplate(row.code(), row.content(), row.params(), row.codes(), row.loginCode());
    }
}
