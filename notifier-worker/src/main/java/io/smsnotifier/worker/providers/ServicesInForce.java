package io.smsnotifier.worker.providers;

import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;

/**
 * The face of the services in force that the catalog uses: what configuration declares, whether a draft could
 * run, and putting a new catalog in force. Thread-safe.
 */
@Service
public class ServicesInForce {

    private final ServiceSets sets;

    ServicesInForce(ServiceSets sets) {
        this.sets = sets;
    }

    /**
     * Puts the configured services together with {@code stored} (the ones managed through the admin API) in
     * force: calls that have started finish with the set they read; an unchanged service keeps its provider,
     * breaker and hold. A stored service named like a configured one is ignored: configuration wins. A stored
     * service that cannot be made is left out with its reason; the others run.
     *
     * @param revisions  the version of each stored service, recorded with each request it sends
     * @param cannotOpen stored services whose secrets do not open, with the reason
     * @return every stored service that is not in force, with the reason (health, the admin API, the console)
     * @throws IllegalStateException when no enabled service would be left; the set in force then stays
     */
    public Map<String, String> apply(Map<String, ServiceDefinition> stored, Map<String, Long> revisions,
                                     Map<String, String> cannotOpen) {
        return sets.apply(stored, revisions, cannotOpen);
    }

    /** True when configuration ({@code notifier.sms.services.<name>}) declares {@code name}. */
    public boolean isConfigured(String name) {
        return sets.configured.isConfigured(name);
    }

    /** The services configuration declares, by name. */
    public Map<String, ServiceDefinition> configured() {
        return sets.configured.definitions();
    }

    /**
     * What is wrong with a draft service's settings, one entry per setting; empty when a service could be made
     * of them. Makes the provider to find out (and closes it): the type's own checks run, the destination policy
     * among them.
     */
    public List<SettingProblem> check(String name, ServiceDefinition draft) {
        return sets.factory.check(name, draft);
    }
}
