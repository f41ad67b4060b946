package io.smsnotifier.worker.providers.sandbox;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code notifier.sandbox.*}.
 *
 * @param reports     whether the sandbox services report every message {@code DELIVERED}, as a handset would, so
 *                    that a local run shows a message's whole life
 * @param reportDelay how long after the send; a report that comes before the send is settled waits for it in
 *                    {@code early_receipts}, so any value works
 */
@Validated
@ConfigurationProperties("notifier.sandbox")
record SandboxProperties(@DefaultValue("true") boolean reports,
                         @DefaultValue("500ms") @NotNull Duration reportDelay) {
}
