package io.smsnotifier.worker.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One recorded change.
 *
 * @param at      when the recording transaction started (PostgreSQL {@code now()})
 * @param actor   the token's name that made it
 * @param action  a dotted name such as {@code deadletter.replay} or {@code service.update}
 * @param target  what was changed, such as {@code deadletter:<topic>/<partition>/<offset>} or {@code service:<name>}
 * @param changes what changed, as the caller described it; never a secret, a phone number or a message's text
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target,
                         Map<String, Object> changes) {
}
