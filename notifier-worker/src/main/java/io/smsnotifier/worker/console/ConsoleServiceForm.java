package io.smsnotifier.worker.console;

import io.smsnotifier.worker.catalog.ServiceView;
import io.smsnotifier.worker.providers.SmsServicesProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The service form of the console as the admin API's JSON document: the fields a type does not have are left
 * out, and so is every blank one, so that a blank secret (or account id) keeps the stored one as the API's update
 * does. The form's values are kept for showing it again, secrets never: nor the webhook's header rows, whose
 * values are secrets (a row shown again with its name and without its value would save an empty value). Immutable.
 *
 * @param values the typed values by field name, camelCase as in the API; no secret among them
 */
record ConsoleServiceForm(Map<String, String> values) {

    /** Rows of header name and value on the form. */
    static final int HEADER_ROWS = 3;
    static final List<String> TYPES = List.of("aliyun", "tencent", "webhook", "sandbox");
    /** Secrets: password fields, never shown, blank keeps what is stored. */
    static final Set<String> SECRETS = Set.of("accessSecret", "secretKey", "signature");
    /** Account ids: shown masked only, so blank keeps what is stored as well. */
    static final Set<String> KEPT_WHEN_BLANK = Set.of("accessKey", "secretId");
    /** The fields whose stored value may carry what the API does not show (a token in the query). */
    static final Set<String> ADDRESSES = Set.of("endpoint", "url");

    private static final List<String> COMMON = List.of("name", "type", "enabled", "priority", "weight", "maxQps",
            "maxParamLength", "connectTimeout", "readTimeout");
    private static final Map<String, List<String>> BY_TYPE = Map.of(
            "aliyun", List.of("endpoint", "region", "signName", "accessKey", "accessSecret"),
            "tencent", List.of("endpoint", "region", "signName", "secretId", "secretKey", "sdkAppId"),
            "webhook", List.of("url", "headers", "signature", "exclusive", "allowPrivateNetwork", "allowedAddresses"),
            "sandbox", List.of());
    private static final Set<String> NUMBERS = Set.of("priority", "weight", "maxQps", "maxParamLength");
    private static final Set<String> BOOLEANS = Set.of("enabled", "exclusive", "allowPrivateNetwork");

    /** Every field the form has, for placing the errors that name them; the others are shown above the form. */
    static final Set<String> FIELDS = Set.of("name", "type", "enabled", "priority", "weight", "maxQps",
            "maxParamLength", "connectTimeout", "readTimeout", "endpoint", "region", "signName", "accessKey",
            "accessSecret", "secretId", "secretKey", "sdkAppId", "url", "headers", "signature", "exclusive",
            "allowPrivateNetwork", "allowedAddresses");

    /** An empty form for a new service of {@code type}, with what a new service starts with. */
    static ConsoleServiceForm blank(@Nullable String type) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("type", type != null && TYPES.contains(type) ? type : "aliyun");
        values.put("enabled", "true");
        values.put("priority", "100");
        values.put("weight", "1");
        values.put("maxQps", "100");
        return new ConsoleServiceForm(values);
    }

    /**
     * The form for editing a stored service. An address whose stored value carries more than the view shows is
     * left blank (blank keeps it), so that saving the form does not cut its query off.
     *
     * @param stored the stored settings ({@code Catalog.storedSettings}), without a secret
     */
    static ConsoleServiceForm of(ServiceView view, Map<String, Object> stored) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", view.name());
        values.put("type", view.type());
        values.put("enabled", String.valueOf(view.enabled()));
        values.put("priority", String.valueOf(view.priority()));
        values.put("weight", String.valueOf(view.weight()));
        values.put("maxQps", String.valueOf(view.maxQps()));
        putIfSet(values, "maxParamLength", view.maxParamLength());
        values.put("connectTimeout", view.connectTimeout());
        values.put("readTimeout", view.readTimeout());
        for (String address : ADDRESSES) {
            Object value = stored.get(address);
            if (value != null && Objects.equals(SmsServicesProperties.redactedUrl(value.toString()), value.toString())) {
                values.put(address, value.toString());
            }
        }
        putIfSet(values, "region", view.region());
        putIfSet(values, "signName", view.signName());
        putIfSet(values, "sdkAppId", stored.get("sdkAppId"));
        values.put("exclusive", String.valueOf(view.exclusive()));
        values.put("allowPrivateNetwork", String.valueOf(view.allowPrivateNetwork()));
        values.put("allowedAddresses", String.join(", ", view.allowedAddresses()));
        return new ConsoleServiceForm(values);
    }

    /** The form as posted, for showing it again: no secret, no header row. */
    static ConsoleServiceForm from(MultiValueMap<String, String> posted) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String value = first(posted, field);
            if (value != null && !SECRETS.contains(field) && !field.equals("headers")) {
                values.put(field, value);
            }
        }
        String type = values.get("type");
        values.put("type", type != null && TYPES.contains(type.toLowerCase(Locale.ROOT))
                ? type.toLowerCase(Locale.ROOT) : type == null ? "" : type);
        for (String flag : BOOLEANS) {
            values.put(flag, String.valueOf(checked(first(posted, flag))));
        }
        return new ConsoleServiceForm(values);
    }

    /** The chosen type ({@code aliyun}, ...), or what was posted when it is none of them. Public for the page. */
    public String type() {
        return values.getOrDefault("type", "");
    }

    /** Whether the field group {@code types} (space-separated) is the chosen type's. Public for the page. */
    public boolean shows(String types) {
        return List.of(types.split(" ")).contains(type());
    }

    /**
     * The service's JSON document from the posted form: the chosen type's fields only, each blank one left out.
     *
     * @param stored the stored settings of the service being edited, or null for a new one: an address left blank
     *               (because the form did not show it) takes the stored value
     */
    static ObjectNode document(MultiValueMap<String, String> posted, @Nullable Map<String, Object> stored,
                               ObjectMapper json) {
        ObjectNode document = json.createObjectNode();
        String type = first(posted, "type");
        List<String> fields = new ArrayList<>(COMMON);
        String chosen = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
        fields.addAll(BY_TYPE.getOrDefault(chosen, List.of()));
        for (String field : fields) {
            String value = first(posted, field);
            if (BOOLEANS.contains(field)) {
                document.put(field, checked(value));
            } else if (field.equals("headers")) {
                headers(posted, document);
            } else if (field.equals("allowedAddresses")) {
                if (value != null && !value.isBlank()) {
                    ArrayNode addresses = document.putArray(field);
                    for (String address : value.strip().split("[,\\s]+")) {
                        addresses.add(address);
                    }
                }
            } else if (value == null || value.isBlank()) {
                Object kept = stored == null ? null : stored.get(field);
                if (ADDRESSES.contains(field) && kept != null) {
                    document.put(field, kept.toString());
                }
            } else if (NUMBERS.contains(field) && value.strip().matches("-?\\d{1,9}")) {
                document.put(field, Integer.parseInt(value.strip()));
            } else {
                // Not a number where one is wanted: the catalog names the field.
                document.put(field, SECRETS.contains(field) ? value : value.strip());
            }
        }
        return document;
    }

    /** Header rows: all blank keeps the stored headers, "remove" empties them, else the rows replace them. */
    private static void headers(MultiValueMap<String, String> posted, ObjectNode document) {
        ObjectNode headers = document.objectNode();
        for (int row = 0; row < HEADER_ROWS; row++) {
            String header = first(posted, "headerName" + row);
            String value = first(posted, "headerValue" + row);
            if (header != null && !header.isBlank()) {
                headers.put(header.strip(), value == null ? "" : value);
            }
        }
        if (!headers.isEmpty()) {
            document.set("headers", headers);
        } else if (checked(first(posted, "clearHeaders"))) {
            document.set("headers", headers);
        }
    }

    private static boolean checked(@Nullable String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("on"));
    }

    /** The first non-blank value the form posted for {@code field} (a hidden group may post it too), or null. */
    private static @Nullable String first(MultiValueMap<String, String> posted, String field) {
        List<String> values = posted.get(field);
        if (values == null || values.isEmpty()) {
            return null;
        }
        return values.stream().filter(value -> value != null && !value.isBlank()).findFirst()
                .orElse(values.getFirst());
    }

    private static void putIfSet(Map<String, String> values, String field, @Nullable Object value) {
        if (value != null) {
            values.put(field, value.toString());
        }
    }
}
