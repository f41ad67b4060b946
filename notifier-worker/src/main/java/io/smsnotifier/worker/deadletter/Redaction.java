package io.smsnotifier.worker.deadletter;

import io.smsnotifier.events.EventJson;
import io.smsnotifier.events.PhoneMask;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes login codes out of dead letters, and phone numbers too where a dead letter is shown. A value that is not
 * JSON cannot be searched for a code, so it is never kept or shown.
 */
final class Redaction {

    /** The field that holds a login code, at any depth. */
    static final String CODE = "code";

    private static final Pattern PHONE_LIKE = Pattern.compile("\\+?\\d[\\d \\-]{6,18}\\d");
    private static final Set<String> PHONE_FIELDS = Set.of("phone", "phones", "mobile", "mobiles", "phonelist");

    private Redaction() {
    }

    /**
     * What a login code's dead letter keeps of its value: the JSON object without its code (numbers stay, so that
     * ops can tell whose it was), or nothing when the value is not a JSON object.
     */
    static byte @Nullable [] withoutCode(@Nullable Object value) {
        if (!(value instanceof byte[] payload)) {
            return null;
        }
        try {
            if (EventJson.mapper().readTree(payload) instanceof ObjectNode object) {
                return EventJson.mapper().writeValueAsBytes(redact(object, null, false));
            }
        } catch (JacksonException e) {
            // Not JSON: it cannot be kept without risking the code.
        }
        return null;
    }

    /** A dead letter's value as the API shows it: JSON with every code removed and numbers masked, else its size. */
    static Object shown(byte @Nullable [] value) {
        if (value == null) {
            return "(no value kept)";
        }
        try {
            return redact(EventJson.mapper().readTree(value), null, true);
        } catch (JacksonException e) {
            return "(" + value.length + " bytes, not JSON)";
        }
    }

    /** {@code text} with every phone-like run of digits in it masked ({@code 138****8000}). */
    static String phonesMasked(String text) {
        return PHONE_LIKE.matcher(text).replaceAll(found ->
                Matcher.quoteReplacement(PhoneMask.mask(found.group().replaceAll("[ \\-]", ""))));
    }

    private static JsonNode redact(JsonNode node, @Nullable String field, boolean maskPhones) {
        if (node instanceof ObjectNode object) {
            object.remove(CODE);
            for (String name : new ArrayList<>(object.propertyNames())) {
                object.set(name, redact(object.get(name), name, maskPhones));
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, redact(array.get(i), field, maskPhones));
            }
            return array;
        }
        if (maskPhones && node.isString()) {
            String text = node.asString();
            boolean phoneField = field != null && PHONE_FIELDS.contains(field.toLowerCase(Locale.ROOT));
            if (phoneField || PHONE_LIKE.matcher(text).matches()) {
                return EventJson.mapper().getNodeFactory().stringNode(PhoneMask.mask(text.replaceAll("[ \\-]", "")));
            }
        }
        return node;
    }
}
