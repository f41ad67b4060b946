package io.smsnotifier.worker.delivery;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code notifier.delivery.*}.
 *
 * @param unknownPolicy what to do with a number whose request went out but whose answer was lost (timeout, crash),
 *                      when the vendor cannot be asked (Alibaba Cloud can, through {@code QuerySendDetails}):
 *                      {@code resend} (the default: a possible duplicate rather than a lost message) or
 *                      {@code fail} (settle it FAILED, never a duplicate)
 * @param claimLease    how long a consumer's claim on an open row holds without news (renewed as each request
 *                      leaves) before another copy of the event may take it over: the wait after a crash of a
 *                      worker that was handling a duplicate
 */
@Validated
@ConfigurationProperties("notifier.delivery")
record DeliveryProperties(@DefaultValue("resend") @NotNull UnknownPolicy unknownPolicy,
                          @DefaultValue("60s") @NotNull Duration claimLease) {

    enum UnknownPolicy { RESEND, FAIL }
}
