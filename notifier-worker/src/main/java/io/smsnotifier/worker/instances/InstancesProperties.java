package io.smsnotifier.worker.instances;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code notifier.instances.*}.
 *
 * @param heartbeat how often this instance writes its heartbeat and counts the others
 * @param expiry    how long an instance counts as alive after its last heartbeat: the wait before a dead
 *                  instance's share of {@code max-qps} and its claims go to the others
 */
@Validated
@ConfigurationProperties("notifier.instances")
record InstancesProperties(@DefaultValue("1s") @NotNull Duration heartbeat,
                           @DefaultValue("5s") @NotNull Duration expiry) {

    InstancesProperties {
        // A scheduler refuses a zero delay with a message that names no property.
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("notifier.instances.heartbeat must be positive, was " + heartbeat);
        }
    }
}
