package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.audit.AuditLog;
import io.smsnotifier.worker.receipts.ReceiptAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Re-sealing every stored secret under the current key after a key rotation, as one audited change. */
@Component
class Resealing {

    private static final Logger log = LoggerFactory.getLogger(Resealing.class);

    private final CatalogTables tables;
    private final CatalogChanges changes;
    private final StoredSecrets secrets;
    private final AuditLog audit;
    private final KeyFleet fleet;
    private final ServiceRevisions revisions;
    private final ReceiptAddresses receipts;

    Resealing(CatalogTables tables, CatalogChanges changes, StoredSecrets secrets, AuditLog audit, KeyFleet fleet,
              ServiceRevisions revisions, ReceiptAddresses receipts) {
        this.receipts = receipts;
        this.fleet = fleet;
        this.revisions = revisions;
        this.tables = tables;
        this.changes = changes;
        this.secrets = secrets;
        this.audit = audit;
    }

    /**
     * Seals every stored secret that another key sealed under the current one (receipt secrets too), and the settings a service still
     * keeps in clear that its type now seals (a webhook URL stored before issue 18).
     *
     * @return how many secrets it re-sealed, plus how many services it sealed a clear setting of
     * @throws KeyFleet.KeyNotEverywhere when a live instance could not open what it would seal (HTTP 409)
     */
    int reseal(String actor) {
        fleet.requireCurrentKeyEverywhere();
        String current = secrets.currentKeyId();
        int resealed = changes.change(() -> {
            int count = secrets.reseal(tables, revisions) + receipts.reseal();
            int sealedNow = secrets.sealClearSettings(tables, actor);
            audit.record(actor, "secrets.reseal", "secrets", Map.of("resealed", count, "keyId", current,
                    "servicesSealedNow", sealedNow));
            return count + sealedNow;
        });
        log.info("re-sealed {} stored secret(s) under key {}", resealed, current);
        return resealed;
    }
}
