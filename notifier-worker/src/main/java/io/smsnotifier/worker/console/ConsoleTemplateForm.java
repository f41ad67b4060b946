package io.smsnotifier.worker.console;

import io.smsnotifier.worker.catalog.TemplateDocument;
import io.smsnotifier.worker.catalog.TemplateView;
import io.smsnotifier.worker.templates.SmsTemplate;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The template form as posted and as shown: {@code code}, {@code content}, {@code params} (names separated by
 * commas or spaces), {@code codes} (one {@code service=code} a line), {@code loginCode}, and the preview's sample
 * parameters ({@code sample[<name>]}). Mutable, as data binding needs; one per request.
 */
class ConsoleTemplateForm {

    private @Nullable String code;
    private @Nullable String content;
    private String params = "";
    private String codes = "";
    private boolean loginCode;
    private @Nullable String version;
    private Map<String, String> sample = new LinkedHashMap<>();

    static ConsoleTemplateForm of(TemplateView view) {
        ConsoleTemplateForm form = new ConsoleTemplateForm();
        form.code = view.code();
        form.content = view.content();
        form.params = String.join(", ", view.params());
        form.codes = view.codes().entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .sorted().collect(Collectors.joining("\n"));
        form.loginCode = view.loginCode();
        form.version = view.version() == null ? null : String.valueOf(view.version());
        return form;
    }

    /** The parameter names, in the order given. */
    List<String> paramNames() {
        return params.isBlank() ? List.of() : List.of(params.strip().split("[,\\s]+"));
    }

    /** The template's document, as the catalog checks and stores it; a blank code or content is not given. */
    TemplateDocument document() {
        return new TemplateDocument(given(code), content == null || content.isEmpty() ? null : content, paramNames(),
                codes.isBlank() ? null : lines(codes), loginCode, null);
    }

    /** The template as typed, for the preview (not checked: the preview shows what it would send). */
    SmsTemplate toTemplate() {
        String typedCode = given(code);
        return new SmsTemplate(typedCode == null ? "DRAFT" : typedCode, content == null ? "" : content, paramNames(),
                lines(codes), loginCode);
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

    private static @Nullable String given(@Nullable String typed) {
        return typed == null || typed.isBlank() ? null : typed.strip();
    }

    /** A textarea posts CRLF line breaks; a template's content takes LF only. */
    private static @Nullable String lineBreaks(@Nullable String text) {
        return text == null ? null : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    // Accessors for data binding and the page.

    public @Nullable String getCode() {
        return code;
    }

    public void setCode(@Nullable String code) {
        this.code = code;
    }

    /** The content as typed, with LF line breaks; null when the request had none (the preview of a template in force). */
    public @Nullable String getContent() {
        return content;
    }

    public void setContent(@Nullable String content) {
        this.content = lineBreaks(content);
    }

    public String getParams() {
        return params;
    }

    public void setParams(@Nullable String params) {
        this.params = params == null ? "" : params;
    }

    public String getCodes() {
        return codes;
    }

    public void setCodes(@Nullable String codes) {
        this.codes = codes == null ? "" : lineBreaks(codes);
    }

    public boolean isLoginCode() {
        return loginCode;
    }

    public void setLoginCode(boolean loginCode) {
        this.loginCode = loginCode;
    }

    /** The stored version the form was read at ({@code If-Match}); null for a new template. */
    public @Nullable String getVersion() {
        return version;
    }

    public void setVersion(@Nullable String version) {
        this.version = version;
    }

    /** The preview's sample parameters, by name. */
    public Map<String, String> getSample() {
        return sample;
    }

    public void setSample(Map<String, String> sample) {
        this.sample = sample;
    }
}
