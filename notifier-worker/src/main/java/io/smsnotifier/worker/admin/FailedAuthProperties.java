package io.smsnotifier.worker.admin;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code notifier.admin.failed-auth.*}: how many wrong tokens ({@link AuthFailures}) are answered before callers are
 * held back with 429, counting bearer tokens on the API and sign-ins on the console alike.
 *
 * @param perAddress        wrong tokens from one client address within {@code window}; past them that address gets
 *                          429 for the rest of the window, whatever it sends
 * @param total             wrong tokens from all addresses together within {@code window}; past them every address
 *                          but those that signed in lately gets 429 (someone guessing from many addresses), and
 *                          an {@code ALERT} line is logged
 * @param window            how long failures are counted, from the first one
 * @param trackedAddresses  at most this many addresses are counted at once (the least recent are forgotten), so
 *                          that many addresses cannot take memory without limit; the total limit holds them all
 */
@Validated
@ConfigurationProperties("notifier.admin.failed-auth")
public record FailedAuthProperties(@DefaultValue("10") @Positive int perAddress,
                                   @DefaultValue("300") @Positive int total,
                                   @DefaultValue("1m") Duration window,
                                   @DefaultValue("10000") @Positive int trackedAddresses) {

    public FailedAuthProperties {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("notifier.admin.failed-auth.window must be positive, got " + window);
        }
    }
}
