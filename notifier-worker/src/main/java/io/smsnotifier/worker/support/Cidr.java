package io.smsnotifier.worker.support;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An address range written as {@code 10.1.0.0/16} or {@code fd00::/8}; a bare address is the range of that one
 * address. Only literals are taken: a name would be resolved now, and what it resolves to later is what counts.
 */
public final class Cidr {

    private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** @throws IllegalArgumentException saying what is wrong with {@code text} */
    public static Cidr parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        InetAddress parsed = literal(address);
        int bits = parsed.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' has no prefix length after the /");
            }
            if (parsed instanceof Inet4Address && address.contains(":")) {
                prefix -= 96; // ::ffff:10.0.0.0/104, which the JDK reads as IPv4: 10.0.0.0/8
            }
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("'" + value + "' has a prefix length outside 0.." + bits);
        }
        byte[] network = parsed.getAddress();
        for (int bit = prefix; bit < bits; bit++) {
            if ((network[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new IllegalArgumentException("'" + value + "' has host bits set past the prefix length");
            }
        }
        return new Cidr(network, prefix);
    }

    /** Whether {@code address} is inside; an IPv4 range never holds an IPv6 address or the other way round. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this range is {@code address} and nothing else: how a metadata endpoint is opened. */
    public boolean isExactly(InetAddress address) {
        return prefix == network.length * 8 && contains(address);
    }

    private static InetAddress literal(String address) {
        Matcher v4 = V4.matcher(address);
        try {
            if (v4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(v4.group(i + 1));
                    if (octet > 255) {
                        throw new IllegalArgumentException("'" + address + "' is not an IP address");
                    }
                    bytes[i] = (byte) octet;
                }
                return InetAddress.getByAddress(bytes);
            }
            if (V6.matcher(address).matches()) {
                return InetAddress.getByName(address); // has a colon: parsed as IPv6, never looked up
            }
        } catch (UnknownHostException e) {
            // fall through: not an address
        }
        throw new IllegalArgumentException("'" + address + "' is not an IP address (names are not taken)");
    }
}
