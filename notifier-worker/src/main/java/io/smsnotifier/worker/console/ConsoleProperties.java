package io.smsnotifier.worker.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code notifier.console.*}.
 *
 * @param sessionTimeout how long a signed-in session lives without a request; then the next page asks for the
 *                       token again. Short, because a console left open on a shared screen can change services.
 */
@ConfigurationProperties("notifier.console")
public record ConsoleProperties(@DefaultValue("30m") Duration sessionTimeout) {

    public ConsoleProperties {
        if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("notifier.console.session-timeout must be positive, got "
                    + sessionTimeout);
        }
    }
}
