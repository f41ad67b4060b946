package io.smsnotifier.worker.providers;

import io.smsnotifier.worker.support.Cidr;
import okhttp3.Dns;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where SMS services may connect, one rule for every type. Public addresses are open over {@code https://};
 * loopback, private, link-local, unique-local, reserved, CGNAT and multicast addresses only inside
 * {@value #PROPERTY}; plain {@code http://} only to addresses inside it; cloud metadata endpoints only when that
 * list names the exact address. Every address a host resolves to must pass, at creation ({@link #vendorEndpoint},
 * {@link #url}) and again in the HTTP client's own lookup ({@link #dns}), so the address checked is the address
 * connected to and a name that rebinds to an internal address gets nowhere. Thread-safe, immutable.
 */
@Component
public final class DestinationPolicy {

    public static final String PROPERTY = "notifier.sms.allowed-private-networks";

    /** A resolved address the policy refuses; the message names the setting and how to open it. */
    public static final class Refused extends UnknownHostException {
        Refused(String message) {
            super(message);
        }
    }

    private final List<Cidr> ranges;

    /** @throws IllegalStateException naming {@value #PROPERTY} and the entry, when one is not a range */
    public DestinationPolicy(DestinationProperties properties) {
        List<Cidr> parsed = new ArrayList<>();
        List<String> configured = properties.allowedPrivateNetworks();
        for (int i = 0; i < configured.size(); i++) {
            try {
                parsed.add(Cidr.parse(configured.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(PROPERTY + "[" + i + "]: " + e.getMessage()
                        + "; expected a CIDR range such as 10.1.0.0/16 or fd00::/8, or one address", e);
            }
        }
        this.ranges = List.copyOf(parsed);
    }

    /**
     * A vendor endpoint, configured as an http(s) URL or a bare host (HTTPS), checked now; its {@code dns}
     * checks again at every connection.
     *
     * @param property the setting it came from, named in every refusal
     * @throws IllegalStateException naming {@code property}, when the endpoint is malformed or refused
     */
    public VendorEndpoint vendorEndpoint(String configured, String property) {
        String value = configured.strip();
        URI uri = url(value.contains("://") ? value : "https://" + value, property);
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        String hostAndPort = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
        return new VendorEndpoint(hostAndPort, https, dns(Dns.SYSTEM, property, https));
    }

    /**
     * An http(s) URL with a host, whose addresses pass now. A host that does not resolve yet passes: DNS may
     * come later, and every connection is checked by {@link #dns}.
     *
     * @throws IllegalStateException naming {@code property}, when the URL is malformed or refused
     */
    public URI url(String configured, String property) {
        URI uri;
        try {
            uri = URI.create(configured.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not a URL or a host", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalStateException(property + " must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalStateException(property + " has no host");
        }
        List<InetAddress> addresses;
        try {
            addresses = List.of(InetAddress.getAllByName(uri.getHost()));
        } catch (UnknownHostException e) {
            return uri;
        }
        try {
            vet(addresses, property, scheme.equals("https"));
        } catch (Refused e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return uri;
    }

    /**
     * The lookup an HTTP client must connect through: what {@code upstream} finds, when every address passes.
     * With a proxy the proxy would resolve the name unseen, so such a client must go without one.
     *
     * @param https whether the connection is TLS; plain http is for the configured ranges alone
     */
    public Dns dns(Dns upstream, String property, boolean https) {
        return hostname -> vet(upstream.lookup(hostname), property, https);
    }

    /** {@code addresses}, when each one passes. @throws Refused naming {@code property}, when one does not */
    public List<InetAddress> vet(List<InetAddress> addresses, String property, boolean https) throws Refused {
        for (InetAddress address : addresses) {
            String refusal = refusal(address, https);
            if (refusal != null) {
                // The address itself is left out: a refusal must not tell what an internal name resolves to.
                throw new Refused(property + " " + refusal);
            }
        }
        return addresses;
    }

    private @Nullable String refusal(InetAddress address, boolean https) {
        Optional<InetAddress> metadata = SpecialAddresses.metadata(address);
        if (metadata.isPresent()) {
            return ranges.stream().anyMatch(range -> range.isExactly(metadata.get())) ? null
                    : "resolves to a cloud metadata address, which stays closed even inside " + PROPERTY
                    + " unless that list names the exact address (e.g. 169.254.169.254/32)";
        }
        boolean listed = SpecialAddresses.forms(address)
                .anyMatch(form -> ranges.stream().anyMatch(range -> range.contains(form)));
        if (listed) {
            return null;
        }
        if (SpecialAddresses.isPrivate(address)) {
            return "resolves to a loopback, private, link-local or reserved address; add its range to " + PROPERTY
                    + " if services are meant to reach it";
        }
        if (!https) {
            return "uses plain http://, which is allowed only to addresses inside " + PROPERTY
                    + "; use https://, or add the host's range to " + PROPERTY + " if it is yours";
        }
        return null;
    }
}
