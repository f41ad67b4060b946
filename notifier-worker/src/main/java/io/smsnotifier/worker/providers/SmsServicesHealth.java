package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.stream.Stream;

/**
 * Health per SMS service ({@code smsServices.<name>}): DOWN while its circuit is open or ops must act, and for a
 * stored service that cannot run (a secret that does not open), with the reason. The services are read at each
 * check, so that ones added or removed at runtime come and go.
 */
@Configuration(proxyBeanMethods = false)
class SmsServicesHealth {

    @Bean
    CompositeHealthContributor smsServicesHealthContributor(ServiceStatuses services) {
        return new CompositeHealthContributor() {
            @Override
            public @Nullable HealthContributor getContributor(String name) {
                if (services.unavailable().containsKey(name)) {
                    return unavailable(services.unavailable().get(name));
                }
                return services.serviceNames().contains(name) ? indicator(services, name) : null;
            }

            @Override
            public Stream<Entry> stream() {
                return Stream.concat(
                        services.serviceNames().stream().map(name -> new Entry(name, indicator(services, name))),
                        services.unavailable().entrySet().stream()
                                .map(entry -> new Entry(entry.getKey(), unavailable(entry.getValue()))));
            }
        };
    }

    private static HealthIndicator unavailable(String reason) {
        return () -> Health.down().withDetail("reason", reason).build();
    }

    private static HealthIndicator indicator(ServiceStatuses services, String name) {
        return () -> services.statuses().stream()
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
                .orElse(Health.unknown().build());
    }
}
