package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.providers.SmsServicesProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A service as the admin API takes it: {@code name} and the configuration properties of
 * {@code notifier.sms.services.<name>} in camelCase, so that what works in YAML works here. Every field is
 * optional in the document; null means "not given". Immutable.
 */
record ServiceDocument(@Nullable String name, SmsServicesProperties.@Nullable Type type, @Nullable Boolean enabled,
                       @Nullable Integer priority, @Nullable Integer weight, @Nullable String endpoint,
                       @Nullable String region, @Nullable String accessKey, @Nullable String accessSecret,
                       @Nullable String secretId, @Nullable String secretKey, @Nullable String sdkAppId,
                       @Nullable String signName, @Nullable String url, @Nullable Map<String, String> headers,
                       @Nullable String signature, @Nullable Boolean exclusive, @Nullable Boolean allowPrivateNetwork,
                       @Nullable List<String> allowedAddresses, @Nullable Integer maxQps,
                       @Nullable Integer maxParamLength, @Nullable Duration connectTimeout,
                       @Nullable Duration readTimeout, @Nullable Long version) {

    /**
     * Never returned, never logged, sealed at rest; an update that leaves one out keeps it. A webhook's {@code url}
     * is sealed whole (its user info or query may carry a token) and kept in clear only without what it carries.
     */
    static final List<String> SECRETS = List.of("accessSecret", "secretKey", "signature", "headers", "url");
    /** Account ids: returned masked only, so an update that leaves one out keeps it as well. */
    static final List<String> KEPT_WHEN_LEFT_OUT = List.of("accessKey", "accessSecret", "secretId", "secretKey",
            "signature", "headers");

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    private static final int MAX_TEXT = 512;
    private static final Set<String> FIELDS = Set.of("name", "type", "enabled", "priority", "weight", "endpoint",
            "region", "accessKey", "accessSecret", "secretId", "secretKey", "sdkAppId", "signName", "url", "headers",
            "signature", "exclusive", "allowPrivateNetwork", "allowedAddresses", "maxQps", "maxParamLength",
            "connectTimeout", "readTimeout", "version");

    /**
     * Reads a document, adding to {@code errors} one entry per field that has the wrong JSON type or an
     * impossible value, and per unknown field (a typo such as {@code maxQPS} must not go unnoticed).
     */
    static ServiceDocument read(@Nullable JsonNode json, FieldErrors errors) {
        if (json == null || !json.isObject()) {
            errors.add("", "the body must be a JSON object");
            return empty();
        }
        for (String field : json.propertyNames()) {
            if (!FIELDS.contains(field)) {
                errors.add(field, "is not a setting of a service");
            }
        }
        Reader read = new Reader(json, errors);
        SmsServicesProperties.Type type = null;
        String typeName = read.text("type");
        if (typeName != null) {
            try {
                type = SmsServicesProperties.Type.valueOf(typeName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add("type", "must be one of aliyun, tencent, webhook, sandbox");
            }
        }
        return new ServiceDocument(read.text("name"), type, JsonFields.bool(json, "enabled", errors),
                read.integer("priority", 0, 10_000), read.integer("weight", 1, 1000), read.text("endpoint"),
                read.text("region"), read.text("accessKey"), read.text("accessSecret"), read.text("secretId"),
                read.text("secretKey"), read.text("sdkAppId"), read.text("signName"), read.text("url"),
                read.headers(), read.text("signature"), JsonFields.bool(json, "exclusive", errors),
                JsonFields.bool(json, "allowPrivateNetwork", errors), read.texts("allowedAddresses"),
                read.integer("maxQps", 1, 100_000), read.integer("maxParamLength", 0, 10_000),
                read.duration("connectTimeout"), read.duration("readTimeout"),
                JsonFields.version(json, "service", errors));
    }

    static ServiceDocument empty() {
        return new ServiceDocument(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }

    /** This document's settings with what it leaves out of {@link #KEPT_WHEN_LEFT_OUT} taken from {@code old}. */
    ServiceDocument keepingLeftOut(SmsServicesProperties.Service old) {
        return new ServiceDocument(name, type, enabled, priority, weight, endpoint, region,
                accessKey != null ? accessKey : old.accessKey(),
                accessSecret != null ? accessSecret : old.accessSecret(),
                secretId != null ? secretId : old.secretId(), secretKey != null ? secretKey : old.secretKey(),
                sdkAppId, signName, sameUrlAsShown(url, old.url()) ? old.url() : url,
                headers != null ? headers : old.headers(),
                signature != null ? signature : old.signature(), exclusive, allowPrivateNetwork, allowedAddresses,
                maxQps, maxParamLength, connectTimeout, readTimeout, version);
    }

    /** A URL sent back as the API showed it (without user info or query) means the URL that was stored. */
    private static boolean sameUrlAsShown(@Nullable String url, @Nullable String old) {
        return url != null && old != null && !url.equals(old)
                && url.equals(SmsServicesProperties.redactedUrl(old));
    }

    /** The service these settings make, with the defaults of configuration for what is not given. */
    SmsServicesProperties.Service toService() {
        if (type == null) {
            throw new IllegalStateException("a service needs a type");
        }
        return new SmsServicesProperties.Service(type, enabled == null || enabled, priority == null ? 100 : priority,
                weight == null ? 1 : weight, blankToNull(endpoint), blankToNull(region), blankToNull(accessKey),
                blankToNull(accessSecret), blankToNull(secretId), blankToNull(secretKey), blankToNull(sdkAppId),
                blankToNull(signName), blankToNull(url), headers == null ? Map.of() : headers, blankToNull(signature),
                exclusive != null && exclusive, allowPrivateNetwork != null && allowPrivateNetwork,
                allowedAddresses == null ? List.of() : allowedAddresses, maxQps == null ? 100 : maxQps,
                maxParamLength, connectTimeout == null ? Duration.ofSeconds(3) : connectTimeout,
                readTimeout == null ? Duration.ofSeconds(10) : readTimeout);
    }

    /** The settings of {@code service} as a document (secrets included: for sealing, never for output). */
    static ServiceDocument of(String name, SmsServicesProperties.Service service) {
        return new ServiceDocument(name, service.type(), service.enabled(), service.priority(), service.weight(),
                service.endpoint(), service.region(), service.accessKey(), service.accessSecret(), service.secretId(),
                service.secretKey(), service.sdkAppId(), service.signName(), service.url(), service.headers(),
                service.signature(), service.exclusive(), service.allowPrivateNetwork(), service.allowedAddresses(),
                service.maxQps(), service.maxParamLength(), service.connectTimeout(), service.readTimeout(), null);
    }

    /** The settings that are stored in clear: everything but {@link #SECRETS}, camelCase, nulls left out. */
    static Map<String, Object> plainSettings(SmsServicesProperties.Service service) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("type", service.type().name().toLowerCase(Locale.ROOT));
        settings.put("enabled", service.enabled());
        settings.put("priority", service.priority());
        settings.put("weight", service.weight());
        putIfSet(settings, "endpoint", service.endpoint());
        putIfSet(settings, "region", service.region());
        putIfSet(settings, "accessKey", service.accessKey());
        putIfSet(settings, "secretId", service.secretId());
        putIfSet(settings, "sdkAppId", service.sdkAppId());
        putIfSet(settings, "signName", service.signName());
        putIfSet(settings, "url", SmsServicesProperties.redactedUrl(service.url()));
        settings.put("exclusive", service.exclusive());
        settings.put("allowPrivateNetwork", service.allowPrivateNetwork());
        settings.put("allowedAddresses", service.allowedAddresses());
        settings.put("maxQps", service.maxQps());
        putIfSet(settings, "maxParamLength", service.maxParamLength());
        settings.put("connectTimeout", service.connectTimeout().toMillis() + "ms");
        settings.put("readTimeout", service.readTimeout().toMillis() + "ms");
        return settings;
    }

    /** The secrets of {@code service} that are set, by field; headers as one JSON object. */
    static Map<String, String> secrets(SmsServicesProperties.Service service, ObjectMapper json) {
        Map<String, String> secrets = new LinkedHashMap<>();
        putIfSet(secrets, "accessSecret", service.accessSecret());
        putIfSet(secrets, "secretKey", service.secretKey());
        putIfSet(secrets, "signature", service.signature());
        if (!service.headers().isEmpty()) {
            secrets.put("headers", json.writeValueAsString(service.headers()));
        }
        String url = service.url();
        if (url != null && !url.equals(SmsServicesProperties.redactedUrl(url))) {
            secrets.put("url", url);
        }
        return secrets;
    }

    private static <V> void putIfSet(Map<String, V> map, String key, @Nullable V value) {
        if (value != null && !(value instanceof String text && text.isBlank())) {
            map.put(key, value);
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Checks of the fields' own values (lengths, character sets) that need no other service. */
    void checkValues(FieldErrors errors) {
        if (name != null && !NAME.matcher(name).matches()) {
            errors.add("name", "must be 1 to 64 letters, digits, '-' or '_', starting with a letter or digit");
        } else if ("new".equals(name)) {
            errors.add("name", "'new' is reserved (/console/services/new)");
        }
        if (region != null && !region.isBlank() && !REGION.matcher(region).matches()) {
            errors.add("region", "must be a region id such as cn-hangzhou");
        }
        if (signName != null && signName.codePointCount(0, signName.length()) > 64) {
            errors.add("signName", "must be at most 64 characters");
        }
        if (headers != null) {
            if (headers.size() > 20) {
                errors.add("headers", "must have at most 20 entries");
            }
            headers.forEach((header, value) -> {
                if (!HEADER_NAME.matcher(header).matches()) {
                    errors.add("headers", "'" + JsonFields.shown(header) + "' is not an HTTP header name");
                } else if (value == null || value.length() > MAX_TEXT
                        || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    errors.add("headers", "the value of " + header + " must be at most " + MAX_TEXT
                            + " characters without control characters");
                }
            });
        }
        if (Boolean.TRUE.equals(exclusive) && type != null && type != SmsServicesProperties.Type.WEBHOOK) {
            errors.add("exclusive", "only a webhook may be exclusive");
        }
        checkTimeout("connectTimeout", connectTimeout, errors);
        checkTimeout("readTimeout", readTimeout, errors);
    }

    private static void checkTimeout(String field, @Nullable Duration timeout, FieldErrors errors) {
        if (timeout != null && (timeout.compareTo(Duration.ofMillis(100)) < 0
                || timeout.compareTo(Duration.ofSeconds(60)) > 0)) {
            errors.add(field, "must be between 100ms and 60s");
        }
    }

    /** Reads typed fields of one JSON object, noting each one of the wrong type. */
    private record Reader(JsonNode json, FieldErrors errors) {

        @Nullable String text(String field) {
            JsonNode node = json.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isString()) {
                errors.add(field, "must be a string");
                return null;
            }
            String value = node.stringValue();
            if (value.length() > MAX_TEXT) {
                errors.add(field, "must be at most " + MAX_TEXT + " characters");
                return null;
            }
            if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                errors.add(field, "must not contain control characters");
                return null;
            }
            return value;
        }

        @Nullable Integer integer(String field, int min, int max) {
            JsonNode node = json.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
                errors.add(field, "must be a whole number from " + min + " to " + max);
                return null;
            }
            return node.intValue();
        }

        @Nullable Duration duration(String field) {
            String value = text(field);
            if (value == null) {
                return null;
            }
            try {
                return DurationStyle.detectAndParse(value);
            } catch (IllegalArgumentException e) {
                errors.add(field, "must be a duration such as 3s or 500ms");
                return null;
            }
        }

        @Nullable List<String> texts(String field) {
            JsonNode node = json.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isArray() || node.size() > 20) {
                errors.add(field, "must be a list of at most 20 strings");
                return null;
            }
            List<String> values = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isString() || item.stringValue().length() > 64) {
                    errors.add(field, "must be a list of strings of at most 64 characters");
                    return null;
                }
                values.add(item.stringValue());
            }
            return List.copyOf(values);
        }

        @Nullable Map<String, String> headers() {
            JsonNode node = json.get("headers");
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isObject()) {
                errors.add("headers", "must be an object of header names to values");
                return null;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (!entry.getValue().isString()) {
                    errors.add("headers", "the value of " + JsonFields.shown(entry.getKey()) + " must be a string");
                    return null;
                }
                headers.put(entry.getKey(), entry.getValue().stringValue());
            }
            return Map.copyOf(headers);
        }

    }
}
