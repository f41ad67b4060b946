package io.smsnotifier.worker.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code notifier.admin.*}. The worker refuses to start without a token (set {@code NOTIFIER_ADMIN_TOKEN}); the
 * {@code local} profile generates one.
 *
 * @param token the bearer token every endpoint but {@code /actuator/health} requires
 */
@Validated
@ConfigurationProperties("notifier.admin")
public record AdminProperties(
        @NotBlank(message = "must be set (environment NOTIFIER_ADMIN_TOKEN): it protects the admin API")
        @Size(min = 16, message = "must be at least 16 characters") String token) {

    @Override
    public String toString() {
        return "AdminProperties[token=****]";
    }
}
