package io.smsnotifier.worker.intake;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code notifier.intake.*}: consumer threads per listener. Login codes have their own, so a flood of approvals
 * never delays them.
 *
 * @param concurrency          consumers for each approval / notification topic
 * @param loginCodeConcurrency consumers for {@code login.code}: best one per partition of the topic (3 by default),
 *                             so that a slow round of codes holds up only the codes of its own partition
 */
@Validated
@ConfigurationProperties("notifier.intake")
record IntakeProperties(@DefaultValue("2") @Positive int concurrency,
                        @DefaultValue("3") @Positive int loginCodeConcurrency) {
}
