package io.smsnotifier.worker.receipts;

import io.smsnotifier.worker.delivery.Receipts;
import io.smsnotifier.worker.providers.TemplateReview;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.smsnotifier.worker.receipts.PushFields.invalid;
import static io.smsnotifier.worker.receipts.PushFields.text;

/**
 * Reads an Alibaba Cloud {@code SmsReport} push: a JSON array of reports with {@code phone_number} (national for
 * mainland China, else with its country code, never a {@code +}), {@code success}, {@code err_code},
 * {@code err_msg}, {@code report_time} ({@code yyyy-MM-dd HH:mm:ss}, China time) and {@code biz_id} (the send's
 * {@code BizId}); {@code send_time}, {@code sms_size} and {@code out_id} are not used. A report that fails a check
 * is left out and counted; a body that is not an array fails the whole push. The vendor wants
 * {@code {"code":0,"msg":"接收成功"}} back. A {@code TemplateSmsReport} push pasted at the same address is read too:
 * elements with {@code template_code} and {@code template_status} ({@code approving}, {@code approved},
 * {@code rejected}, with {@code reason}) are template reviews. Thread-safe.
 */
@Component
final class AliyunReports implements ReceiptFormat {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern MAINLAND = Pattern.compile("1\\d{10}");
    private static final Pattern DIGITS = Pattern.compile("\\d{5,20}");
    /** A {@code BizId} as the vendor writes them ({@code 802315663418062740^0}). */
    private static final Pattern BIZ_ID = Pattern.compile("[A-Za-z0-9^_.:-]{1,64}");
    private static final int CODE = 64;
    private static final int MESSAGE = 256;
    /** A template code as Alibaba Cloud writes them ({@code SMS_123456789}). */
    private static final Pattern TEMPLATE_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Map<String, TemplateReview.Status> TEMPLATE_STATUS = Map.of(
            "approving", TemplateReview.Status.IN_REVIEW, "approved", TemplateReview.Status.APPROVED,
            "rejected", TemplateReview.Status.REJECTED);

    private final ObjectMapper json;

    AliyunReports(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String type() {
        return "aliyun";
    }

    @Override
    public ParsedPush parse(byte[] body, String service, int maxReports) {
        JsonNode array = PushFields.array(body, maxReports, json);
        List<Receipts.Receipt> receipts = new ArrayList<>(array.size());
        Map<String, TemplateReview> reviews = new LinkedHashMap<>();
        int invalid = 0;
        for (JsonNode report : array) {
            if (report.isObject() && report.has("template_code")) {
                if (!review(report, reviews)) {
                    invalid++;
                }
                continue;
            }
            Receipts.Receipt receipt = report(report, service);
            if (receipt == null) {
                invalid++;
            } else {
                receipts.add(receipt);
            }
        }
        return new ParsedPush(receipts, invalid, reviews);
    }

    /** One template review into {@code reviews}; false when a field fails its check. */
    static boolean review(JsonNode report, Map<String, TemplateReview> reviews) {
        String code = text(report.get("template_code"), 64);
        String status = text(report.get("template_status"), 16);
        // Read leniently (a reviewer's text may hold a line break, or run long): TemplateReview cleans it and keeps
        // 200 characters. Past 2,000 characters, or not text, the element is refused.
        JsonNode reasonNode = report.get("reason");
        String reason = reasonNode != null && reasonNode.isString() && reasonNode.asString().length() <= 2_000
                ? reasonNode.asString() : null;
        TemplateReview.Status known = status == null ? null : TEMPLATE_STATUS.get(status);
        if (code == null || !TEMPLATE_CODE.matcher(code).matches() || known == null
                || invalid(report, "reason", reason)) {
            return false;
        }
        reviews.put(code, new TemplateReview(known, known == TemplateReview.Status.REJECTED ? reason : null));
        return true;
    }

    @Override
    public String accepted() {
        return "{\"code\":0,\"msg\":\"接收成功\"}";
    }

    @Override
    public String refused(int status, String message) {
        return "{\"code\":" + status + ",\"msg\":\"" + message + "\"}";
    }

    /** One report, or null when a field fails its check. */
    static Receipts.@Nullable Receipt report(JsonNode report, String service) {
        if (!report.isObject() || !report.path("success").isBoolean()) {
            return null;
        }
        String phone = text(report.get("phone_number"), 20);
        String bizId = text(report.get("biz_id"), 64);
        String code = text(report.get("err_code"), CODE);
        String message = text(report.get("err_msg"), MESSAGE);
        String time = text(report.get("report_time"), 19);
        if (phone == null || !DIGITS.matcher(phone).matches() || bizId == null || !BIZ_ID.matcher(bizId).matches()
                || invalid(report, "err_code", code) || invalid(report, "err_msg", message)
                || invalid(report, "report_time", time)) {
            return null;
        }
        Instant handsetAt;
        try {
            handsetAt = time == null ? null : LocalDateTime.parse(time, TIME).atZone(CHINA).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        return new Receipts.Receipt(service, bizId, e164(phone), report.path("success").asBoolean(), code, message,
                handsetAt);
    }

    /** {@code 13800138000} → {@code +8613800138000}; {@code 85291234567} → {@code +85291234567}. */
    static String e164(String phone) {
        return MAINLAND.matcher(phone).matches() ? "+86" + phone : "+" + phone;
    }
}
