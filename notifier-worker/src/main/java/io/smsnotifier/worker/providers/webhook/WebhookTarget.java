package io.smsnotifier.worker.providers.webhook;

import okhttp3.Dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A webhook URL that has passed the SSRF guard: only http(s), and no loopback, private, link-local, unique-local,
 * reserved or multicast address (IPv4 inside IPv6 — mapped, compatible, NAT64, 6to4 — judged as the IPv4 it
 * carries) unless the service allows private networks. Cloud metadata endpoints stay closed even then, unless
 * the exact address is listed in {@code allowed-addresses}. The check runs inside the HTTP client's DNS lookup
 * ({@link #dns}), so the address checked is the address connected to: a name that resolves to a public
 * address for the check and to a private one for the connection (DNS rebinding) gets nowhere.
 */
final class WebhookTarget {

    /** Instance metadata services (AWS, GCP, Azure, ECS, Tencent Cloud, Alibaba Cloud, AWS over IPv6). */
    static final List<String> METADATA_ADDRESSES = List.of("169.254.169.254", "169.254.170.2", "169.254.0.23",
            "100.100.100.200", "fd00:ec2::254");

    /** A resolved address the guard refused: not reachable for this service. */
    static final class BlockedAddressException extends UnknownHostException {
        BlockedAddressException(String message) {
            super(message);
        }
    }

    private final URI uri;
    private final boolean allowPrivateNetwork;
    private final Set<InetAddress> allowedAddresses;
    private final Set<InetAddress> metadata;
    private final String property;

    /**
     * @param allowedAddresses IP literals this service may always reach, metadata endpoints included (an explicit
     *                         opt-in for one address, e.g. a gateway on the metadata subnet)
     */
    WebhookTarget(String url, boolean allowPrivateNetwork, List<String> allowedAddresses, String property) {
        URI parsed;
        try {
            parsed = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not a URL", e);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalStateException(property + " must be an http or https URL");
        }
        if (parsed.getHost() == null || parsed.getHost().isBlank()) {
            throw new IllegalStateException(property + " has no host");
        }
        this.uri = parsed;
        this.allowPrivateNetwork = allowPrivateNetwork;
        this.allowedAddresses = literals(allowedAddresses, property);
        this.metadata = literals(METADATA_ADDRESSES, property);
        this.property = property;
    }

    private static Set<InetAddress> literals(List<String> addresses, String property) {
        Set<InetAddress> parsed = new HashSet<>();
        for (String address : addresses) {
            // Only literals: a name here would be resolved now, which is what the guard must not trust.
            if (!address.matches("[0-9.]+|[0-9A-Fa-f:.]+")) {
                throw new IllegalStateException(property + ": allowed-addresses takes IP addresses, not names");
            }
            try {
                parsed.add(InetAddress.getByName(address));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(property + ": allowed-addresses has an invalid address", e);
            }
        }
        return Set.copyOf(parsed);
    }

    URI uri() {
        return uri;
    }

    /**
     * Resolves the host and checks every address, as the HTTP client would connect.
     *
     * @throws BlockedAddressException when the host resolves to an address this service may not reach
     * @throws UnknownHostException    when it does not resolve
     */
    void checkReachable() throws UnknownHostException {
        vet(uri.getHost(), List.of(InetAddress.getAllByName(uri.getHost())));
    }

    /** The addresses of {@code host}, each allowed for this service, or an exception saying why not. */
    List<InetAddress> vet(String host, List<InetAddress> resolved) throws UnknownHostException {
        for (InetAddress address : resolved) {
            if (allowedAddresses.contains(address)) {
                continue;
            }
            if (metadata.contains(address)) {
                throw new BlockedAddressException(property + " resolves to a cloud metadata address; list it in "
                        + "allowed-addresses on the service if that is really intended");
            }
            if (!allowPrivateNetwork && isPrivate(address)) {
                throw new BlockedAddressException(property + " resolves to a loopback, private, reserved or "
                        + "link-local address; set allow-private-network: true on the service if that is intended");
            }
        }
        return resolved;
    }

    /** A DNS lookup for the HTTP client: the addresses {@code upstream} finds, each one this service may reach. */
    Dns dns(Dns upstream) {
        return hostname -> vet(hostname, upstream.lookup(hostname));
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            int first16 = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
            if ((bytes[0] & 0xfe) == 0xfc) {
                return true; // fc00::/7 unique-local
            }
            if (first16 == 0x2001 && bytes[2] == 0 && bytes[3] == 0) {
                return true; // 2001::/32 Teredo: the IPv4 inside is obfuscated, so it cannot be judged
            }
            if (first16 == 0x2002) {
                return isPrivateV4(Arrays.copyOfRange(bytes, 2, 6)); // 2002::/16 6to4
            }
            if (first16 == 0x0064 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b) {
                boolean wellKnown = true;
                for (int i = 4; i < 12; i++) {
                    wellKnown &= bytes[i] == 0;
                }
                // 64:ff9b::/96 NAT64 carries an IPv4 address; 64:ff9b:1::/48 is for local NAT64 only.
                return !wellKnown || isPrivateV4(Arrays.copyOfRange(bytes, 12, 16));
            }
            boolean zeros = true;
            for (int i = 0; i < 10; i++) {
                zeros &= bytes[i] == 0;
            }
            boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
            boolean compatible = bytes[10] == 0 && bytes[11] == 0;
            if (zeros && (mapped || compatible)) {
                return isPrivateV4(Arrays.copyOfRange(bytes, 12, 16)); // ::ffff:a.b.c.d mapped, ::a.b.c.d compatible
            }
            return false;
        }
        return isPrivateV4(bytes);
    }

    private static boolean isPrivateV4(byte[] bytes) {
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        int third = bytes[2] & 0xff;
        return first == 0 || first == 10 || first == 127 || (first == 169 && second == 254)
                || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)
                || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                || (first == 192 && second == 0 && third == 0) // IETF protocol assignments
                || (first == 198 && (second == 18 || second == 19)) // benchmarking
                || first >= 224; // multicast 224/4 and reserved 240/4, broadcast included
    }
}
