package io.smsnotifier.worker.recipients;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code notifier.recipients.*}.
 *
 * @param maxPerEvent the largest fan-out one event may resolve to; larger events are dead-lettered with the
 *                    count, since a department or role that big is more likely a mistake than a message
 */
@Validated
@ConfigurationProperties("notifier.recipients")
record RecipientProperties(@DefaultValue("10000") @Positive int maxPerEvent) {
}
