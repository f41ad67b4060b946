package io.smsnotifier.worker.receipts;

import io.smsnotifier.worker.delivery.Receipts;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import static io.smsnotifier.worker.receipts.PushFields.invalid;
import static io.smsnotifier.worker.receipts.PushFields.text;

/**
 * Reads a Tencent Cloud SMS status callback (短信下发状态回调): a JSON array of at most 100 reports with
 * {@code nationcode} ({@code 86}) and {@code mobile} (the national number), {@code report_status}
 * ({@code SUCCESS}/{@code FAIL}), {@code errmsg} ({@code DELIVRD} or the carrier's code), {@code description},
 * {@code user_receive_time} ({@code yyyy-MM-dd HH:mm:ss}, China time) and {@code sid} (the send's {@code SerialNo},
 * which the ledger keeps as the vendor's message id); {@code ext} (the send's {@code SessionContext}) is not used:
 * the serial number and the number already find the row. A report that fails a check is left out and counted; a
 * body that is not an array fails the whole push. The vendor wants {@code {"result":0,"errmsg":"OK"}} back.
 * Thread-safe.
 */
@Component
final class TencentReports implements ReceiptFormat {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern NATION_CODE = Pattern.compile("\\d{1,4}");
    private static final Pattern MOBILE = Pattern.compile("\\d{4,15}");
    /** E.164 allows 15 digits in all, country code included. */
    private static final int E164_DIGITS = 15;
    /** A {@code SerialNo} as the vendor writes them ({@code 2433:329128339916713150}; some carry a minus sign). */
    private static final Pattern SID = Pattern.compile("[A-Za-z0-9:_.-]{1,64}");
    private static final int CODE = 64;
    private static final int MESSAGE = 256;

    private final ObjectMapper json;

    TencentReports(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String type() {
        return "tencent";
    }

    @Override
    public ParsedPush parse(byte[] body, String service, int maxReports) {
        return PushFields.reports(PushFields.array(body, maxReports, json), report -> report(report, service));
    }

    @Override
    public String accepted() {
        return "{\"result\":0,\"errmsg\":\"OK\"}";
    }

    @Override
    public String refused(int status, String message) {
        return "{\"result\":" + status + ",\"errmsg\":\"" + message + "\"}";
    }

    /** One report, or null when a field fails its check. */
    static Receipts.@Nullable Receipt report(JsonNode report, String service) {
        if (!report.isObject()) {
            return null;
        }
        String status = text(report.get("report_status"), 7);
        String nationCode = text(report.get("nationcode"), 4);
        String mobile = text(report.get("mobile"), E164_DIGITS);
        String sid = text(report.get("sid"), 64);
        String code = text(report.get("errmsg"), CODE);
        String message = text(report.get("description"), MESSAGE);
        String time = text(report.get("user_receive_time"), 19);
        if (!"SUCCESS".equals(status) && !"FAIL".equals(status)) {
            return null;
        }
        if (nationCode == null || !NATION_CODE.matcher(nationCode).matches() || mobile == null
                || !MOBILE.matcher(mobile).matches() || nationCode.length() + mobile.length() > E164_DIGITS
                || sid == null || !SID.matcher(sid).matches() || invalid(report, "errmsg", code)
                || invalid(report, "description", message) || invalid(report, "user_receive_time", time)) {
            return null;
        }
        Instant handsetAt;
        try {
            handsetAt = time == null ? null : LocalDateTime.parse(time, TIME).atZone(CHINA).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        return new Receipts.Receipt(service, sid, "+" + nationCode + mobile, "SUCCESS".equals(status), code, message,
                handsetAt);
    }
}
