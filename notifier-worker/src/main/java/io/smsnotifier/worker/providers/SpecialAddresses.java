package io.smsnotifier.worker.providers;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which addresses are not the public internet: loopback, private, link-local, unique-local, reserved, CGNAT,
 * multicast, and the cloud metadata endpoints among them. An IPv6 address that carries an IPv4 one (mapped,
 * compatible, NAT64, 6to4) is judged as the IPv4 it carries, since that is where a packet to it ends up.
 */
final class SpecialAddresses {

    /** Instance metadata services (AWS, GCP, Azure, ECS, Tencent Cloud, Alibaba Cloud, AWS over IPv6). */
    static final List<String> METADATA = List.of("169.254.169.254", "169.254.170.2", "169.254.0.23",
            "100.100.100.200", "fd00:ec2::254");

    private static final List<InetAddress> METADATA_ADDRESSES = METADATA.stream()
            .map(SpecialAddresses::literal).toList();

    private SpecialAddresses() {
    }

    /** {@code address} itself and, when it wraps one, the IPv4 address it carries. */
    static Stream<InetAddress> forms(InetAddress address) {
        return Stream.concat(Stream.of(address), embeddedV4(address).stream());
    }

    /** The metadata endpoint {@code address} is or carries, if any. */
    static Optional<InetAddress> metadata(InetAddress address) {
        return forms(address).filter(METADATA_ADDRESSES::contains).findFirst();
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
            if (first16 == 0x0064 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b && !zeros(bytes, 4, 12)) {
                return true; // 64:ff9b::/32 beyond the well-known /96, e.g. 64:ff9b:1::/48 for local NAT64 only
            }
            if (zeros(bytes, 0, 13)) {
                return true; // ::/104, what 0.0.0.0/8 would be in compatible form
            }
            return embeddedV4(address).map(v4 -> isPrivateV4(v4.getAddress())).orElse(false);
        }
        return isPrivateV4(bytes);
    }

    /**
     * The IPv4 address inside an IPv6 one: 6to4 {@code 2002:a.b.c.d::/48}, NAT64 {@code 64:ff9b::a.b.c.d},
     * compatible {@code ::a.b.c.d} (the JDK already turns mapped {@code ::ffff:a.b.c.d} into IPv4).
     */
    static Optional<InetAddress> embeddedV4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        int first16 = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
        if (first16 == 0x2002) {
            return Optional.of(v4(Arrays.copyOfRange(bytes, 2, 6)));
        }
        boolean nat64 = first16 == 0x0064 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b
                && zeros(bytes, 4, 12);
        boolean mapped = zeros(bytes, 0, 10) && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        // ::/104 stays IPv6: it holds :: and ::1, whose "IPv4" would be 0.0.0.0 and 0.0.0.1.
        boolean compatible = zeros(bytes, 0, 12) && bytes[12] != 0;
        return nat64 || mapped || compatible ? Optional.of(v4(Arrays.copyOfRange(bytes, 12, 16))) : Optional.empty();
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

    private static boolean zeros(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] bytes) {
        try {
            return Inet4Address.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an IPv4 address
        }
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
