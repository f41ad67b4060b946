package io.smsnotifier.worker.receipts;

import io.smsnotifier.worker.delivery.Receipts;
import io.smsnotifier.worker.support.FieldChecks;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What every push format checks the same way: a JSON array within its size, and text fields within limits. */
final class PushFields {

    private PushFields() {
    }

    /**
     * The body as a JSON array of at most {@code maxReports} elements.
     *
     * @throws MalformedPush when it is not JSON, not an array, or too long
     */
    static JsonNode array(byte[] body, int maxReports, ObjectMapper json) {
        JsonNode array;
        try {
            array = json.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedPush("not JSON", false);
        }
        if (array == null || !array.isArray()) {
            throw new MalformedPush("not a JSON array", false);
        }
        if (array.size() > maxReports) {
            throw new MalformedPush("more than " + maxReports + " reports", true);
        }
        return array;
    }

    /**
     * Each element read by {@code report}: the ones it returns, and how many it refused (null) — a report that fails
     * a check is left out and counted, the rest apply.
     */
    static ParsedPush reports(JsonNode array, Function<JsonNode, Receipts.@Nullable Receipt> report) {
        List<Receipts.Receipt> receipts = new ArrayList<>(array.size());
        int invalid = 0;
        for (JsonNode element : array) {
            Receipts.Receipt receipt = report.apply(element);
            if (receipt == null) {
                invalid++;
            } else {
                receipts.add(receipt);
            }
        }
        return new ParsedPush(receipts, invalid);
    }

    /** A string within {@code max} characters without control characters, else null. */
    static @Nullable String text(@Nullable JsonNode node, int max) {
        if (node == null || !node.isString()) {
            return null;
        }
        String value = node.asString();
        return value.isEmpty() || value.length() > max || FieldChecks.hasControlCharacters(value) ? null : value;
    }

    /** A field that is there (and not null or empty) but did not read as text within its limits. */
    static boolean invalid(JsonNode report, String field, @Nullable String read) {
        JsonNode node = report.get(field);
        return read == null && node != null && !node.isNull() && !(node.isString() && node.asString().isEmpty());
    }
}
