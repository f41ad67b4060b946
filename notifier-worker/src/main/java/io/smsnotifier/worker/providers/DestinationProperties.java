package io.smsnotifier.worker.providers;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * {@code notifier.sms.allowed-private-networks}: the address ranges (CIDR, IPv4 or IPv6; a bare address is that
 * address alone) that SMS services may reach although they are not the public internet, and the only ones they
 * may reach over plain {@code http://}. Deployment configuration on purpose: a service's own settings, which
 * operators change through the admin API, cannot open a network. {@link DestinationPolicy} reads it.
 *
 * @param allowedPrivateNetworks CIDR ranges such as {@code 10.1.0.0/16} or {@code fd00::/8}, or single addresses;
 *                               a cloud metadata endpoint opens only when named exactly ({@code 169.254.169.254/32})
 */
@ConfigurationProperties("notifier.sms")
public record DestinationProperties(List<String> allowedPrivateNetworks) {

    public DestinationProperties {
        allowedPrivateNetworks = allowedPrivateNetworks == null ? List.of() : List.copyOf(allowedPrivateNetworks);
    }
}
