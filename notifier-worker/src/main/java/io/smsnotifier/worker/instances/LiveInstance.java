package io.smsnotifier.worker.instances;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * A worker instance as its last heartbeat described it.
 *
 * @param instanceId   its id in {@code worker_instances}, new at every start
 * @param hostName     the host (or pod) it runs on, or null when it could not tell
 * @param startedAt    when it first beat
 * @param heartbeatAt  its last beat
 * @param currentKeyId the id of the key it seals secrets with, or null when it has none
 * @param keyIds       the ids of every key it can open secrets with, the current one first; null when its
 *                     heartbeat says nothing of keys (a version from before they were advertised)
 */
public record LiveInstance(String instanceId, @Nullable String hostName, Instant startedAt, Instant heartbeatAt,
                           @Nullable String currentKeyId, @Nullable List<String> keyIds) {

    public LiveInstance {
        keyIds = keyIds == null ? null : List.copyOf(keyIds);
    }

    /** Whether it can open what was sealed under {@code keyId}; false when it does not say. */
    public boolean holds(String keyId) {
        return keyIds != null && keyIds.contains(keyId);
    }
}
