package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.ServiceDefinition;
import io.smsnotifier.worker.providers.ServiceSetting;
import io.smsnotifier.worker.providers.ServiceTypes;
import io.smsnotifier.worker.secrets.SealedSecret;
import io.smsnotifier.worker.secrets.SecretBox;
import io.smsnotifier.worker.secrets.SecretsUnavailableException;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored service's settings in and out of its two tables: the clear part in {@code sms_services.settings}, every
 * setting its type declares sealed ({@link ServiceSetting#sealed()}) in {@code sms_service_secrets}, sealed by
 * {@link SecretBox} with {@code sms-service:<name>:<setting>} as associated data, so that a value copied to
 * another service or setting does not open. Thread-safe.
 */
@Component
class StoredSecrets {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final SecretBox box;
    private final ServiceTypes types;
    private final ObjectMapper json;

    StoredSecrets(SecretBox box, ServiceTypes types, ObjectMapper json) {
        this.box = box;
        this.types = types;
        this.json = json;
    }

    /** The sealed settings of {@code definition}, each sealed under the current key. */
    List<CatalogTables.SecretRow> seal(String name, ServiceDefinition definition) {
        List<CatalogTables.SecretRow> sealed = new ArrayList<>();
        for (ServiceSetting setting : types.settings(definition.type())) {
            Object value = definition.settings().get(setting.name());
            if (value != null && setting.sealed()) {
                String plain = value instanceof Map<?, ?> map ? json.writeValueAsString(map) : value.toString();
                SealedSecret secret = box.seal(plain, context(name, setting.name()));
                sealed.add(new CatalogTables.SecretRow(setting.name(), secret.keyId(), secret.ciphertext()));
            }
        }
        return sealed;
    }

    /**
     * A stored service's definition with its secrets opened.
     *
     * @throws SecretsUnavailableException when one does not open (the key is missing, the row was altered)
     * @throws IllegalStateException       when the clear settings do not read
     */
    ServiceDefinition open(CatalogTables.ServiceRow row) {
        ServiceDefinition clear = plain(row).definition();
        Map<String, Object> settings = new LinkedHashMap<>(clear.settings());
        for (CatalogTables.SecretRow secret : row.secrets()) {
            ServiceSetting setting = types.setting(clear.type(), secret.field());
            if (setting == null) {
                continue; // a setting the type no longer has
            }
            String opened = box.open(new SealedSecret(secret.keyId(), secret.sealed()), context(row.name(),
                    secret.field()));
            settings.put(secret.field(), setting.kind() == ServiceSetting.Kind.HEADERS
                    ? json.readValue(opened, STRING_MAP) : opened);
        }
        return new ServiceDefinition(clear.common(), settings);
    }

    /** A stored service's clear settings, without opening a secret. */
    ServiceDocument plain(CatalogTables.ServiceRow row) {
        FieldErrors errors = new FieldErrors();
        ServiceDocument document = ServiceJson.read(json.valueToTree(row.settings()), types, errors, false);
        if (!errors.isEmpty() || document.type() == null) {
            throw new IllegalStateException("the stored settings of '" + row.name() + "' do not read");
        }
        return document;
    }

    /**
     * Seals every stored secret that another key sealed under the current one. Call holding the catalog's lock.
     *
     * @return how many it re-sealed
     */
    int reseal(CatalogTables tables, ServiceRevisions revisions) {
        int count = 0;
        for (CatalogTables.ServiceRow row : tables.services()) {
            for (CatalogTables.SecretRow secret : row.secrets()) {
                if (!box.isCurrent(secret.keyId())) {
                    tables.replaceSecret(row.name(), resealed(row.name(), secret));
                    count++;
                }
            }
        }
        // The versions kept for rows in doubt too: once the old key is gone they would not open.
        for (CatalogTables.ServiceRow row : revisions.kept()) {
            for (CatalogTables.SecretRow secret : row.secrets()) {
                if (!box.isCurrent(secret.keyId())) {
                    revisions.replaceSecret(row.name(), row.version(), resealed(row.name(), secret));
                    count++;
                }
            }
        }
        return count;
    }

    private CatalogTables.SecretRow resealed(String service, CatalogTables.SecretRow secret) {
        String context = context(service, secret.field());
        SealedSecret sealed = box.seal(box.open(new SealedSecret(secret.keyId(), secret.sealed()), context), context);
        return new CatalogTables.SecretRow(secret.field(), sealed.keyId(), sealed.ciphertext());
    }

    /**
     * Seals the settings that a stored service still keeps in clear although its type now seals them (a webhook's
     * URL, stored in clear before issue 18 when it carried no query). Call holding the catalog's lock.
     *
     * @return how many services it changed
     */
    int sealClearSettings(CatalogTables tables, String actor) {
        int count = 0;
        for (CatalogTables.ServiceRow row : tables.services()) {
            ServiceDocument plain = plain(row);
            boolean clear = types.settings(plain.type()).stream()
                    .anyMatch(setting -> setting.sealed() && row.settings().containsKey(setting.name()));
            if (clear) {
                ServiceDefinition opened = open(row);
                tables.updateService(row.name(), row.version(), ServiceJson.plain(opened, types),
                        seal(row.name(), opened), actor);
                count++;
            }
        }
        return count;
    }

    String currentKeyId() {
        return box.currentKeyId();
    }

    private static String context(String service, String setting) {
        return "sms-service:" + service + ":" + setting;
    }
}
