package io.smsnotifier.it.simulators;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tencent Cloud's {@code PullSmsSendStatusByPhoneNumber} (2021-01-11) for {@link TencentSmsSimulator}: the handset
 * reports of one number's messages taken between {@code BeginTime} and {@code EndTime} (unix seconds, at most 7 days
 * back), {@code Offset}/{@code Limit} (at most 100), for the {@code SmsSdkAppId} that sent them. A message is listed
 * once it has a report, which a test gives it ({@link #markDelivered}, {@link #markFailed}); until then it is not
 * listed, as with the real service before the carrier reports. Items carry {@code UserReceiveTime} (unix seconds),
 * {@code CountryCode}, {@code SubscriberNumber}, {@code PhoneNumber} (E.164), {@code SerialNo},
 * {@code ReportStatus} ({@code SUCCESS}/{@code FAIL}), {@code Description}, {@code SessionContext}. Error codes for
 * a bad window or limit are not confirmed offline ({@code InvalidParameterValue}). Thread-safe.
 */
public final class TencentPulledStatuses {

    public static final String ACTION = "PullSmsSendStatusByPhoneNumber";
    private static final Duration KEPT = Duration.ofDays(7);

    private record Sent(String serialNo, String phone, String appId, String sessionContext, Instant at) {
    }

    private record Report(boolean delivered, String description, Instant at) {
    }

    /** One question as it came. */
    public record Asked(String phone, long beginTime, long endTime, long offset, long limit, int listed) {
    }

    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Report> reports = new ConcurrentHashMap<>();
    private final List<Asked> asked = Collections.synchronizedList(new ArrayList<>());

    /** The messages to {@code phone} (E.164) get a SUCCESS report now. */
    public TencentPulledStatuses markDelivered(String phone) {
        reports.put(phone, new Report(true, "用户短信送达成功", Instant.now()));
        return this;
    }

    /** The messages to {@code phone} (E.164) get a FAIL report now, with {@code description}. */
    public TencentPulledStatuses markFailed(String phone, String description) {
        reports.put(phone, new Report(false, description, Instant.now()));
        return this;
    }

    /** The questions that asked about {@code phone} (E.164). */
    public List<Asked> askedAbout(String phone) {
        synchronized (asked) {
            return asked.stream().filter(question -> question.phone().equals(phone)).toList();
        }
    }

    void sent(String serialNo, String phone, String appId, String sessionContext, Instant at) {
        sent.add(new Sent(serialNo, phone, appId == null ? "" : appId, sessionContext == null ? "" : sessionContext,
                at));
    }

    void reset() {
        sent.clear();
        reports.clear();
        asked.clear();
    }

    /** The parameter error, as {code, message}, or null. */
    String[] validate(JsonNode json) {
        if (json == null || !json.isObject()) {
            return new String[] {"InvalidParameter", "The request body is not a valid JSON object."};
        }
        for (String name : List.of("BeginTime", "Offset", "Limit", "PhoneNumber", "SmsSdkAppId")) {
            JsonNode n = json.get(name);
            if (n == null || n.isNull() || (n.isString() && n.asString().isBlank())) {
                return new String[] {"MissingParameter", "The request is missing a required parameter `" + name + "`."};
            }
        }
        long begin = json.get("BeginTime").asLong();
        long end = json.path("EndTime").isNumber() ? json.get("EndTime").asLong() : Instant.now().getEpochSecond();
        long limit = json.get("Limit").asLong();
        if (limit < 1 || limit > 100 || json.get("Offset").asLong() < 0) {
            return new String[] {"InvalidParameterValue", "Limit must be 1 to 100, Offset at least 0."};
        }
        if (end < begin || begin < Instant.now().minus(KEPT).getEpochSecond() - 60) {
            return new String[] {"InvalidParameterValue", "BeginTime must be within the last 7 days, before EndTime."};
        }
        return null;
    }

    /** The {@code Response} of a valid question (without {@code RequestId}). */
    Map<String, Object> answer(JsonNode json) {
        String phone = json.get("PhoneNumber").asString();
        String appId = json.get("SmsSdkAppId").asString();
        long begin = json.get("BeginTime").asLong();
        long end = json.path("EndTime").isNumber() ? json.get("EndTime").asLong() : Long.MAX_VALUE;
        int offset = (int) json.get("Offset").asLong();
        int limit = (int) json.get("Limit").asLong();
        List<Sent> matching;
        synchronized (sent) {
            matching = sent.stream().filter(m -> m.phone().equals(phone) && m.appId().equals(appId))
                    .filter(m -> m.at().getEpochSecond() >= begin && m.at().getEpochSecond() <= end)
                    .filter(m -> reports.containsKey(m.phone())).toList();
        }
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = offset; i < Math.min(matching.size(), offset + limit); i++) {
            Sent m = matching.get(i);
            Report report = reports.get(m.phone());
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("UserReceiveTime", Math.max(report.at().getEpochSecond(), m.at().getEpochSecond()));
            item.put("CountryCode", phone.startsWith("+86") ? "86" : "");
            item.put("SubscriberNumber", phone.startsWith("+86") ? phone.substring(3) : phone.substring(1));
            item.put("PhoneNumber", phone);
            item.put("SerialNo", m.serialNo());
            item.put("ReportStatus", report.delivered() ? "SUCCESS" : "FAIL");
            item.put("Description", report.description());
            item.put("SessionContext", m.sessionContext());
            page.add(item);
        }
        asked.add(new Asked(phone, begin, end, offset, limit, page.size()));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("PullSmsSendStatusSet", page);
        return response;
    }
}
