package io.smsnotifier.worker.catalog;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Readers of one typed field of a JSON document (a service's or a template's), noting a field of the wrong type
 * in the document's errors and answering null for it, so that every wrong field is named at once.
 */
final class JsonFields {

    private static final int MAX_TEXT = 2048;

    private JsonFields() {
    }

    static @Nullable Boolean bool(JsonNode json, String field, FieldErrors errors) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            errors.add(field, "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    /** A string; the limits of what it may hold are the caller's, but nothing longer than 2,048 characters. */
    static @Nullable String text(JsonNode json, String field, FieldErrors errors) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            errors.add(field, "must be a string");
            return null;
        }
        if (node.stringValue().length() > MAX_TEXT) {
            errors.add(field, "must be at most " + MAX_TEXT + " characters");
            return null;
        }
        return node.stringValue();
    }

    static @Nullable Integer integer(JsonNode json, String field, FieldErrors errors) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            errors.add(field, "must be a whole number");
            return null;
        }
        return node.intValue();
    }

    /** A duration as configuration writes it: {@code 3s}, {@code 500ms}, {@code PT3S}. */
    static @Nullable Duration duration(JsonNode json, String field, FieldErrors errors) {
        String value = text(json, field, errors);
        if (value == null) {
            return null;
        }
        try {
            return DurationStyle.detectAndParse(value.strip());
        } catch (IllegalArgumentException e) {
            errors.add(field, "must be a duration such as 3s or 500ms");
            return null;
        }
    }

    static @Nullable List<String> texts(JsonNode json, String field, FieldErrors errors) {
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
            if (!item.isString()) {
                errors.add(field, "must be a list of strings");
                return null;
            }
            values.add(item.stringValue());
        }
        return List.copyOf(values);
    }

    /** An object of names to strings, at most 20 of them (a template's codes, a webhook's headers). */
    static @Nullable Map<String, String> stringMap(JsonNode json, String field, FieldErrors errors) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || node.size() > 20) {
            errors.add(field, "must be an object of at most 20 names to strings");
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isString()) {
                errors.add(field, "the value of " + shown(entry.getKey()) + " must be a string");
                return null;
            }
            values.put(entry.getKey(), entry.getValue().stringValue());
        }
        return Map.copyOf(values);
    }

    /** The {@code version} an update names in its body (an alternative to {@code If-Match}). */
    static @Nullable Long version(JsonNode json, String what, FieldErrors errors) {
        JsonNode node = json.get("version");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            errors.add("version", "must be the version the " + what + " was read at");
            return null;
        }
        return node.longValue();
    }

    /** A caller's key as it may appear in a message: printable ASCII, at most 64 characters. */
    static String shown(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
    }
}
