package io.smsnotifier.worker.templates;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registered template. Immutable and thread-safe; equal when its code, content, parameters, service codes and
 * login-code flag are.
 */
public final class SmsTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    private final String code;
    private final String content;
    private final List<String> paramNames;
    private final Map<String, String> serviceCodes;
    private final boolean loginCode;
    /** Scanned once: it is read for every message, and regex work stays off the send path. */
    private final List<String> requiredParams;

    /**
     * @param code         the code the event names (and the primary service's template code)
     * @param content      the text with {@code ${name}} placeholders
     * @param paramNames   the parameter names in their declared order
     * @param serviceCodes the template's code at other SMS services, by service name
     * @param loginCode    it carries a login code ({@code notifier.templates.<code>.login-code}): sent through the
     *                     API, it obeys the login-code limits and country allowlist as a {@code login.code} event
     */
    public SmsTemplate(String code, String content, List<String> paramNames, Map<String, String> serviceCodes,
                       boolean loginCode) {
        this.code = code;
        this.content = content;
        this.paramNames = List.copyOf(paramNames);
        this.serviceCodes = Map.copyOf(serviceCodes);
        this.loginCode = loginCode;
        this.requiredParams = scanRequiredParams(content, this.paramNames);
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

    public String code() {
        return code;
    }

    public String content() {
        return content;
    }

    public List<String> paramNames() {
        return paramNames;
    }

    public Map<String, String> serviceCodes() {
        return serviceCodes;
    }

    public boolean loginCode() {
        return loginCode;
    }

    /** Parameter names in {@code content} and in the declared list, in declared order, then order of appearance. */
    public List<String> requiredParams() {
        return requiredParams;
    }

    private static List<String> scanRequiredParams(String content, List<String> paramNames) {
        List<String> names = new ArrayList<>(paramNames);
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

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof SmsTemplate that && code.equals(that.code) && content.equals(that.content)
                && paramNames.equals(that.paramNames) && serviceCodes.equals(that.serviceCodes)
                && loginCode == that.loginCode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, content, paramNames, serviceCodes, loginCode);
    }

    @Override
    public String toString() {
        return "SmsTemplate[code=" + code + ", params=" + paramNames + ", services=" + serviceCodes.keySet()
                + ", loginCode=" + loginCode + "]";
    }
}
