package io.smsnotifier.worker.providers.sandbox;

import java.time.Instant;

/**
 * One SMS the sandbox was given. The number is masked; the text is whole (it is how a developer reads a login
 * code locally), so this record is shown only by the authenticated sandbox listing and never logged.
 */
public record SandboxMessage(String id, String service, String phone, String channel, String templateCode,
                             String text, String eventId, String kind, Instant at) {
}
