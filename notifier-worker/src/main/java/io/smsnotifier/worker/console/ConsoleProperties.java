package io.smsnotifier.worker.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code notifier.console.*}.
 *
 * @param sessionTimeout  how long a signed-in session lives without anything a person did (a page, a form, a
 *                        click); the overview's refresh every 10 s does not count. Then the next request, the
 *                        refresh too, leads to the sign-in. Short, because a console left open on a shared screen
 *                        can change services.
 * @param sessionLifetime how long a session lives at most, however busy: then the token is asked for again
 */
@ConfigurationProperties("notifier.console")
public record ConsoleProperties(@DefaultValue("30m") Duration sessionTimeout,
                                @DefaultValue("12h") Duration sessionLifetime) {

    public ConsoleProperties {
        positive("session-timeout", sessionTimeout);
        positive("session-lifetime", sessionLifetime);
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("notifier.console." + name + " must be positive, got " + value);
        }
    }
}
