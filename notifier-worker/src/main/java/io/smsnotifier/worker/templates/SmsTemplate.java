package io.smsnotifier.worker.templates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registered template. Immutable and thread-safe.
 *
 * @param code        the code the event names (and the primary service's template code)
 * @param content     the text with {@code ${name}} placeholders
 * @param paramNames  the parameter names in their declared order
 * @param serviceCodes the template's code at other SMS services, by service name
 * @param loginCode   it carries a login code ({@code notifier.templates.<code>.login-code}): sent through the API,
 *                    it obeys the login-code limits and country allowlist as a {@code login.code} event does
 */
public record SmsTemplate(String code, String content, List<String> paramNames, Map<String, String> serviceCodes,
                          boolean loginCode) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    public SmsTemplate {
        paramNames = List.copyOf(paramNames);
        serviceCodes = Map.copyOf(serviceCodes);
    }

    /** A template that carries no login code. */
    public SmsTemplate(String code, String content, List<String> paramNames, Map<String, String> serviceCodes) {
        this(code, content, paramNames, serviceCodes, false);
    }

    /** The template's code at {@code service}: its own entry in {@code codes}, else the template's code. */
    public String codeAt(String service) {
        return serviceCodes.getOrDefault(service, code);
    }

    /** True when {@code codes} names a code for {@code service}. */
    public boolean hasCodeFor(String service) {
        return serviceCodes.containsKey(service);
    }

    /** Parameter names in {@code content} and in the declared list, in declared order, then order of appearance. */
    public List<String> requiredParams() {
        return REQUIRED_PARAMS.computeIfAbsent(this, SmsTemplate::scanRequiredParams);
    }

    /** Templates are few and immutable; scanning the content once each keeps regex work off the send path. */
    private static final Map<SmsTemplate, List<String>> REQUIRED_PARAMS = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<String> scanRequiredParams(SmsTemplate template) {
        String content = template.content();
        List<String> names = new ArrayList<>(template.paramNames());
        Matcher matcher = PLACEHOLDER.matcher(content);
        while (matcher.find()) {
            if (!names.contains(matcher.group(1))) {
                names.add(matcher.group(1));
            }
        }
        return List.copyOf(names);
    }

    /** Names this template needs that {@code params} lacks or leaves blank, in declared order. */
    public List<String> missingParams(Map<String, String> params) {
        return requiredParams().stream()
                .filter(name -> params.get(name) == null || params.get(name).isBlank())
                .toList();
    }

    /** The parameters this template takes, in declared order; extra parameters are dropped. */
    public Map<String, String> orderedParams(Map<String, String> params) {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String name : requiredParams()) {
            ordered.put(name, params.get(name));
        }
        return ordered;
    }

    /** The text with every placeholder filled; call only after {@link #missingParams} came back empty. */
    public String render(Map<String, String> params) {
        Matcher matcher = PLACEHOLDER.matcher(content);
        StringBuilder text = new StringBuilder(content.length() + 32);
        while (matcher.find()) {
            String value = params.get(matcher.group(1));
            matcher.appendReplacement(text, Matcher.quoteReplacement(value == null ? "" : value));
        }
        matcher.appendTail(text);
        return text.toString();
    }
}
