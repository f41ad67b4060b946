package io.smsnotifier.worker.console;

import io.smsnotifier.worker.catalog.TemplateView;
import io.smsnotifier.worker.templates.SmsTemplate;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The template form of the console: {@code code}, {@code content}, {@code params} (names separated by commas or
 * spaces), {@code codes} (one {@code service=code} a line), {@code loginCode}, and the sample parameters of the
 * preview ({@code sample.<name>}). Immutable.
 */
record ConsoleTemplateForm(@Nullable String code, String content, String params, String codes, boolean loginCode) {

    static final String SAMPLE = "sample.";

    static ConsoleTemplateForm blank() {
        return new ConsoleTemplateForm(null, "", "", "", false);
    }

    static ConsoleTemplateForm of(TemplateView view) {
        return new ConsoleTemplateForm(view.code(), view.content(), String.join(", ", view.params()),
                view.codes().entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                        .sorted().collect(Collectors.joining("\n")), view.loginCode());
    }

    static ConsoleTemplateForm from(MultiValueMap<String, String> posted) {
        String code = posted.getFirst("code");
        return new ConsoleTemplateForm(code == null || code.isBlank() ? null : code.strip(),
                lineBreaks(posted.getFirst("content")), orEmpty(posted.getFirst("params")),
                lineBreaks(posted.getFirst("codes")), checked(posted.getFirst("loginCode")));
    }

    /** The parameter names, in the order given. */
    List<String> paramNames() {
        return params.isBlank() ? List.of() : List.of(params.strip().split("[,\\s]+"));
    }

    /** The template's JSON document as the admin API takes it. */
    ObjectNode document(ObjectMapper json) {
        ObjectNode document = json.createObjectNode();
        if (code != null) {
            document.put("code", code);
        }
        if (!content.isEmpty()) {
            document.put("content", content);
        }
        ArrayNode names = document.putArray("params");
        paramNames().forEach(names::add);
        if (!codes.isBlank()) {
            ObjectNode byService = document.putObject("codes");
            lines(codes).forEach(byService::put);
        }
        document.put("loginCode", loginCode);
        return document;
    }

    /** The template as typed, for the preview (not checked: the preview shows what it would send). */
    SmsTemplate toTemplate() {
        return new SmsTemplate(code == null ? "DRAFT" : code, content, paramNames(), lines(codes), loginCode);
    }

    /** The sample parameters posted for the preview, by name. */
    static Map<String, String> samples(MultiValueMap<String, String> posted) {
        Map<String, String> samples = new LinkedHashMap<>();
        posted.forEach((key, values) -> {
            if (key.startsWith(SAMPLE) && key.length() > SAMPLE.length() && !values.isEmpty()) {
                samples.put(key.substring(SAMPLE.length()), values.getFirst());
            }
        });
        return samples;
    }

    /** One sample input of the preview. */
    record Sample(String name, String value) {
    }

    /** The sample inputs for {@code template}'s parameters, with what was typed in them so far. */
    static List<Sample> sampleInputs(SmsTemplate template, Map<String, String> typed) {
        List<Sample> inputs = new ArrayList<>();
        for (String name : template.requiredParams()) {
            inputs.add(new Sample(name, typed.getOrDefault(name, "")));
        }
        return inputs;
    }

    /**
     * {@code name=value} lines (or {@code name: value}) as a map; a line without a separator is a name with an
     * empty value, which the catalog's checks then name.
     */
    static Map<String, String> lines(@Nullable String text) {
        Map<String, String> map = new LinkedHashMap<>();
        if (text == null) {
            return map;
        }
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int separator = trimmed.indexOf('=');
            if (separator < 0) {
                separator = trimmed.indexOf(':');
            }
            if (separator < 0) {
                map.put(trimmed, "");
            } else {
                map.put(trimmed.substring(0, separator).strip(), trimmed.substring(separator + 1).strip());
            }
        }
        return map;
    }

    /** A textarea posts CRLF line breaks; a template's content takes LF only. */
    private static String lineBreaks(@Nullable String text) {
        return text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String orEmpty(@Nullable String text) {
        return text == null ? "" : text;
    }

    private static boolean checked(@Nullable String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("on"));
    }
}
