package io.smsnotifier.it.simulators;

import com.sun.net.httpserver.HttpExchange;
import io.smsnotifier.events.EventJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tencent Cloud SMS, API 3.0 ({@code sms}, Version 2021-01-11, action {@code SendSms}) as
 * {@code tencentcloud-sdk-java-sms} 3.1.x calls it.
 *
 * <h2>SDK setup that works against it (copy into the adapter)</h2>
 * <pre>{@code
 * HttpProfile http = new HttpProfile();
 * http.setEndpoint(simulator.endpoint());   // "127.0.0.1:<port>"; production "sms.tencentcloudapi.com"
 * http.setProtocol("http://");              // HttpProfile.REQ_HTTP; production default "https://"
 * http.setConnTimeout(2);                   // SECONDS (default 60)
 * http.setReadTimeout(5);                   // SECONDS; default 0 = wait forever!
 * http.setWriteTimeout(5);                  // SECONDS; default 0 = no limit
 * ClientProfile profile = new ClientProfile();  // signs TC3-HMAC-SHA256, POST application/json by default
 * profile.setHttpProfile(http);
 * SmsClient client = new SmsClient(new Credential(secretId, secretKey), "ap-guangzhou", profile);
 *
 * SendSmsRequest req = new SendSmsRequest();
 * req.setPhoneNumberSet(new String[] {"+8613800138000"});
 * req.setSmsSdkAppId("1400000000");
 * req.setSignName("MyCompany");
 * req.setTemplateId("1234567");
 * req.setTemplateParamSet(new String[] {"Alice", "Expense claim #42"});
 * req.setSessionContext(ledgerId);
 * SendSmsResponse resp = client.SendSms(req);   // check every SendStatusSet[i].getCode() == "Ok"
 * }</pre>
 * The SDK sends {@code POST /} with {@code Content-Type: application/json; charset=utf-8}, {@code Host},
 * {@code Authorization}, {@code X-TC-Action}, {@code X-TC-Timestamp}, {@code X-TC-Version}, {@code X-TC-Region},
 * {@code X-TC-RequestClient}; SignedHeaders {@code content-type;host}.
 *
 * <p><b>Surprises</b> (SDK 3.1.1281 sources): with a custom endpoint the SDK takes the <em>service</em> of the
 * credential scope from the endpoint's first label — {@code "127"} for {@code 127.0.0.1:<port>}, not
 * {@code "sms"} — so this simulator verifies with the service named in the scope (as the brief asks) and only
 * insists on one when {@link #expectedService(String)} is set. The SDK has no retries of its own, but its OkHttp
 * 3.12 client keeps OkHttp's {@code retryOnConnectionFailure=true}: when a <em>reused</em> keep-alive connection
 * is closed without an answer, OkHttp silently sends the same POST again (see
 * {@code SimulatorSignatureTests}), so a {@code SendSms} can reach the vendor twice. A custom
 * {@code OkHttpClient} with {@code retryOnConnectionFailure(false)} can be given through
 * {@code HttpProfile.setHttpClient(...)} (then its own timeouts apply).
 *
 * <h2>What it checks</h2>
 * {@code Authorization} format ({@code AuthFailure.InvalidAuthorization}), {@code X-TC-Timestamp} within 5 min
 * ({@code AuthFailure.SignatureExpire}), SecretId ({@code AuthFailure.SecretIdNotFound}), the TC3-HMAC-SHA256
 * signature ({@code AuthFailure.SignatureFailure}), {@code X-TC-Action} ({@code InvalidAction}),
 * {@code X-TC-Version} ({@code NoSuchVersion}), then {@code SendSms}: {@code MissingParameter} (PhoneNumberSet,
 * SmsSdkAppId, TemplateId), {@code LimitExceeded.PhoneNumberCountLimit} (&gt;200),
 * {@code UnauthorizedOperation.SmsSdkAppIdVerifyFail} (when an app id is configured),
 * {@code FailedOperation.MissingSignature} (mainland number without SignName), and when registered,
 * {@code FailedOperation.SignatureIncorrectOrUnapproved}, {@code FailedOperation.TemplateIncorrectOrUnapproved},
 * {@code FailedOperation.TemplateParamSetNotMatchApprovedTemplate}. All errors are HTTP 200 with
 * {@code {"Response":{"Error":{"Code","Message"},"RequestId"}}}. Numbers that are not E.164 (an 11-digit mainland
 * number without prefix is taken as {@code +86}) fail per number with {@code InvalidParameterValue.IncorrectPhoneNumber}.
 * Codes/messages not confirmed offline: {@code FailedOperation.MissingSignature}, the exact English messages.
 */
public final class TencentSmsSimulator extends SimulatorServer<TencentSmsSimulator.TencentCall> {

    public static final String DEFAULT_SECRET_ID = "AKIDSimulatorSecretId0000000000000";
    public static final String DEFAULT_SECRET_KEY = "simulator-secret-key";
    public static final String VERSION = "2021-01-11";
    public static final String OK = "Ok";

    private static final String JSON = "application/json";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "TC3-HMAC-SHA256\\s+Credential=([^/\\s]+)/(\\d{4}-\\d{2}-\\d{2})/([^/\\s]+)/tc3_request,\\s*"
                    + "SignedHeaders=([a-z0-9;\\-]+),\\s*Signature=([0-9a-f]{64})");
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{5,14}");
    private static final Pattern MAINLAND = Pattern.compile("1\\d{10}");
    private static final DateTimeFormatter UTC_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final Map<String, String> ISO_CODES = Map.ofEntries(
            Map.entry("+86", "CN"), Map.entry("+852", "HK"), Map.entry("+853", "MO"), Map.entry("+886", "TW"),
            Map.entry("+1", "US"), Map.entry("+44", "GB"), Map.entry("+65", "SG"), Map.entry("+81", "JP"),
            Map.entry("+82", "KR"), Map.entry("+61", "AU"), Map.entry("+49", "DE"), Map.entry("+33", "FR"),
            Map.entry("+91", "IN"), Map.entry("+60", "MY"), Map.entry("+66", "TH"), Map.entry("+84", "VN"),
            Map.entry("+62", "ID"), Map.entry("+63", "PH"), Map.entry("+7", "RU"), Map.entry("+971", "AE"));

    /** Messages for the codes the simulator answers (English, as with {@code X-TC-Language: en-US}). */
    private static final Map<String, String> MESSAGES = Map.ofEntries(
            Map.entry(OK, "send success"),
            Map.entry("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct."),
            Map.entry("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct."),
            Map.entry("AuthFailure.SignatureExpire", "Signature expired. Timestamp and server time cannot exceed five minutes."),
            Map.entry("AuthFailure.InvalidAuthorization", "The Authorization header is invalid."),
            Map.entry("RequestLimitExceeded", "Your current request rate exceeds the limit."),
            Map.entry("InternalError", "An internal error has occurred. Retry your request, but if the problem persists, contact us."),
            Map.entry("FailedOperation.InsufficientBalanceInSmsPackage", "insufficient balance in SMS package"),
            Map.entry("FailedOperation.PhoneNumberInBlacklist", "the phone number is in the blocklist"),
            Map.entry("FailedOperation.MissingSignature", "missing signature, please check that the signature is approved"),
            Map.entry("FailedOperation.SignatureIncorrectOrUnapproved", "the signature is incorrect or unapproved"),
            Map.entry("FailedOperation.TemplateIncorrectOrUnapproved", "the template is incorrect or unapproved"),
            Map.entry("FailedOperation.TemplateParamSetNotMatchApprovedTemplate", "the template parameters do not match the approved template"),
            Map.entry("InvalidParameterValue.IncorrectPhoneNumber", "incorrect phone number"),
            Map.entry("LimitExceeded.PhoneNumberCountLimit", "the number of phone numbers in one request exceeds the limit of 200"),
            Map.entry("LimitExceeded.PhoneNumberDailyLimit", "the number of messages sent to this number today exceeds the limit"),
            Map.entry("LimitExceeded.PhoneNumberOneHourLimit", "the number of messages sent to this number within one hour exceeds the limit"),
            Map.entry("LimitExceeded.PhoneNumberThirtySecondLimit", "the number of messages sent to this number within 30 seconds exceeds the limit"),
            Map.entry("LimitExceeded.DeliveryFrequencyLimit", "the delivery frequency limit is exceeded"),
            Map.entry("UnauthorizedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId verification failed"));

    /**
     * One HTTP call as the simulator saw it.
     *
     * @param phoneNumbers as sent; {@code results} is keyed by E.164 (as answered in {@code PhoneNumber})
     * @param errorCode    the request-level {@code Error.Code} answered, or {@code null}
     * @param results      per-number {@code Code} answered (empty on a request-level error / lost answer)
     * @param accepted     at least one number was sent
     */
    public record TencentCall(String requestId, String action, String version, String region, String secretId,
                              List<String> phoneNumbers, String smsSdkAppId, String signName, String templateId,
                              List<String> templateParams, String sessionContext, String extendCode, String senderId,
                              Map<String, String> headers, String body, Instant arrivedAt, boolean accepted,
                              int httpStatus, String errorCode, Map<String, String> results, Behaviour behaviour) {

        TencentCall outcome(boolean accepted, int httpStatus, String errorCode, Map<String, String> results,
                            Behaviour behaviour) {
            return new TencentCall(requestId, action, version, region, secretId, phoneNumbers, smsSdkAppId, signName,
                    templateId, templateParams, sessionContext, extendCode, senderId, headers, body, arrivedAt,
                    accepted, httpStatus, errorCode, results, behaviour);
        }

        /** The numbers answered {@code Ok} (E.164). */
        public List<String> sentNumbers() {
            return results.entrySet().stream().filter(e -> OK.equals(e.getValue())).map(Map.Entry::getKey).toList();
        }
    }

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, String> standingNumberCodes = new ConcurrentHashMap<>();
    private final Map<String, Integer> templates = new ConcurrentHashMap<>();
    private final Set<String> signNames = ConcurrentHashMap.newKeySet();
    private final AtomicLong serial = new AtomicLong(329_128_339_916_713_150L);
    private volatile String smsSdkAppId;
    private volatile String expectedService;

    public TencentSmsSimulator() {
        this(DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY);
    }

    public TencentSmsSimulator(String secretId, String secretKey) {
        super("tencent-sms-sim");
        secrets.put(secretId, secretKey);
    }

    public TencentSmsSimulator credentials(String secretId, String secretKey) {
        secrets.put(secretId, secretKey);
        return this;
    }

    /** Only this SmsSdkAppId is accepted ({@code null}, the default: any). Survives reset. */
    public TencentSmsSimulator smsSdkAppId(String appId) {
        this.smsSdkAppId = appId;
        return this;
    }

    /** Insist on this service in the credential scope (the SDK signs {@code "127"} against 127.0.0.1). */
    public TencentSmsSimulator expectedService(String service) {
        this.expectedService = service;
        return this;
    }

    /** Registers an approved template and its parameter count; once any is registered, others fail. */
    public TencentSmsSimulator template(String templateId, int paramCount) {
        templates.put(templateId, paramCount);
        return this;
    }

    /** Registers an approved sign name; once any is registered, others fail. */
    public TencentSmsSimulator signName(String signName) {
        signNames.add(signName);
        return this;
    }

    /**
     * Standing per-number failures until {@link #reset()}: phone (as sent or E.164) → code, e.g.
     * {@code FailedOperation.PhoneNumberInBlacklist}; that entry of {@code SendStatusSet} fails, others are Ok.
     */
    public TencentSmsSimulator failNumbers(Map<String, String> phoneToCode) {
        phoneToCode.forEach((phone, code) -> standingNumberCodes.put(e164(phone), code));
        return this;
    }

    // ---- assertions ----

    /** Calls in which at least one number was sent. */
    public List<TencentCall> accepted() {
        return requests(TencentCall::accepted);
    }

    /** Calls that sent to {@code phone} (as sent or E.164) with {@code Ok}. */
    public List<TencentCall> sentTo(String phone) {
        String normalized = e164(phone);
        return requests(c -> OK.equals(c.results().get(normalized)));
    }

    /** The {@code SerialNo}s answered for {@code phone} (as sent or E.164), oldest first. */
    public List<String> serialNumbers(String phone) {
        return List.copyOf(serialNumbers.getOrDefault(e164(phone), List.of()));
    }

    // ---- template reviews (DescribeSmsTemplateList, issue 20 item 7) ----

    private static final String TEMPLATE_LIST = "DescribeSmsTemplateList";
    private final TemplateReviewStates reviews = new TemplateReviewStates();

    /** What the reviewers decided of each template (approved unless set); the questions the worker asked. */
    public TemplateReviewStates reviews() {
        return reviews;
    }

    /**
     * {@code DescribeTemplateStatusSet}: {@code StatusCode} 0 approved, 1 in review, -1 rejected with
     * {@code ReviewReply}, for each asked id the simulator knows as a mainland template (every one here); not
     * recorded in {@link #requests()}.
     */
    private List<Map<String, Object>> templateStatuses(JsonNode json) {
        List<Map<String, Object>> statuses = new ArrayList<>();
        boolean international = json.path("International").asLong(0) == 1;
        for (JsonNode id : json.get("TemplateIdSet")) {
            String code = id.asString();
            reviews.asked(code);
            if (international || (!templates.isEmpty() && !templates.containsKey(code))) {
                continue;
            }
            TemplateReviewStates.Review review = reviews.of(code);
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("TemplateId", Long.parseLong(code));
            status.put("International", 0);
            status.put("StatusCode", switch (review.state()) {
                case APPROVED -> 0;
                case IN_REVIEW -> 1;
                case REJECTED -> -1;
            });
            status.put("ReviewReply", review.state() == TemplateReviewStates.State.REJECTED ? review.reason() : "");
            status.put("TemplateName", "template " + code);
            status.put("TemplateContent", "");
            status.put("CreateTime", 1_767_225_600L);
            statuses.add(status);
        }
        return statuses;
    }

    @Override
    protected void onReset() {
        reviews.reset();
        standingNumberCodes.clear();
        serialNumbers.clear();
        reports.reset();
        pulls.reset();
    }

    @Override
    public void close() {
        reports.close();
        super.close();
    }

    // ---- delivery receipts (status callback, issue 20): see TencentReportPusher ----

    private final TencentReportPusher reports = new TencentReportPusher();
    /** E.164 → the SerialNos answered for it, for tests that forge or check reports. */
    private final Map<String, List<String>> serialNumbers = new ConcurrentHashMap<>();

    /**
     * After each accepted send, push its reports to {@code url} (a worker's receipt address) as the vendor does:
     * before the send's own answer when that answer is slowed by a {@link Behaviour}; null stops. Reset clears it.
     */
    public TencentSmsSimulator reportTo(String url) {
        reports.url(url);
        return this;
    }

    /** What the pushes do (undelivered numbers, repeats) and what they got. */
    public TencentReportPusher reports() {
        return reports;
    }

    // ---- handset reports as PullSmsSendStatusByPhoneNumber lists them (pulled receipts, issue 20) ----

    private final TencentPulledStatuses pulls = new TencentPulledStatuses();

    /** The reports {@code PullSmsSendStatusByPhoneNumber} lists: mark numbers delivered or failed there. */
    public TencentPulledStatuses pulls() {
        return pulls;
    }

    // ---- protocol ----

    @Override
    protected void handle(HttpExchange exchange, Instant arrivedAt) throws IOException {
        byte[] bodyBytes = readBody(exchange);
        String body = new String(bodyBytes, StandardCharsets.UTF_8);
        String requestId = UUID.randomUUID().toString();
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        JsonNode json = parse(body);
        TencentCall call = describe(requestId, headers, body, json, arrivedAt);
        if (TEMPLATE_LIST.equals(call.action())) {
            notARateRequest(arrivedAt);
        }

        String[] rejection = authenticate(exchange, headers, bodyBytes);
        if (rejection == null) {
            rejection = validate(call, json);
        }
        if (rejection != null) {
            // As Alibaba Cloud's: a refused template review query is not one of the sends tests count.
            if (!TEMPLATE_LIST.equals(call.action())) {
                record(call.outcome(false, 200, rejection[0], Map.of(), null));
            }
            respond(exchange, 200, JSON, error(requestId, rejection[0], rejection[1]));
            return;
        }
        if (TEMPLATE_LIST.equals(call.action())) {
            respond(exchange, 200, JSON, EventJson.mapper().writeValueAsString(Map.of("Response",
                    Map.of("DescribeTemplateStatusSet", templateStatuses(json), "RequestId", requestId))));
            return;
        }
        if (TencentPulledStatuses.ACTION.equals(call.action())) {
            Map<String, Object> response = new LinkedHashMap<>(pulls.answer(json));
            response.put("RequestId", requestId);
            record(call.outcome(false, 200, null, Map.of(), null));
            respond(exchange, 200, JSON, EventJson.mapper().writeValueAsString(Map.of("Response", response)));
            return;
        }
        Behaviour behaviour = decide(call);
        switch (behaviour.kind()) {
            case SUCCESS, PER_NUMBER -> answerSend(exchange, call, behaviour);
            case VENDOR_ERROR -> {
                record(call.outcome(false, 200, behaviour.code(), Map.of(), behaviour));
                finish(exchange, behaviour, 200, JSON, error(requestId, behaviour.code(), message(behaviour.code(), behaviour.message())));
            }
            case HTTP_ERROR -> {
                Map<String, String> results = behaviour.isDeliveredAnyway() ? results(call, Map.of()) : Map.of();
                record(call.outcome(behaviour.isDeliveredAnyway(), behaviour.httpStatus(), null, results, behaviour));
                int status = behaviour.httpStatus();
                finish(exchange, behaviour, status, "text/html",
                        "<html><head><title>" + status + "</title></head><body><center><h1>" + status
                                + (behaviour.message() == null ? "" : " " + behaviour.message())
                                + "</h1></center><hr><center>stgw</center></body></html>");
            }
            case NO_ANSWER, CLOSE_CONNECTION -> {
                Map<String, String> results = behaviour.isDeliveredAnyway() ? results(call, Map.of()) : Map.of();
                record(call.outcome(behaviour.isDeliveredAnyway(), 0, null, results, behaviour));
                finish(exchange, behaviour, 0, null, null);
            }
        }
    }

    private void answerSend(HttpExchange exchange, TencentCall call, Behaviour behaviour) throws IOException {
        Map<String, String> results = results(call, behaviour.perNumberCodes());
        List<Map<String, Object>> statuses = new ArrayList<>();
        Map<String, String> sent = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : results.entrySet()) {
            String phone = e.getKey();
            boolean ok = OK.equals(e.getValue());
            String serialNo = ok ? "2433:" + serial.incrementAndGet() : "";
            if (ok) {
                sent.put(phone, serialNo);
                serialNumbers.computeIfAbsent(phone, p -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add(serialNo);
            }
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("SerialNo", serialNo);
            if (ok) {
                pulls.sent(serialNo, phone, call.smsSdkAppId(), call.sessionContext(), call.arrivedAt());
            }
            status.put("PhoneNumber", phone);
            status.put("Fee", ok ? 1 : 0);
            status.put("SessionContext", call.sessionContext() == null ? "" : call.sessionContext());
            status.put("Code", e.getValue());
            status.put("Message", message(e.getValue(), null));
            status.put("IsoCode", isoCode(phone));
            statuses.add(status);
        }
        boolean anySent = results.containsValue(OK);
        record(call.outcome(anySent, 200, null, results, behaviour));
        // Before the answer's delay, as the vendor's callback may beat its answer to the send.
        reports.accepted(sent, call.sessionContext());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("SendStatusSet", statuses);
        response.put("RequestId", call.requestId());
        finish(exchange, behaviour, 200, JSON, EventJson.mapper().writeValueAsString(Map.of("Response", response)));
    }

    /** E.164 → code, in request order; duplicates answered once. */
    private Map<String, String> results(TencentCall call, Map<String, String> behaviourCodes) {
        Map<String, String> normalizedBehaviour = new java.util.HashMap<>();
        behaviourCodes.forEach((k, v) -> normalizedBehaviour.put(e164(k), v));
        Map<String, String> results = new LinkedHashMap<>();
        for (String raw : call.phoneNumbers()) {
            String phone = e164(raw);
            String code;
            if (!E164.matcher(phone).matches()) {
                code = "InvalidParameterValue.IncorrectPhoneNumber";
            } else if (normalizedBehaviour.containsKey(phone)) {
                code = normalizedBehaviour.get(phone);
            } else {
                code = standingNumberCodes.getOrDefault(phone, OK);
            }
            results.putIfAbsent(phone, code);
        }
        return Collections.unmodifiableMap(results);
    }

    private String[] authenticate(HttpExchange exchange, Map<String, String> headers, byte[] body) {
        String authorization = headers.get("Authorization");
        if (authorization == null || authorization.isBlank()) {
            return reject("AuthFailure.SignatureFailure");
        }
        Matcher m = AUTHORIZATION.matcher(authorization.trim());
        if (!m.matches()) {
            return reject("AuthFailure.InvalidAuthorization");
        }
        String secretId = m.group(1);
        String date = m.group(2);
        String service = m.group(3);
        String signedHeaders = m.group(4);
        String signature = m.group(5);
        if (expectedService != null && !expectedService.equals(service)) {
            return reject("AuthFailure.InvalidAuthorization");
        }
        List<String> signed = List.of(signedHeaders.split(";"));
        if (!signed.contains("host") || !signed.contains("content-type")) {
            return reject("AuthFailure.InvalidAuthorization");
        }
        String timestampHeader = headers.get("X-TC-Timestamp");
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader == null ? "" : timestampHeader.trim());
        } catch (NumberFormatException e) {
            return reject("AuthFailure.SignatureFailure");
        }
        if (Math.abs(Instant.now().getEpochSecond() - timestamp) > 300) {
            return reject("AuthFailure.SignatureExpire");
        }
        String secretKey = secrets.get(secretId);
        if (secretKey == null) {
            return reject("AuthFailure.SecretIdNotFound");
        }
        if (!UTC_DATE.format(Instant.ofEpochSecond(timestamp)).equals(date)) {
            return reject("AuthFailure.SignatureFailure");
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signed) {
            String value = headers.get(name);
            if (value == null) {
                return reject("AuthFailure.SignatureFailure");
            }
            canonicalHeaders.append(name.toLowerCase(Locale.ROOT)).append(':')
                    .append(value.trim().toLowerCase(Locale.ROOT)).append('\n');
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String query = "POST".equals(method) ? "" : nullToEmpty(exchange.getRequestURI().getRawQuery());
        String canonicalRequest = method + "\n/\n" + query + "\n" + canonicalHeaders + "\n" + signedHeaders + "\n"
                + sha256Hex(body);
        String stringToSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + date + "/" + service + "/tc3_request\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        String expected = signature(secretKey, date, service, stringToSign);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return reject("AuthFailure.SignatureFailure");
        }
        return null;
    }

    private String[] validate(TencentCall call, JsonNode json) {
        String action = call.action();
        if (action == null || action.isBlank()) {
            return new String[] {"MissingParameter", "The request is missing a required parameter `X-TC-Action`."};
        }
        if (!"SendSms".equals(action) && !TencentPulledStatuses.ACTION.equals(action)
                && !TEMPLATE_LIST.equals(action)) {
            return new String[] {"InvalidAction", "The action `" + action + "` is not supported."};
        }
        if (!VERSION.equals(call.version())) {
            return new String[] {"NoSuchVersion", "The API version `" + call.version() + "` does not exist."};
        }
        if (TEMPLATE_LIST.equals(action)) {
            JsonNode ids = json == null ? null : json.get("TemplateIdSet");
            return ids == null || !ids.isArray() || ids.isEmpty()
                    ? new String[] {"MissingParameter", "The request is missing a required parameter `TemplateIdSet`."}
                    : null;
        }
        if (TencentPulledStatuses.ACTION.equals(action)) {
            String appId = smsSdkAppId;
            String[] invalid = pulls.validate(json);
            return invalid != null || appId == null || appId.equals(text(json, "SmsSdkAppId")) ? invalid
                    : reject("UnauthorizedOperation.SmsSdkAppIdVerifyFail");
        }
        if (json == null || !json.isObject()) {
            return new String[] {"InvalidParameter", "The request body is not a valid JSON object."};
        }
        for (String name : List.of("PhoneNumberSet", "SmsSdkAppId", "TemplateId")) {
            JsonNode n = json.get(name);
            if (n == null || n.isNull() || (n.isString() && n.asString().isBlank()) || (n.isArray() && n.isEmpty())) {
                return new String[] {"MissingParameter", "The request is missing a required parameter `" + name + "`."};
            }
        }
        if (!json.get("PhoneNumberSet").isArray() || call.phoneNumbers().size() != json.get("PhoneNumberSet").size()) {
            return new String[] {"InvalidParameter", "PhoneNumberSet must be an array of strings."};
        }
        if (call.phoneNumbers().size() > 200) {
            return reject("LimitExceeded.PhoneNumberCountLimit");
        }
        JsonNode params = json.get("TemplateParamSet");
        if (params != null && !params.isNull()
                && (!params.isArray() || call.templateParams().size() != params.size())) {
            return new String[] {"InvalidParameterValue.TemplateParameterFormatError", "TemplateParamSet must be an array of strings."};
        }
        String appId = smsSdkAppId;
        if (appId != null && !appId.equals(call.smsSdkAppId())) {
            return reject("UnauthorizedOperation.SmsSdkAppIdVerifyFail");
        }
        boolean mainland = call.phoneNumbers().stream().map(TencentSmsSimulator::e164).anyMatch(p -> p.startsWith("+86"));
        if (mainland && (call.signName() == null || call.signName().isBlank())) {
            return reject("FailedOperation.MissingSignature");
        }
        if (!signNames.isEmpty() && call.signName() != null && !signNames.contains(call.signName())) {
            return reject("FailedOperation.SignatureIncorrectOrUnapproved");
        }
        if (!templates.isEmpty()) {
            Integer count = templates.get(call.templateId());
            if (count == null || !reviews.sendable(call.templateId())) {
                return reject("FailedOperation.TemplateIncorrectOrUnapproved");
            }
            if (count != call.templateParams().size()) {
                return reject("FailedOperation.TemplateParamSetNotMatchApprovedTemplate");
            }
        }
        return null;
    }

    private static TencentCall describe(String requestId, Map<String, String> headers, String body, JsonNode json,
                                        Instant arrivedAt) {
        return new TencentCall(requestId, headers.get("X-TC-Action"), headers.get("X-TC-Version"),
                headers.get("X-TC-Region"), secretIdOf(headers.get("Authorization")), strings(json, "PhoneNumberSet"),
                text(json, "SmsSdkAppId"), text(json, "SignName"), text(json, "TemplateId"),
                strings(json, "TemplateParamSet"), text(json, "SessionContext"), text(json, "ExtendCode"),
                text(json, "SenderId"), Collections.unmodifiableMap(headers), body, arrivedAt, false, 0, null,
                Map.of(), null);
    }

    // ---- TC3-HMAC-SHA256 ----

    static String signature(String secretKey, String date, String service, String stringToSign) {
        byte[] secretDate = hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] secretService = hmac(secretDate, service);
        byte[] secretSigning = hmac(secretService, "tc3_request");
        return HexFormat.of().formatHex(hmac(secretSigning, stringToSign));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers ----

    /** E.164 as Tencent answers it: {@code 13800138000} → {@code +8613800138000}, {@code 0044…} → {@code +44…}. */
    static String e164(String phone) {
        String p = phone == null ? "" : phone.trim().replace(" ", "").replace("-", "");
        if (p.startsWith("00")) {
            return "+" + p.substring(2);
        }
        if (MAINLAND.matcher(p).matches()) {
            return "+86" + p;
        }
        return p;
    }

    /** The country code of an E.164 number without its {@code +} ({@code +85291234567} → {@code 852}). */
    static String countryCode(String e164) {
        for (int len = 4; len >= 2; len--) {
            if (e164.length() > len && ISO_CODES.containsKey(e164.substring(0, len))) {
                return e164.substring(1, len);
            }
        }
        return e164.substring(1, 3);
    }

    private static String isoCode(String e164) {
        for (int len = 4; len >= 2; len--) {
            if (e164.length() > len) {
                String iso = ISO_CODES.get(e164.substring(0, len));
                if (iso != null) {
                    return iso;
                }
            }
        }
        return "";
    }

    private static String[] reject(String code) {
        return new String[] {code, MESSAGES.get(code)};
    }

    private static String message(String code, String explicit) {
        return explicit != null ? explicit : MESSAGES.getOrDefault(code, code);
    }

    private static String error(String requestId, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("Code", code);
        error.put("Message", message);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Error", error);
        response.put("RequestId", requestId);
        return EventJson.mapper().writeValueAsString(Map.of("Response", response));
    }

    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return EventJson.mapper().readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json == null ? null : json.get(field);
        return n == null || n.isNull() ? null : n.asString();
    }

    private static List<String> strings(JsonNode json, String field) {
        JsonNode n = json == null ? null : json.get(field);
        if (n == null || !n.isArray()) {
            return List.of();
        }
        List<String> list = new ArrayList<>();
        for (JsonNode item : n) {
            if (item.isString()) {
                list.add(item.asString());
            }
        }
        return List.copyOf(list);
    }

    private static String secretIdOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        int i = authorization.indexOf("Credential=");
        int j = i < 0 ? -1 : authorization.indexOf('/', i);
        return i < 0 || j < 0 ? null : authorization.substring(i + "Credential=".length(), j);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
