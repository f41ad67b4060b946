package io.smsnotifier.worker.catalog;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Readers of one typed field of a JSON document, noting a field of the wrong type in the document's errors. */
final class JsonFields {

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
