package io.smsnotifier.worker.providers;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One setting of a service type, as the adapter of that type declares it ({@link SmsProviderFactory#settings()}):
 * its name (camelCase, as the admin API and the console name it; kebab-case under
 * {@code notifier.sms.services.<name>}), the kind of value, whether the type needs it, how secret it is, and
 * whether it says where requests go. Everything that reads, checks, merges, seals, shows or audits a service's
 * settings is driven by these, so that a new vendor setting is declared in one place. Immutable.
 *
 * @param destination where the service's requests go: when it changes, stored secrets that an update or a draft
 *                    leaves out are dropped rather than sent to the new destination
 */
public record ServiceSetting(String name, Kind kind, boolean required, Secrecy secrecy, boolean destination,
                             int maxLength, @Nullable Pattern pattern, @Nullable String patternHint) {

    /** The kinds of values a setting takes. */
    public enum Kind {
        /** A line of text. */
        TEXT,
        /** A vendor endpoint: a host ({@code dysmsapi.aliyuncs.com}) or a URL of scheme, host and port only. */
        ENDPOINT,
        /** An http(s) URL; its path, query or user info may carry a token. */
        URL,
        /** HTTP header names to values (values are secrets). */
        HEADERS,
        /** true or false. */
        FLAG
    }

    /** How a setting's value is kept and shown. */
    public enum Secrecy {
        /** Stored in clear and shown as it is. */
        PLAIN,
        /** Identifies an account (an access key id): stored in clear, shown masked, kept when an update leaves it out. */
        ACCOUNT_ID,
        /** Sealed at rest, never shown (only that it is set), kept when an update leaves it out. */
        SECRET,
        /** A URL sealed at rest and shown without what it may carry, kept when an update leaves it out. */
        SEALED_URL
    }

    private static final int MAX_TEXT = 512;
    /** A path segment shown as it is: a short word, not something that looks like a token. */
    private static final Pattern PLAIN_SEGMENT = Pattern.compile("[A-Za-z][A-Za-z_-]{0,23}|v\\d{1,2}|\\d{1,4}");

    public static ServiceSetting text(String name) {
        return new ServiceSetting(name, Kind.TEXT, false, Secrecy.PLAIN, false, MAX_TEXT, null, null);
    }

    public static ServiceSetting endpoint(String name) {
        return new ServiceSetting(name, Kind.ENDPOINT, false, Secrecy.PLAIN, true, MAX_TEXT, null, null);
    }

    public static ServiceSetting url(String name) {
        return new ServiceSetting(name, Kind.URL, false, Secrecy.SEALED_URL, true, 2048, null, null);
    }

    public static ServiceSetting headers(String name) {
        return new ServiceSetting(name, Kind.HEADERS, false, Secrecy.SECRET, false, MAX_TEXT, null, null);
    }

    public static ServiceSetting flag(String name) {
        return new ServiceSetting(name, Kind.FLAG, false, Secrecy.PLAIN, false, 5, null, null);
    }

    public ServiceSetting asRequired() {
        return new ServiceSetting(name, kind, true, secrecy, destination, maxLength, pattern, patternHint);
    }

    public ServiceSetting asSecret() {
        return new ServiceSetting(name, kind, required, Secrecy.SECRET, destination, maxLength, pattern, patternHint);
    }

    public ServiceSetting asAccountId() {
        return new ServiceSetting(name, kind, required, Secrecy.ACCOUNT_ID, destination, maxLength, pattern,
                patternHint);
    }

    public ServiceSetting asDestination() {
        return new ServiceSetting(name, kind, required, secrecy, true, maxLength, pattern, patternHint);
    }

    public ServiceSetting atMost(int characters) {
        return new ServiceSetting(name, kind, required, secrecy, destination, characters, pattern, patternHint);
    }

    /** @param hint what the value must be, for the error message ("a region id such as cn-hangzhou") */
    public ServiceSetting matching(String regex, String hint) {
        return new ServiceSetting(name, kind, required, secrecy, destination, maxLength, Pattern.compile(regex), hint);
    }

    /** Sealed at rest: a secret or a URL that may carry one. */
    public boolean sealed() {
        return secrecy == Secrecy.SECRET || secrecy == Secrecy.SEALED_URL;
    }

    /** An update or a draft that leaves this setting out keeps the stored value (it is never shown in full). */
    public boolean keptWhenLeftOut() {
        return secrecy != Secrecy.PLAIN;
    }

    /** The setting's key under {@code notifier.sms.services.<name>}: {@code access-key} for {@code accessKey}. */
    public String property() {
        StringBuilder kebab = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }

    /**
     * What is wrong with a value of this setting on its own (type, length, character set, form), or null. The
     * adapter's factory checks what needs more (an endpoint's address against the destination policy).
     */
    public @Nullable String problem(Object value) {
        return switch (kind) {
            case FLAG -> value instanceof Boolean ? null : "must be true or false";
            case HEADERS -> value instanceof Map<?, ?> headers ? SettingChecks.headers(headers, maxLength)
                    : "must be an object of header names to values";
            case TEXT, ENDPOINT, URL -> value instanceof String text ? SettingChecks.text(this, text)
                    : "must be a string";
        };
    }

    /**
     * The value as views, the audit and logs may show it: plain values as they are, an account id masked
     * ({@code LTAI****}), a URL without user info, query, fragment and path segments that may be tokens, header
     * names without their values; null for a secret.
     */
    public @Nullable Object shown(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        return switch (secrecy) {
            case PLAIN -> value;
            case ACCOUNT_ID -> masked(value.toString());
            case SEALED_URL -> redactedUrl(value.toString());
            case SECRET -> kind == Kind.HEADERS && value instanceof Map<?, ?> headers
                    ? headers.keySet().stream().map(String::valueOf).sorted().toList() : null;
        };
    }

    /** An account id as it may be shown: its first four characters. */
    public static @Nullable String masked(@Nullable String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        return id.length() <= 8 ? "****" : id.substring(0, 4) + "****";
    }

    /**
     * Where a URL goes without what it may carry: no user info, query or fragment, and every path segment that
     * is not a short word (a Feishu-style {@code /hook/<token>}) shown as {@code …}.
     */
    public static @Nullable String redactedUrl(@Nullable String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "(not a URL)";
            }
            StringBuilder shown = new StringBuilder(uri.getScheme()).append("://").append(uri.getHost());
            if (uri.getPort() >= 0) {
                shown.append(':').append(uri.getPort());
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            for (String segment : path.split("/")) {
                if (!segment.isEmpty()) {
                    shown.append('/').append(PLAIN_SEGMENT.matcher(segment).matches() ? segment : "…");
                }
            }
            return shown.toString();
        } catch (URISyntaxException e) {
            return "(not a URL)";
        }
    }
}
