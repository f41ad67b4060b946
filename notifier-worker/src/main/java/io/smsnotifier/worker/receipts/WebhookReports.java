package io.smsnotifier.worker.receipts;

import io.smsnotifier.worker.delivery.Receipts;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

import static io.smsnotifier.worker.receipts.PushFields.invalid;
import static io.smsnotifier.worker.receipts.PushFields.text;

/**
 * Reads a user's gateway's push, in the format we document for {@code webhook} services: a JSON array of
 * {@code {"messageId":"...","phone":"+8613800138000","delivered":true,"code":"...","message":"...",
 * "time":"2026-12-07T10:00:05+08:00"}}. {@code messageId} is the id the gateway answered the send with, {@code phone}
 * the number in E.164 as the gateway was given it; {@code code}, {@code message} and {@code time} (ISO-8601 with an
 * offset) may be left out. A report that fails a check is left out and counted; a body that is not an array fails
 * the whole push. Answered {@code {"accepted":n}} (the reports that passed their checks) or
 * {@code {"error":"..."}}. Thread-safe.
 */
@Component
final class WebhookReports implements ReceiptFormat {

    /** What the webhook adapter keeps from a send's answer (its {@code MESSAGE_ID}): a pushed id must match it. */
    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:^+=/-]{1,64}");
    /** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final int CODE = 64;
    private static final int MESSAGE = 256;
    /** {@code 2026-12-07T10:00:05.123456789+08:00} is 35 characters. */
    private static final int TIME = 40;

    private final ObjectMapper json;

    WebhookReports(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public ParsedPush parse(byte[] body, String service, int maxReports) {
        return PushFields.reports(PushFields.array(body, maxReports, json), report -> report(report, service));
    }

    /** An empty push's answer; a push is answered by {@link #accepted(ParsedPush)}. */
    @Override
    public String accepted() {
        return "{\"accepted\":0}";
    }

    /** How many reports the push had that passed their checks, so that the gateway can tell a typo from a match. */
    @Override
    public String accepted(ParsedPush parsed) {
        return "{\"accepted\":" + parsed.receipts().size() + "}";
    }

    @Override
    public String refused(int status, String message) {
        return json.writeValueAsString(Map.of("error", message));
    }

    /** One report, or null when a field fails its check. */
    static Receipts.@Nullable Receipt report(JsonNode report, String service) {
        if (!report.isObject() || !report.path("delivered").isBoolean()) {
            return null;
        }
        String messageId = text(report.get("messageId"), 64);
        String phone = text(report.get("phone"), 16);
        String code = text(report.get("code"), CODE);
        String message = text(report.get("message"), MESSAGE);
        String time = text(report.get("time"), TIME);
        if (messageId == null || !MESSAGE_ID.matcher(messageId).matches() || phone == null
                || !E164.matcher(phone).matches() || invalid(report, "code", code)
                || invalid(report, "message", message) || invalid(report, "time", time)) {
            return null;
        }
        Instant handsetAt;
        try {
            handsetAt = time == null ? null : OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        return new Receipts.Receipt(service, messageId, phone, report.path("delivered").asBoolean(), code, message,
                handsetAt);
    }
}
