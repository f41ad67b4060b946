package io.smsnotifier.worker.catalog;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/secrets/keys}: the key ids each live instance holds, which one this instance seals with, and how
 * many stored secrets each key sealed; what an operator checks before a re-seal and before dropping a previous
 * key. Ids are fingerprints that reveal nothing of the keys, so viewers may read them.
 */
@RestController
class SecretKeysController {

    private final KeyFleet fleet;

    SecretKeysController(KeyFleet fleet) {
        this.fleet = fleet;
    }

    @GetMapping("/api/secrets/keys")
    KeyFleet.Keys keys() {
        return fleet.keys();
    }
}
