package io.smsnotifier.worker.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code notifier.admin.*}. The worker refuses to start without a token (set {@code NOTIFIER_ADMIN_TOKEN}); the
 * {@code local} profile generates one.
 *
 * @param token                    the bearer token every endpoint but {@code /actuator/health} requires
 * @param anonymousHealthPerSecond health requests without the token answered per second; more get 429 at once
 *                                 (probes and load balancers need a few; a flood must not take the CPU)
 */
@Validated
@ConfigurationProperties("notifier.admin")
public record AdminProperties(
        @NotBlank(message = "must be set (environment NOTIFIER_ADMIN_TOKEN): it protects the admin API")
        @Size(min = 16, message = "must be at least 16 characters") String token,
        @DefaultValue("20") @Positive int anonymousHealthPerSecond) {

    @Override
    public String toString() {
        return "AdminProperties[token=****]";
    }
}
