package io.smsnotifier.worker.providers;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.Map;

/**
 * {@code notifier.sms.*}: the named SMS services and how traffic is routed between them.
 */
@Validated
@ConfigurationProperties("notifier.sms")
record SmsServicesProperties(@DefaultValue("failover") @NotNull Routing routing,
                             Map<String, @Valid Service> services) {

    SmsServicesProperties {
        services = services == null ? Map.of() : Map.copyOf(services);
    }

    enum Routing { FAILOVER, RANDOM, WEIGHTED }

    enum Type { ALIYUN, TENCENT, WEBHOOK, SANDBOX }

    /**
     * One service account. Vendor-specific settings (endpoint, credentials) arrive with their adapters.
     */
    record Service(@NotNull Type type, @DefaultValue("true") boolean enabled, @DefaultValue("100") int priority,
                   @Nullable String signName) {
    }
}
