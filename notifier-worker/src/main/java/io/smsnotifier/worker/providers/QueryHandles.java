package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.support.LogSafe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * Query-only providers for requests whose answer was lost on a service that is no longer in force as it was: a
 * disabled, deleted or re-keyed service is asked with the settings the request went out with, never with the
 * ones that replaced them (a new account does not know the old one's messages, and a guess of "not sent" sends
 * the SMS twice). A handle is made on first use, closed by the next lookup once it has been idle five minutes
 * (never while a query uses it) and when the worker stops. Thread-safe.
 */
final class QueryHandles implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueryHandles.class);
    private static final Duration IDLE = Duration.ofMinutes(5);

    private record Key(String service, @Nullable Long revision) {
    }

    private static final class Handle {
        final SmsProvider provider;
        int users;
        Instant lastUsed = Instant.now();

        Handle(SmsProvider provider) {
            this.provider = provider;
        }
    }

    private final ServiceTypes types;
    private final ConfiguredServices configured;
    private final ObjectProvider<StoredRevisions> stored;
    private final Map<Key, Handle> handles = new HashMap<>();

    QueryHandles(ServiceTypes types, ConfiguredServices configured, ObjectProvider<StoredRevisions> stored) {
        this.types = types;
        this.configured = configured;
        this.stored = stored;
    }

    /**
     * Asks {@code service} as it was at {@code revision} (null: as configuration declares it): whether a lost
     * request reached its number, or the handset reports of its messages.
     *
     * @param cannotTell the answer when its settings are gone
     */
    <T> T ask(String service, @Nullable Long revision, Function<SmsProvider, T> query, T cannotTell) {
        Key key = new Key(service, revision);
        Handle handle = acquire(key);
        if (handle == null) {
            return cannotTell;
        }
        try {
            return query.apply(handle.provider);
        } finally {
            release(handle);
        }
    }

    private synchronized @Nullable Handle acquire(Key key) {
        closeIdle();
        Handle handle = handles.get(key);
        if (handle == null) {
            SmsProvider provider = make(key);
            if (provider == null) {
                return null;
            }
            handle = new Handle(provider);
            handles.put(key, handle);
        }
        handle.users++;
        return handle;
    }

    private synchronized void release(Handle handle) {
        handle.users--;
        handle.lastUsed = Instant.now();
    }

    private @Nullable SmsProvider make(Key key) {
        ServiceDefinition definition = key.revision() == null ? configured.definitions().get(key.service())
                : stored.getObject().definition(key.service(), key.revision()).orElse(null);
        SmsProviderFactory factory = definition == null ? null : types.factory(definition.type());
        if (factory == null) {
            log.warn("sms service {} (version {}) cannot be asked about its messages: its settings are no longer "
                    + "kept", LogSafe.key(key.service()), key.revision());
            return null;
        }
        try {
            return factory.create(new ServiceSettings(key.service(), definition));
        } catch (RuntimeException e) {
            log.warn("sms service {} (version {}) cannot be asked about its messages: {}",
                    LogSafe.key(key.service()), key.revision(), LogSafe.text(e.getMessage()));
            return null;
        }
    }

    private void closeIdle() {
        Instant idleSince = Instant.now().minus(IDLE);
        for (Iterator<Handle> it = handles.values().iterator(); it.hasNext(); ) {
            Handle handle = it.next();
            if (handle.users == 0 && handle.lastUsed.isBefore(idleSince)) {
                it.remove();
                handle.provider.close();
            }
        }
    }

    @Override
    public synchronized void close() {
        handles.values().forEach(handle -> handle.provider.close());
        handles.clear();
    }
}
