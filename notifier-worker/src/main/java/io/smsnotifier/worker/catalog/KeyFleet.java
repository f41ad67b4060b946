package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.instances.Instances;
import io.smsnotifier.worker.instances.LiveInstance;
import io.smsnotifier.worker.secrets.KeyIds;
import io.smsnotifier.worker.secrets.SecretBox;
import io.smsnotifier.worker.support.LogSafe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The secret keys across the live instances, as their heartbeats advertise them. A re-seal seals every stored
 * secret under this instance's current key; an instance that does not hold that key can then open none of them
 * and drops every stored service that has a secret. So a re-seal waits until every live instance holds the key:
 * the rotation's rollout is checked where it can still be stopped, not discovered afterwards in health.
 *
 * <p>What it cannot see: an instance started later with an older configuration (a rollback), or one that has not
 * beaten within {@code notifier.instances.expiry}. Thread-safe; each call reads the heartbeats afresh.
 */
@Component
class KeyFleet {

    private static final Logger log = LoggerFactory.getLogger(KeyFleet.class);

    private final Instances instances;
    private final SecretBox secrets;
    private final CatalogTables tables;
    private final ServiceRevisions revisions;

    KeyFleet(Instances instances, SecretBox secrets, CatalogTables tables, ServiceRevisions revisions) {
        this.instances = instances;
        this.secrets = secrets;
        this.tables = tables;
        this.revisions = revisions;
    }

    /**
     * Passes when every live instance holds this instance's current key.
     *
     * @throws io.smsnotifier.worker.secrets.SecretsUnavailableException when this instance has no current key
     * @throws KeyNotEverywhere naming the live instances that do not hold it
     */
    void requireCurrentKeyEverywhere() {
        String keyId = secrets.currentKeyId();
        List<LiveInstance> lacking = lacking(keyId, instances.liveInstances());
        if (!lacking.isEmpty()) {
            KeyNotEverywhere refused = new KeyNotEverywhere(keyId, lacking);
            // Host names come from other instances' rows: neutralised like any text this instance did not write.
            log.warn("re-seal refused keyId={} lacking={}: {}", keyId, lacking.size(),
                    LogSafe.text(refused.getMessage()));
            throw refused;
        }
    }

    /** What {@code GET /api/secrets/keys} shows; ids only, which reveal nothing of the keys. */
    Keys keys() {
        KeyIds own = secrets.keyIds();
        List<InstanceKeys> live = instances.liveInstances().stream()
                .map(instance -> InstanceKeys.of(instance, own.current(), instances.instanceId())).toList();
        boolean resealable = own.current() != null && live.stream().allMatch(InstanceKeys::holdsCurrentKey);
        // A key that only a kept earlier version of a service needs is still needed: see ServiceRevisions.
        Map<String, Integer> sealed = new java.util.TreeMap<>(tables.secretsByKeyId());
        revisions.secretsByKeyId().forEach((keyId, count) -> sealed.merge(keyId, count, Integer::sum));
        return new Keys(own.current(), own.previous(), resealable, sealed, live);
    }

    /** The instances of {@code live} that cannot open what {@code keyId} seals, in their order. */
    static List<LiveInstance> lacking(String keyId, List<LiveInstance> live) {
        return live.stream().filter(instance -> !instance.holds(keyId)).toList();
    }

    /**
     * The key ids as this instance sees them.
     *
     * @param currentKeyId   this instance's sealing key, or null when it has none
     * @param previousKeyIds this instance's previous keys
     * @param resealable     whether a re-seal through this instance would go ahead now
     * @param sealedSecrets  stored secrets per key id: a previous key can go once none is sealed under it
     * @param instances      every live instance, this one included
     */
    record Keys(@Nullable String currentKeyId, List<String> previousKeyIds, boolean resealable,
                Map<String, Integer> sealedSecrets, List<InstanceKeys> instances) {
    }

    /**
     * One live instance's keys.
     *
     * @param keyIds          null when its heartbeat says nothing of keys (a version before they were advertised)
     * @param holdsCurrentKey whether it holds the current key of the instance that answers
     * @param self            whether it is the instance that answers
     */
    record InstanceKeys(String instanceId, @Nullable String hostName, Instant startedAt, Instant heartbeatAt,
                        @Nullable String currentKeyId, @Nullable List<String> keyIds, boolean holdsCurrentKey,
                        boolean self) {

        static InstanceKeys of(LiveInstance instance, @Nullable String currentKeyId, String self) {
            return new InstanceKeys(instance.instanceId(), instance.hostName(), instance.startedAt(),
                    instance.heartbeatAt(), instance.currentKeyId(), instance.keyIds(),
                    currentKeyId != null && instance.holds(currentKeyId), instance.instanceId().equals(self));
        }
    }

    /** 409: live instances do not hold the key a re-seal would seal under; the message names each and the key. */
    static final class KeyNotEverywhere extends RuntimeException {

        private final String keyId;
        private final List<LiveInstance> lacking;

        KeyNotEverywhere(String keyId, List<LiveInstance> lacking) {
            super(message(keyId, lacking));
            this.keyId = keyId;
            this.lacking = List.copyOf(lacking);
        }

        String keyId() {
            return keyId;
        }

        List<LiveInstance> lacking() {
            return lacking;
        }

        private static String message(String keyId, List<LiveInstance> lacking) {
            String named = lacking.stream().map(instance -> describe(instance, keyId))
                    .collect(Collectors.joining("; "));
            return "re-sealing under key " + keyId + " would leave " + lacking.size() + " live instance(s) unable to "
                    + "open the stored secrets, and so without the stored services: " + named + ". Give every "
                    + "instance key " + keyId + " first (as notifier.secrets.key with the old key in "
                    + "notifier.secrets.previous-keys, or in its previous-keys), then re-seal; GET /api/secrets/keys "
                    + "shows what each live instance holds";
        }

        private static String describe(LiveInstance instance, String keyId) {
            String where = instance.hostName() == null ? "" : " on host " + instance.hostName();
            String holds = instance.keyIds() == null
                    ? "its heartbeat names no keys: it runs a version that does not advertise them"
                    : instance.keyIds().isEmpty() ? "it holds no key"
                    : "it holds " + String.join(", ", instance.keyIds());
            return "instance " + instance.instanceId() + where + " lacks key " + keyId + " (" + holds + ")";
        }
    }
}
