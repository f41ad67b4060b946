package io.smsnotifier.worker.console;

import io.smsnotifier.worker.catalog.ServiceView;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private static final List<String> COMMON = List.of("name", "type", "enabled", "priority", "weight", "maxQps",
            "maxParamLength", "connectTimeout", "readTimeout");
    private static final Map<String, List<String>> BY_TYPE = Map.of(
            "aliyun", List.of("endpoint", "region", "signName", "accessKey", "accessSecret"),
            "tencent", List.of("endpoint", "region", "signName", "secretId", "secretKey", "sdkAppId"),
            "webhook", List.of("url", "headers", "signature", "exclusive"),
            "sandbox", List.of());
    private static final Set<String> NUMBERS = Set.of("priority", "weight", "maxQps", "maxParamLength");
    private static final Set<String> BOOLEANS = Set.of("enabled", "exclusive");

    /** Every field the form has, for placing the errors that name them; the others are shown above the form. */
    static final Set<String> FIELDS = Set.of("name", "type", "enabled", "priority", "weight", "maxQps",
            "maxParamLength", "connectTimeout", "readTimeout", "endpoint", "region", "signName", "accessKey",
            "accessSecret", "secretId", "secretKey", "sdkAppId", "url", "headers", "signature", "exclusive");

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
     * The form for editing a stored service. A webhook's URL is sealed and never shown in full: it is left blank,
     * which keeps it.
     */
    static ConsoleServiceForm of(ServiceView view) {
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
        for (String field : List.of("endpoint", "region", "signName", "sdkAppId")) {
            putIfSet(values, field, view.setting(field));
        }
        values.put("exclusive", String.valueOf(view.exclusive()));
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
     */
    static ObjectNode document(MultiValueMap<String, String> posted, ObjectMapper json) {
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
            } else if (value == null || value.isBlank()) {
                continue;
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
