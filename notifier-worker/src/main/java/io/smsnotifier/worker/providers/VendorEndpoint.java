package io.smsnotifier.worker.providers;

import java.net.URI;
import java.util.Locale;

/**
 * A vendor endpoint as the SDKs want it: a host (with port) and whether to use HTTPS. Configured as a URL
 * ({@code https://dysmsapi.aliyuncs.com}) or a bare host (HTTPS); plain {@code http://} is for simulators.
 */
public record VendorEndpoint(String hostAndPort, boolean https) {

    public static VendorEndpoint parse(String configured, String property) {
        String value = configured.strip();
        if (!value.contains("://")) {
            return new VendorEndpoint(value, true);
        }
        URI uri = URI.create(value);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalStateException(property + " must be an http(s) URL or a host, was " + value);
        }
        if (uri.getHost() == null) {
            throw new IllegalStateException(property + " has no host: " + value);
        }
        String host = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
        return new VendorEndpoint(host, scheme.equals("https"));
    }
}
