package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The checks of one setting's value on its own, by kind: what {@link ServiceSetting#problem} answers. */
final class SettingChecks {

    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");

    private SettingChecks() {
    }

    static @Nullable String text(ServiceSetting setting, String text) {
        if (text.length() > setting.maxLength()) {
            return "must be at most " + setting.maxLength() + " characters";
        }
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "must not contain control characters";
        }
        if (setting.pattern() != null && !setting.pattern().matcher(text).matches()) {
            return "must be " + setting.patternHint();
        }
        if (setting.kind() == ServiceSetting.Kind.ENDPOINT) {
            return endpoint(text);
        }
        if (setting.kind() == ServiceSetting.Kind.URL) {
            return url(text);
        }
        return null;
    }

    /** Only the form: the scheme and the address are the destination policy's, which the factory applies. */
    private static @Nullable String endpoint(String text) {
        if (!text.contains("://")) {
            return text.matches("[A-Za-z0-9.-]+(:\\d{1,5})?") ? null : "must be a host or an https URL";
        }
        try {
            URI uri = new URI(text);
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            return bare ? null : "must be scheme, host and port only (no user info, path or query)";
        } catch (URISyntaxException e) {
            return "is not a URL";
        }
    }

    private static @Nullable String url(String text) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                return "must be an http or https URL";
            }
            return uri.getHost() == null || uri.getHost().isBlank() ? "has no host" : null;
        } catch (URISyntaxException e) {
            return "is not a URL";
        }
    }

    static @Nullable String headers(Map<?, ?> headers, int maxLength) {
        if (headers.size() > 20) {
            return "must have at most 20 entries";
        }
        for (Map.Entry<?, ?> header : headers.entrySet()) {
            if (!(header.getKey() instanceof String key) || !HEADER_NAME.matcher(key).matches()) {
                return "'" + shown(String.valueOf(header.getKey())) + "' is not an HTTP header name";
            }
            if (!(header.getValue() instanceof String value) || value.length() > maxLength
                    || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                return "the value of " + key + " must be at most " + maxLength
                        + " characters without control characters";
            }
        }
        return null;
    }

    private static String shown(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
    }
}
