package io.smsnotifier.worker.providers.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A webhook URL that has passed the SSRF guard: only http(s), and no loopback, private, link-local, unique-local
 * or multicast address unless the service allows private networks. The host is checked again before every
 * request, since what it resolves to can change.
 */
public final class WebhookTarget {

    private final URI uri;
    private final boolean allowPrivateNetwork;
    private final String property;

    public WebhookTarget(String url, boolean allowPrivateNetwork, String property) {
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
        this.property = property;
    }

    public URI uri() {
        return uri;
    }

    /**
     * @throws SecurityException when the host resolves to an address this service may not reach
     * @throws UnknownHostException when it does not resolve
     */
    public void checkReachable() throws UnknownHostException {
        if (allowPrivateNetwork) {
            return;
        }
        for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
            if (isPrivate(address)) {
                throw new SecurityException(property + " resolves to a loopback, private or link-local address; "
                        + "set allow-private-network: true on the service if that is intended");
            }
        }
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            // fc00::/7 unique-local, and IPv4-mapped addresses judged as IPv4
            if ((bytes[0] & 0xfe) == 0xfc) {
                return true;
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            if (mapped && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
                try {
                    return isPrivate(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return false;
        }
        // 100.64.0.0/10 carrier-grade NAT and 0.0.0.0/8
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second <= 127);
    }
}
