package io.smsnotifier.worker.admin;

import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code notifier.admin.*}. The worker refuses to start without at least one token; {@link AdminTokens} checks
 * them and names the property at fault. The {@code local} profile generates {@code token}. {@link #toString()}
 * never shows a token.
 *
 * @param token                    the token of the operator named {@code admin} (environment
 *                                 {@code NOTIFIER_ADMIN_TOKEN}): what deployments from before named tokens set
 * @param tokens                   named tokens, one per person or system, each with its role; the name is who
 *                                 the audit log says did a change
 * @param anonymousHealthPerSecond health requests without a token answered per second; more get 429 at once
 *                                 (probes and load balancers need a few; a flood must not take the CPU)
 */
@Validated
@ConfigurationProperties("notifier.admin")
public record AdminProperties(@Nullable String token, Map<String, NamedToken> tokens,
                              @DefaultValue("20") @Positive int anonymousHealthPerSecond) {

    public AdminProperties {
        // Sorted, so that a start-up failure names the same token every time.
        tokens = tokens == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(tokens));
    }

    /** What a token may do. An operator may do everything a viewer may. */
    public enum Role {
        /** Reads the admin API (GET, HEAD), except what shows message content ({@code /api/sandbox/**}). */
        VIEWER,
        /** Reads and changes everything. */
        OPERATOR;

        /** As configured and as the 403 answer says it: {@code viewer}, {@code operator}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code notifier.admin.tokens.<name>}: one token and its role.
     *
     * @param token at least 32 random characters ({@code openssl rand -hex 32}), no spaces, not shared with any
     *              other name
     * @param role  {@code viewer} or {@code operator}; required
     */
    public record NamedToken(@Nullable String token, @Nullable Role role) {

        @Override
        public String toString() {
            return "NamedToken[token=****, role=" + role + "]";
        }
    }

    @Override
    public String toString() {
        return "AdminProperties[token=" + (token == null ? "(none)" : "****") + ", tokens=" + tokens
                + ", anonymousHealthPerSecond=" + anonymousHealthPerSecond + "]";
    }
}
