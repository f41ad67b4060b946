package io.smsnotifier.worker.providers;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/** Health per SMS service ({@code smsServices.<name>}): DOWN while its circuit is open or ops must act. */
@Configuration(proxyBeanMethods = false)
class SmsServicesHealth {

    @Bean
    CompositeHealthContributor smsServicesHealthContributor(SmsServices services) {
        Map<String, HealthContributor> indicators = new LinkedHashMap<>();
        for (String name : services.serviceNames()) {
            indicators.put(name, (HealthIndicator) () -> services.statuses().stream()
                    .filter(status -> status.name().equals(name)).findFirst()
                    .map(status -> {
                        Health.Builder health = status.inRotation() ? Health.up() : Health.down();
                        health.withDetail("type", status.type()).withDetail("circuit", status.circuit());
                        if (status.blockedUntil() != null) {
                            health.withDetail("blockedUntil", status.blockedUntil().toString())
                                    .withDetail("blockedBy", String.valueOf(status.blockedBy()));
                        }
                        return health.build();
                    })
                    .orElse(Health.unknown().build()));
        }
        return CompositeHealthContributor.fromMap(indicators);
    }
}
