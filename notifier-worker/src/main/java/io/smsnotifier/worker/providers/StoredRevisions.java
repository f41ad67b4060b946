package io.smsnotifier.worker.providers;

import java.util.Optional;

/**
 * The settings of every version of a stored service that a row in doubt may still name: the catalog keeps the
 * version a change or a delete replaces for as long as such a row needs it. Implemented by the catalog.
 */
public interface StoredRevisions {

    /**
     * The definition of {@code name} at {@code version}, secrets opened, whether it is the service in force,
     * a disabled one, an earlier version or one deleted since.
     *
     * @return empty when that version is not kept (never stored, or purged) or its secrets do not open
     */
    Optional<ServiceDefinition> definition(String name, long version);
}
