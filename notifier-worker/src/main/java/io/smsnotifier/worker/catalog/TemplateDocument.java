package io.smsnotifier.worker.catalog;

import io.smsnotifier.worker.templates.SmsTemplate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template as the admin API and the console's form give it: {@code code}, {@code content} with {@code ${name}}
 * placeholders, {@code params} (their names, in the order positional vendors take them), {@code codes} (its code
 * at other services, by service name) and {@code loginCode}, as under {@code notifier.templates.<code>}; null
 * where the document gives nothing. Checked by {@link TemplateChanges}. Immutable.
 */
public record TemplateDocument(@Nullable String code, @Nullable String content, @Nullable List<String> params,
                        @Nullable Map<String, String> codes, @Nullable Boolean loginCode, @Nullable Long version) {

    static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern PARAM = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final int MAX_CONTENT = 1000;
    private static final Set<String> FIELDS = Set.of("code", "content", "params", "codes", "loginCode", "version");

    /** Reads a document, noting each field of the wrong JSON type and each unknown field. */
    static TemplateDocument read(@Nullable JsonNode json, FieldErrors errors) {
        if (json == null || !json.isObject()) {
            errors.add("", "the body must be a JSON object");
            return new TemplateDocument(null, null, null, null, null, null);
        }
        for (String field : json.propertyNames()) {
            if (!FIELDS.contains(field)) {
                errors.add(field, "is not a setting of a template");
            }
        }
        return new TemplateDocument(JsonFields.text(json, "code", errors), JsonFields.text(json, "content", errors),
                JsonFields.texts(json, "params", errors), JsonFields.stringMap(json, "codes", errors),
                JsonFields.bool(json, "loginCode", errors),
                JsonFields.version(json, "template", errors));
    }

    /**
     * Checks the template on its own and against the services: the code's and the parameters' character sets,
     * the content's length, placeholders equal to the declared parameters, and codes only for services there are.
     */
    void check(Predicate<String> serviceExists, FieldErrors errors) {
        if (code == null || !CODE.matcher(code).matches()) {
            errors.add("code", "must be 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit");
        } else if ("new".equals(code)) {
            errors.add("code", "'new' is reserved (/console/templates/new)");
        }
        if (content == null || content.isBlank()) {
            errors.add("content", "is required");
        } else if (content.codePointCount(0, content.length()) > MAX_CONTENT) {
            errors.add("content", "must be at most " + MAX_CONTENT + " characters");
        } else if (content.chars().anyMatch(c -> (c < 0x20 && c != '\n') || c == 0x7f)) {
            errors.add("content", "must not contain control characters other than line breaks");
        }
        List<String> declared = params == null ? List.of() : params;
        if (params == null) {
            errors.add("params", "is required: the parameter names in order (an empty list when there are none)");
        } else if (params.size() > 20) {
            errors.add("params", "must have at most 20 names");
        } else if (params.stream().anyMatch(name -> !PARAM.matcher(name).matches())) {
            errors.add("params", "names must be 1 to 64 letters, digits, '.', '-' or '_'");
        } else if (new LinkedHashSet<>(params).size() != params.size()) {
            errors.add("params", "must not name a parameter twice");
        }
        if (content != null && !errors.has("content") && !errors.has("params")) {
            Set<String> placeholders = placeholders(content);
            List<String> undeclared = placeholders.stream().filter(name -> !declared.contains(name)).toList();
            List<String> unused = declared.stream().filter(name -> !placeholders.contains(name)).toList();
            if (placeholders.stream().anyMatch(name -> !PARAM.matcher(name).matches())) {
                errors.add("content", "placeholders must be ${name} with a name of letters, digits, '.', '-' or '_'");
            } else if (!undeclared.isEmpty()) {
                errors.add("content", "uses placeholders " + undeclared + " that params does not declare");
            } else if (!unused.isEmpty()) {
                errors.add("params", "declares " + unused + " that content does not use");
            }
        }
        if (codes != null) {
            codes.forEach((service, serviceCode) -> {
                if (!serviceExists.test(service)) {
                    errors.add("codes", "names service '" + JsonFields.shown(service)
                            + "', which is neither configured nor stored");
                } else if (serviceCode == null || !CODE.matcher(serviceCode).matches()) {
                    errors.add("codes", "the code at " + service + " must be 1 to 64 letters, digits, '.', '-' or '_'");
                }
            });
        }
    }

    SmsTemplate toTemplate() {
        if (code == null || content == null) {
            throw new IllegalStateException("a template needs a code and content");
        }
        return new SmsTemplate(code, content, params == null ? List.of() : params, codes == null ? Map.of() : codes,
                loginCode != null && loginCode);
    }

    private static Set<String> placeholders(String content) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(content);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
