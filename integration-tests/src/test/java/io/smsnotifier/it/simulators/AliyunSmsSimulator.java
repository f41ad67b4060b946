package io.smsnotifier.it.simulators;

import com.sun.net.httpserver.HttpExchange;
import io.smsnotifier.events.EventJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alibaba Cloud SMS (dysmsapi, RPC style, Version 2017-05-25) as {@code aliyun-java-sdk-core} 4.7.x +
 * {@code aliyun-java-sdk-dysmsapi} 2.2.x call it over plain HTTP.
 *
 * <h2>SDK setup that works against it (copy into the adapter)</h2>
 * <pre>{@code
 * DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou", accessKeyId, accessSecret);
 * HttpClientConfig http = HttpClientConfig.getDefault();      // see the singleton caveat below
 * http.setProtocolType(ProtocolType.HTTP);
 * http.setConnectionTimeoutMillis(2_000);
 * http.setReadTimeoutMillis(5_000);
 * profile.setHttpClientConfig(http);
 * DefaultAcsClient client = new DefaultAcsClient(profile);
 * client.setSysRetryPolicy(RetryPolicy.none());               // already the default in 4.7.x; SendSms is not idempotent
 *
 * SendSmsRequest request = new SendSmsRequest();
 * request.setSysEndpoint(simulator.endpoint());               // "127.0.0.1:<port>"; production: "dysmsapi.aliyuncs.com"
 * request.setSysProtocol(ProtocolType.HTTP);                   // production: HTTPS
 * request.setSysConnectTimeout(2_000);                         // per request: these always apply
 * request.setSysReadTimeout(5_000);
 * request.setPhoneNumbers("13800138000,13900139000");
 * request.setSignName("MyCompany");
 * request.setTemplateCode("SMS_123456789");
 * request.setTemplateParam("{\"userNick\":\"Alice\"}");
 * request.setOutId(ledgerId);
 * SendSmsResponse response = client.getAcsResponse(request);   // check "OK".equals(response.getCode())
 * }</pre>
 * What the SDK sends (read from the 4.7.10 sources and checked here): {@code SendSms}, {@code SendBatchSms} and
 * {@code QuerySendDetails} are {@code POST /?<all parameters, signed>} with an <em>empty body</em> — every
 * parameter, business ones included, travels in the query string; signature V1 (HMAC-SHA1) over method
 * {@code POST}. The simulator also takes parameters from an {@code application/x-www-form-urlencoded} body and from
 * GET, as the real gateway does.
 *
 * <p>SDK caveats found in the sources: {@code DefaultAcsClient.setAutoRetry/setMaxRetryNumber} are deprecated and
 * have <em>no effect</em> ("Now maxRetryNumber and autoRetry has no effect"); retries come only from a
 * {@code RetryPolicy}, and the default is {@code RetryPolicy.none()}; the Apache client is built with
 * {@code DefaultHttpRequestRetryHandler(0, false)}. The default HTTP client ({@code ApacheHttpClient}) is a
 * <em>JVM-wide singleton</em>: the {@code HttpClientConfig} of the first {@code DefaultAcsClient} created in the JVM
 * fixes the pool (128 connections) and default timeouts (5 s connect, 10 s read) for every later client — so set
 * timeouts per request ({@code setSysConnectTimeout}/{@code setSysReadTimeout}), which always apply.
 *
 * <h2>What it checks, in the gateway's order</h2>
 * Common parameters ({@code Missing<Name>}, HTTP 400), {@code Version} ({@code InvalidVersion}, 400),
 * {@code Action} ({@code InvalidAction.NotFound}, 404), {@code AccessKeyId} ({@code InvalidAccessKeyId.NotFound},
 * 404), {@code SignatureMethod}/{@code SignatureVersion} (400), {@code Timestamp} format and ±15 min
 * ({@code InvalidTimeStamp.Format} / {@code InvalidTimeStamp.Expired}, 400), nonce reuse
 * ({@code SignatureNonceUsed}, 400), then the signature ({@code SignatureDoesNotMatch}, 400, with the real
 * message that echoes {@code server string to sign is:<StringToSign>}). Then the action's parameters:
 * {@code MissingPhoneNumbers}/{@code MissingSignName}/{@code MissingTemplateCode} (400), and business errors on
 * HTTP 200: {@code isv.MOBILE_COUNT_OVER_LIMIT} (&gt;1,000 numbers, &gt;100 for batch),
 * {@code isv.MOBILE_NUMBER_ILLEGAL}, {@code isv.INVALID_JSON_PARAM} (TemplateParam not a JSON object of strings),
 * {@code isv.INVALID_PARAMETERS}, and, when templates/sign names are registered, {@code isv.SMS_TEMPLATE_ILLEGAL},
 * {@code isv.TEMPLATE_MISSING_PARAMETERS}, {@code isv.SMS_SIGNATURE_ILLEGAL}. Only calls that pass all of that
 * are subject to the programmed {@link Behaviour} (for {@code SendSms}/{@code SendBatchSms}; {@code QuerySendDetails}
 * only through {@link #behaviour(java.util.function.Function)}, never through {@code failNext}).
 *
 * <p><b>Surprise:</b> because the real message echoes the server's StringToSign, the SDK compares it with its own
 * and, when equal (i.e. the only difference is the secret), throws {@code ClientException} with error code
 * {@code SDK.InvalidAccessKeySecret} instead of {@code SignatureDoesNotMatch}. {@link #echoStringToSign(boolean)}
 * {@code false} answers without the echo (then the SDK surfaces {@code SignatureDoesNotMatch}). The echo contains
 * the AccessKeyId and all parameters (phones, template params): adapters must not log the message.
 * Codes whose exact spelling could not be confirmed offline: {@code InvalidSignatureMethod},
 * {@code InvalidSignatureVersion}, the {@code Missing<Common parameter>} family (the pattern is the gateway's).
 */
public final class AliyunSmsSimulator extends SimulatorServer<AliyunSmsSimulator.AliyunCall> {

    public static final String DEFAULT_ACCESS_KEY_ID = "LTAI5tSimulatorKeyId";
    public static final String DEFAULT_ACCESS_SECRET = "simulator-access-secret";
    public static final String VERSION = "2017-05-25";

    private static final String JSON = "application/json;charset=utf-8";
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(CHINA);
    private static final DateTimeFormatter SEND_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final Pattern PHONE = Pattern.compile("(\\+|00)?\\d{6,20}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");
    private static final Set<String> ACTIONS = Set.of("SendSms", "SendBatchSms", "QuerySendDetails",
            "QuerySmsTemplate");
    private static final Duration TIMESTAMP_TOLERANCE = Duration.ofMinutes(15);

    /** Messages the real service gives for its business codes (as far as known). */
    private static final Map<String, String> MESSAGES = Map.ofEntries(
            Map.entry("OK", "OK"),
            Map.entry("isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1"),
            Map.entry("isv.DAY_LIMIT_CONTROL", "触发日发送限额"),
            Map.entry("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号"),
            Map.entry("isv.MOBILE_COUNT_OVER_LIMIT", "手机号码数量超过限制"),
            Map.entry("isv.AMOUNT_NOT_ENOUGH", "账户余额不足"),
            Map.entry("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板"),
            Map.entry("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名"),
            Map.entry("isv.TEMPLATE_MISSING_PARAMETERS", "模板缺少变量"),
            Map.entry("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值"),
            Map.entry("isv.INVALID_PARAMETERS", "参数异常"),
            Map.entry("isv.BLACK_KEY_CONTROL_LIMIT", "黑名单管控"),
            Map.entry("isv.OUT_OF_SERVICE", "业务停机"),
            Map.entry("isv.PARAM_LENGTH_LIMIT", "参数超出长度限制"),
            Map.entry("isp.SYSTEM_ERROR", "系统错误"),
            Map.entry("ServiceUnavailable", "The request has failed due to a temporary failure of the server."),
            Map.entry("InternalError", "The request processing has failed due to some unknown error, exception or failure."),
            Map.entry("Throttling", "Request was denied due to request throttling."));

    /**
     * One HTTP call as the simulator saw it. For {@code SendBatchSms}, {@code phoneNumbers}, {@code signNames} and
     * {@code templateParamList} are parallel lists and {@code signName}/{@code templateParams} are those of the
     * first entry; for {@code SendSms} the lists hold the one sign name / parameter map for every number.
     *
     * @param accepted   the vendor took the messages (they appear in QuerySendDetails)
     * @param httpStatus the status answered (0 when the connection was closed / no answer)
     * @param code       the {@code Code} answered ({@code null} when no body)
     */
    public record AliyunCall(String requestId, String httpMethod, String action, String accessKeyId,
                             List<String> phoneNumbers, String signName, String templateCode,
                             Map<String, String> templateParams, String outId, List<String> signNames,
                             List<Map<String, String>> templateParamList, Map<String, String> parameters,
                             Instant arrivedAt, boolean accepted, int httpStatus, String code, String bizId,
                             Behaviour behaviour) {

        AliyunCall outcome(boolean accepted, int httpStatus, String code, String bizId, Behaviour behaviour) {
            return new AliyunCall(requestId, httpMethod, action, accessKeyId, phoneNumbers, signName, templateCode,
                    templateParams, outId, signNames, templateParamList, parameters, arrivedAt, accepted, httpStatus,
                    code, bizId, behaviour);
        }

        public boolean isSend() {
            return "SendSms".equals(action) || "SendBatchSms".equals(action);
        }
    }

    /**
     * One accepted message (one number of an accepted call), what QuerySendDetails reports to the account that
     * sent it ({@code account}: the key's account, see {@link #anotherAccount}).
     */
    public record SentMessage(String phoneNumber, String signName, String templateCode, Map<String, String> templateParams,
                              String outId, String bizId, String content, Instant sentAt, String account) {
    }

    /** The account of the keys given without {@link #anotherAccount}. */
    private static final String MAIN_ACCOUNT = "main";

    private record Template(List<String> params, String content) {
    }

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    /** Keys of other accounts, by key id: their messages are listed only to their own account. */
    private final Map<String, String> accounts = new ConcurrentHashMap<>();
    private final Map<String, Instant> nonces = new ConcurrentHashMap<>();
    /**
     * The nonces in the order they arrived, so that forgetting the expired ones costs only those: scanning the
     * whole map on every request once it is large made the simulator itself the bottleneck of long benchmarks.
     */
    private final java.util.Queue<Map.Entry<String, Instant>> nonceOrder =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<String, Template> templates = new ConcurrentHashMap<>();
    private final Set<String> signNames = ConcurrentHashMap.newKeySet();
    private final List<SentMessage> sent = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong bizSequence = new AtomicLong(100_000);
    private volatile boolean echoStringToSign = true;

    public AliyunSmsSimulator() {
        this(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_SECRET);
    }

    public AliyunSmsSimulator(String accessKeyId, String accessSecret) {
        super("aliyun-sms-sim");
        secrets.put(accessKeyId, accessSecret);
    }

    /** Another valid key pair (e.g. a second configured service). */
    public AliyunSmsSimulator credentials(String accessKeyId, String accessSecret) {
        secrets.put(accessKeyId, accessSecret);
        return this;
    }

    /**
     * A key pair of another Alibaba Cloud account: {@code QuerySendDetails} with it lists only what that account
     * sent, and the other keys' queries do not list what it sent, as the real service scopes listings by account.
     */
    public AliyunSmsSimulator anotherAccount(String accessKeyId, String accessSecret) {
        secrets.put(accessKeyId, accessSecret);
        accounts.put(accessKeyId, "account-of-" + accessKeyId);
        return this;
    }

    private String accountOf(String accessKeyId) {
        return accounts.getOrDefault(accessKeyId, MAIN_ACCOUNT);
    }

    /**
     * Registers a template: once any is registered, unknown codes answer {@code isv.SMS_TEMPLATE_ILLEGAL} and
     * missing parameters {@code isv.TEMPLATE_MISSING_PARAMETERS}. {@code content} may use {@code ${name}}; it renders
     * the {@code Content} of QuerySendDetails. Survives {@link #reset()}.
     */
    public AliyunSmsSimulator template(String templateCode, String content) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(content);
        while (m.find()) {
            names.add(m.group(1));
        }
        templates.put(templateCode, new Template(List.copyOf(names), content));
        return this;
    }

    /** Registers an approved sign name: once any is registered, others answer {@code isv.SMS_SIGNATURE_ILLEGAL}. */
    public AliyunSmsSimulator signName(String signName) {
        signNames.add(signName);
        return this;
    }

    /** Whether {@code SignatureDoesNotMatch} echoes the server's StringToSign, as the real service does (default). */
    public AliyunSmsSimulator echoStringToSign(boolean echo) {
        this.echoStringToSign = echo;
        return this;
    }

    // ---- assertions ----

    /** Accepted send calls ({@code SendSms}/{@code SendBatchSms} the vendor took). */
    public List<AliyunCall> accepted() {
        return requests(c -> c.isSend() && c.accepted());
    }

    /** Accepted send calls that include {@code phone} (as sent, e.g. {@code 13800138000}). */
    public List<AliyunCall> sentTo(String phone) {
        return requests(c -> c.isSend() && c.accepted() && c.phoneNumbers().contains(phone));
    }

    /** Every accepted message, one per number. */
    public List<SentMessage> sentMessages() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** Accepted messages with this OutId ("did the message with OutId X reach the vendor?"). */
    public List<SentMessage> sentWithOutId(String outId) {
        return sentMessages().stream().filter(m -> outId.equals(m.outId())).toList();
    }

    // ---- template reviews (QuerySmsTemplate, issue 20 item 7) ----

    private final TemplateReviewStates reviews = new TemplateReviewStates();

    /** What the reviewers decided of each template (approved unless set); the questions the worker asked. */
    public TemplateReviewStates reviews() {
        return reviews;
    }

    /**
     * {@code QuerySmsTemplate}: {@code TemplateStatus} 0 in review, 1 approved, 2 rejected with {@code Reason}; a
     * code not registered (once any is) answers {@code isv.SMS_TEMPLATE_ILLEGAL}. Signed and checked as every
     * action, not recorded in {@link #requests()}.
     */
    private void answerTemplateQuery(HttpExchange exchange, String requestId, Map<String, String> params)
            throws IOException {
        String code = params.get("TemplateCode");
        if (isBlank(code)) {
            respond(exchange, 400, JSON, error(requestId, "MissingTemplateCode", "TemplateCode is mandatory for this action."));
            return;
        }
        reviews.asked(code);
        Template template = templates.get(code);
        if (!templates.isEmpty() && template == null) {
            respond(exchange, 200, JSON, json(ordered("Message", MESSAGES.get("isv.SMS_TEMPLATE_ILLEGAL"),
                    "RequestId", requestId, "Code", "isv.SMS_TEMPLATE_ILLEGAL")));
            return;
        }
        TemplateReviewStates.Review review = reviews.of(code);
        int status = switch (review.state()) {
            case IN_REVIEW -> 0;
            case APPROVED -> 1;
            case REJECTED -> 2;
        };
        respond(exchange, 200, JSON, json(ordered("TemplateStatus", status, "RequestId", requestId,
                "TemplateContent", template == null ? "" : template.content(), "TemplateName", code,
                "TemplateType", 0, "TemplateCode", code, "CreateDate", "2026-01-01 00:00:00",
                "Reason", review.state() == TemplateReviewStates.State.REJECTED ? review.reason() : "",
                "Message", "OK", "Code", "OK")));
    }

    @Override
    protected void onReset() {
        reviews.reset();
        reports.reset();
        handsetReports.clear();
        reportsWaiting = false;
        sent.clear();
        nonces.clear();
        nonceOrder.clear();
        echoStringToSign = true;
    }

    // ---- delivery receipts (SmsReport push, issue 20): see AliyunReportPusher ----

    private final AliyunReportPusher reports = new AliyunReportPusher();

    /**
     * After each accepted send, push its reports to {@code url} (a worker's receipt address) as the vendor does:
     * before the send's own answer when that answer is slowed by a {@link Behaviour}; null stops. Reset clears it.
     */
    public AliyunSmsSimulator reportTo(String url) {
        reports.url(url);
        return this;
    }

    /** What the pushes do (undelivered numbers, repeats) and what they got. */
    public AliyunReportPusher reports() {
        return reports;
    }

    // ---- handset reports as QuerySendDetails lists them (pulled receipts, issue 20) ----

    private record HandsetReport(boolean delivered, String errCode, Instant at) {
    }

    /** By number as sent ({@code 13800138000}). */
    private final Map<String, HandsetReport> handsetReports = new ConcurrentHashMap<>();
    private volatile boolean reportsWaiting;

    /**
     * From now on QuerySendDetails lists messages without a mark as waiting for their report ({@code SendStatus}
     * 1), as the vendor does until the carrier reports; by default they are listed delivered. Reset ends it.
     */
    public AliyunSmsSimulator reportsWaiting() {
        this.reportsWaiting = true;
        return this;
    }

    /** The messages to {@code phone} (as sent) are listed delivered: {@code SendStatus} 3, {@code DELIVERED}. */
    public AliyunSmsSimulator markDelivered(String phone) {
        handsetReports.put(phone, new HandsetReport(true, "DELIVERED", Instant.now()));
        return this;
    }

    /** The messages to {@code phone} (as sent) are listed failed: {@code SendStatus} 2 with {@code errCode}. */
    public AliyunSmsSimulator markFailed(String phone, String errCode) {
        handsetReports.put(phone, new HandsetReport(false, errCode, Instant.now()));
        return this;
    }

    /** QuerySendDetails calls that asked about {@code phone} (as sent). */
    public List<AliyunCall> queriesAbout(String phone) {
        return requests(c -> "QuerySendDetails".equals(c.action()) && c.phoneNumbers().contains(phone));
    }

    // ---- protocol ----

    @Override
    protected void handle(HttpExchange exchange, Instant arrivedAt) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        byte[] body = readBody(exchange);
        Map<String, String> params = new LinkedHashMap<>();
        parseForm(exchange.getRequestURI().getRawQuery(), params);
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (body.length > 0 && contentType != null && contentType.toLowerCase(Locale.ROOT).contains("x-www-form-urlencoded")) {
            parseForm(new String(body, StandardCharsets.UTF_8), params);
        }
        String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        AliyunCall call = describe(requestId, method, params, arrivedAt);

        if ("QuerySmsTemplate".equals(call.action())) {
            notARateRequest(arrivedAt);
        }
        Rejection rejection = authenticate(method, params);
        if (rejection == null && "QuerySmsTemplate".equals(call.action())) {
            answerTemplateQuery(exchange, requestId, params);
            return;
        }
        if (rejection == null) {
            rejection = validate(call);
        }
        if (rejection != null) {
            // A refused template review query is not recorded either: the worker polls reviews on its own
            // schedule, and tests that count requests mean the sends (a service with a bad secret in the shared
            // context made "no request reached Alibaba Cloud" fail when its poll came first).
            if (!"QuerySmsTemplate".equals(call.action())) {
                record(call.outcome(false, rejection.status, rejection.code, null, null));
            }
            respond(exchange, rejection.status, JSON, error(requestId, rejection.code, rejection.message));
            return;
        }
        if ("QuerySendDetails".equals(call.action())) {
            answerQuery(exchange, call, params);
            return;
        }
        Behaviour behaviour = decide(call);
        answerSend(exchange, call, behaviour);
    }

    private void answerSend(HttpExchange exchange, AliyunCall call, Behaviour behaviour) throws IOException {
        String requestId = call.requestId();
        switch (behaviour.kind()) {
            case SUCCESS -> {
                String bizId = accept(call);
                record(call.outcome(true, 200, "OK", bizId, behaviour));
                finish(exchange, behaviour, 200, JSON, json(ordered(
                        "Message", "OK", "RequestId", requestId, "Code", "OK", "BizId", bizId)));
            }
            case PER_NUMBER -> {
                String failing = call.phoneNumbers().stream()
                        .map(p -> behaviour.perNumberCodes().get(p)).filter(c -> c != null).findFirst().orElse(null);
                if (failing == null) {
                    answerSend(exchange, call, Behaviour.success().after(behaviour.delay()));
                    return;
                }
                answerSend(exchange, call, Behaviour.vendorError(failing).after(behaviour.delay()));
            }
            case VENDOR_ERROR -> {
                record(call.outcome(false, 200, behaviour.code(), null, behaviour));
                finish(exchange, behaviour, 200, JSON, json(ordered("Message", messageFor(behaviour.code(), behaviour.message()),
                        "RequestId", requestId, "Code", behaviour.code())));
            }
            case HTTP_ERROR -> {
                String code = behaviour.code() != null ? behaviour.code() : defaultCode(behaviour.httpStatus());
                String bizId = behaviour.isDeliveredAnyway() ? accept(call) : null;
                record(call.outcome(behaviour.isDeliveredAnyway(), behaviour.httpStatus(), code, bizId, behaviour));
                finish(exchange, behaviour, behaviour.httpStatus(), JSON, error(requestId, code, messageFor(code, behaviour.message())));
            }
            case NO_ANSWER, CLOSE_CONNECTION -> {
                String bizId = behaviour.isDeliveredAnyway() ? accept(call) : null;
                record(call.outcome(behaviour.isDeliveredAnyway(), 0, null, bizId, behaviour));
                finish(exchange, behaviour, 0, null, null);
            }
        }
    }

    private void answerQuery(HttpExchange exchange, AliyunCall call, Map<String, String> params) throws IOException {
        Behaviour behaviour = decideQuery(call);
        if (behaviour.kind() != Behaviour.Kind.SUCCESS) {
            answerSend(exchange, call, behaviour.kind() == Behaviour.Kind.PER_NUMBER ? Behaviour.success() : behaviour);
            return;
        }
        String phone = params.get("PhoneNumber");
        String sendDate = params.get("SendDate");
        String bizId = params.get("BizId");
        int pageSize = Integer.parseInt(params.get("PageSize"));
        int currentPage = Integer.parseInt(params.get("CurrentPage"));
        List<SentMessage> matching = sentMessages().stream()
                .filter(m -> m.phoneNumber().equals(phone))
                .filter(m -> m.account().equals(accountOf(call.accessKeyId())))
                .filter(m -> SEND_DATE.format(m.sentAt().atZone(CHINA)).equals(sendDate))
                .filter(m -> bizId == null || bizId.isEmpty() || bizId.equals(m.bizId()))
                .toList();
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = (currentPage - 1) * pageSize; i < Math.min(matching.size(), currentPage * pageSize); i++) {
            SentMessage m = matching.get(i);
            page.add(detail(m));
        }
        record(call.outcome(false, 200, "OK", null, behaviour));
        finish(exchange, behaviour, 200, JSON, json(ordered("TotalCount", matching.size(), "Message", "OK",
                "RequestId", call.requestId(), "SmsSendDetailDTOs", Map.of("SmsSendDetailDTO", page), "Code", "OK")));
    }

    /**
     * One {@code SmsSendDetailDTO}: {@code SendStatus} 3 with {@code ErrCode} and {@code ReceiveDate} for a message
     * marked delivered, 2 for one marked failed, 1 (waiting, neither field) for an unmarked one while
     * {@link #reportsWaiting()} is on; otherwise delivered a second after it was sent, as before.
     */
    private Map<String, Object> detail(SentMessage m) {
        HandsetReport report = handsetReports.get(m.phoneNumber());
        if (report == null && !reportsWaiting) {
            report = new HandsetReport(true, "DELIVERED", m.sentAt().plusSeconds(1));
        }
        Map<String, Object> detail = ordered("PhoneNum", m.phoneNumber(), "SendStatus",
                report == null ? 1 : report.delivered() ? 3 : 2, "TemplateCode", m.templateCode(), "Content",
                m.content(), "SendDate", DATE_TIME.format(m.sentAt()), "OutId", m.outId());
        if (report != null) {
            detail.put("ErrCode", report.errCode());
            detail.put("ReceiveDate", DATE_TIME.format(report.at().isBefore(m.sentAt()) ? m.sentAt() : report.at()));
        }
        return detail;
    }

    private Behaviour decideQuery(AliyunCall call) {
        // failNext is for sends; a behaviour function may still script queries.
        return decideByFunction(call);
    }

    private String accept(AliyunCall call) {
        String bizId = bizSequence.incrementAndGet() + "" + (System.nanoTime() % 1_000_000_000L) + "^0";
        Instant now = call.arrivedAt();
        for (int i = 0; i < call.phoneNumbers().size(); i++) {
            String sign = call.signNames().get(Math.min(i, call.signNames().size() - 1));
            Map<String, String> p = call.templateParamList().isEmpty() ? Map.of()
                    : call.templateParamList().get(Math.min(i, call.templateParamList().size() - 1));
            sent.add(new SentMessage(call.phoneNumbers().get(i), sign, call.templateCode(), p, call.outId(), bizId,
                    render(sign, call.templateCode(), p), now, accountOf(call.accessKeyId())));
        }
        reports.accepted(call.phoneNumbers(), bizId, call.outId(), now);
        return bizId;
    }

    private String render(String sign, String templateCode, Map<String, String> params) {
        Template template = templates.get(templateCode);
        String text;
        if (template == null) {
            text = templateCode + " " + json(new TreeMap<>(params));
        } else {
            Matcher m = PLACEHOLDER.matcher(template.content());
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(sb, Matcher.quoteReplacement(params.getOrDefault(m.group(1), "")));
            }
            m.appendTail(sb);
            text = sb.toString();
        }
        return "【" + sign + "】" + text;
    }

    private record Rejection(int status, String code, String message) {
    }

    private Rejection authenticate(String method, Map<String, String> params) {
        for (String name : List.of("Action", "Version", "AccessKeyId", "Signature", "SignatureMethod",
                "SignatureVersion", "SignatureNonce", "Timestamp")) {
            if (isBlank(params.get(name))) {
                return new Rejection(400, "Missing" + name, name + " is mandatory for this action.");
            }
        }
        if (!VERSION.equals(params.get("Version"))) {
            return new Rejection(400, "InvalidVersion", "Specified parameter Version is not valid.");
        }
        if (!ACTIONS.contains(params.get("Action"))) {
            return new Rejection(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
        }
        String secret = secrets.get(params.get("AccessKeyId"));
        if (secret == null) {
            return new Rejection(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        if (!"HMAC-SHA1".equals(params.get("SignatureMethod"))) {
            return new Rejection(400, "InvalidSignatureMethod", "Specified signature method is not supported.");
        }
        if (!"1.0".equals(params.get("SignatureVersion"))) {
            return new Rejection(400, "InvalidSignatureVersion", "Specified signature version is not supported.");
        }
        String timestamp = params.get("Timestamp");
        Instant at;
        try {
            if (!TIMESTAMP.matcher(timestamp).matches()) {
                throw new DateTimeParseException("format", timestamp, 0);
            }
            at = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return new Rejection(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
        }
        if (Duration.between(at, Instant.now()).abs().compareTo(TIMESTAMP_TOLERANCE) > 0) {
            return new Rejection(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        }
        String stringToSign = stringToSign(method, params);
        String expected = sign(secret, stringToSign);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                params.get("Signature").getBytes(StandardCharsets.UTF_8))) {
            return new Rejection(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation."
                    + (echoStringToSign ? " server string to sign is:" + stringToSign : ""));
        }
        String nonceKey = params.get("AccessKeyId") + "/" + params.get("SignatureNonce");
        Instant now = Instant.now();
        if (nonces.putIfAbsent(nonceKey, now) != null) {
            return new Rejection(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
        nonceOrder.add(Map.entry(nonceKey, now));
        Instant expired = now.minus(TIMESTAMP_TOLERANCE);
        for (Map.Entry<String, Instant> oldest; (oldest = nonceOrder.peek()) != null
                && oldest.getValue().isBefore(expired); ) {
            if (nonceOrder.remove(oldest)) {
                nonces.remove(oldest.getKey(), oldest.getValue());
            }
        }
        return null;
    }

    private Rejection validate(AliyunCall call) {
        Map<String, String> p = call.parameters();
        switch (call.action()) {
            case "SendSms" -> {
                Rejection missing = missing(p, "PhoneNumbers", "SignName", "TemplateCode");
                if (missing != null) {
                    return missing;
                }
                if (call.phoneNumbers().size() > 1000) {
                    return business("isv.MOBILE_COUNT_OVER_LIMIT");
                }
                if (call.templateParamList() == null) {
                    return business("isv.INVALID_JSON_PARAM");
                }
            }
            case "SendBatchSms" -> {
                Rejection missing = missing(p, "PhoneNumberJson", "SignNameJson", "TemplateCode");
                if (missing != null) {
                    return missing;
                }
                if (call.phoneNumbers() == null || call.signNames() == null || call.templateParamList() == null) {
                    return business("isv.INVALID_JSON_PARAM");
                }
                if (call.phoneNumbers().size() > 100) {
                    return business("isv.MOBILE_COUNT_OVER_LIMIT");
                }
                if (call.signNames().size() != call.phoneNumbers().size()
                        || (!call.templateParamList().isEmpty() && call.templateParamList().size() != call.phoneNumbers().size())) {
                    return business("isv.INVALID_PARAMETERS");
                }
            }
            case "QuerySendDetails" -> {
                Rejection missing = missing(p, "PhoneNumber", "SendDate", "PageSize", "CurrentPage");
                if (missing != null) {
                    return missing;
                }
                try {
                    LocalDate.parse(p.get("SendDate"), SEND_DATE);
                    int size = Integer.parseInt(p.get("PageSize"));
                    int page = Integer.parseInt(p.get("CurrentPage"));
                    if (size < 1 || size > 50 || page < 1) {
                        return business("isv.INVALID_PARAMETERS");
                    }
                } catch (DateTimeParseException | NumberFormatException e) {
                    return business("isv.INVALID_PARAMETERS");
                }
                return null;
            }
            default -> throw new IllegalStateException(call.action());
        }
        if (call.phoneNumbers().isEmpty() || call.phoneNumbers().stream().anyMatch(n -> !PHONE.matcher(n).matches())) {
            return business("isv.MOBILE_NUMBER_ILLEGAL");
        }
        if (!signNames.isEmpty() && call.signNames().stream().anyMatch(s -> !signNames.contains(s))) {
            return business("isv.SMS_SIGNATURE_ILLEGAL");
        }
        if (!templates.isEmpty()) {
            Template template = templates.get(call.templateCode());
            if (template == null || !reviews.sendable(call.templateCode())) {
                return business("isv.SMS_TEMPLATE_ILLEGAL");
            }
            for (Map<String, String> params : call.templateParamList().isEmpty() ? List.of(Map.<String, String>of())
                    : call.templateParamList()) {
                if (!params.keySet().containsAll(template.params())) {
                    return business("isv.TEMPLATE_MISSING_PARAMETERS");
                }
            }
        }
        return null;
    }

    private static Rejection missing(Map<String, String> params, String... names) {
        for (String name : names) {
            if (isBlank(params.get(name))) {
                return new Rejection(400, "Missing" + name, name + " is mandatory for this action.");
            }
        }
        return null;
    }

    private static Rejection business(String code) {
        return new Rejection(200, code, MESSAGES.get(code));
    }

    private static AliyunCall describe(String requestId, String method, Map<String, String> params, Instant arrivedAt) {
        String action = params.getOrDefault("Action", "");
        List<String> phones = List.of();
        String signName = null;
        List<String> signs = List.of();
        List<Map<String, String>> paramList = List.of();
        if ("SendSms".equals(action)) {
            String numbers = params.get("PhoneNumbers");
            phones = isBlank(numbers) ? List.of()
                    : java.util.Arrays.stream(numbers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            signName = params.get("SignName");
            signs = signName == null ? List.of() : List.of(signName);
            String tp = params.get("TemplateParam");
            Map<String, String> map = isBlank(tp) ? Map.of() : stringMap(tp);
            paramList = map == null ? null : List.of(map);
        } else if ("SendBatchSms".equals(action)) {
            phones = stringList(params.get("PhoneNumberJson"));
            signs = stringList(params.get("SignNameJson"));
            signName = signs == null || signs.isEmpty() ? null : signs.getFirst();
            String tpj = params.get("TemplateParamJson");
            if (isBlank(tpj)) {
                paramList = List.of();
            } else {
                paramList = mapList(tpj);
            }
        } else if ("QuerySendDetails".equals(action)) {
            phones = params.get("PhoneNumber") == null ? List.of() : List.of(params.get("PhoneNumber"));
        }
        Map<String, String> first = paramList == null || paramList.isEmpty() ? Map.of() : paramList.getFirst();
        return new AliyunCall(requestId, method, action, params.get("AccessKeyId"), phones, signName,
                params.get("TemplateCode"), first, params.get("OutId"), signs, paramList, Map.copyOf(params),
                arrivedAt, false, 0, null, null, null);
    }

    // ---- signature V1 ----

    /** {@code METHOD&%2F&percentEncode(sorted canonicalized query without Signature)}. */
    static String stringToSign(String method, Map<String, String> params) {
        TreeMap<String, String> sorted = new TreeMap<>(params);
        sorted.remove("Signature");
        StringBuilder canonical = new StringBuilder();
        sorted.forEach((k, v) -> canonical.append('&').append(percentEncode(k)).append('=').append(percentEncode(v)));
        return method + "&" + percentEncode("/") + "&" + percentEncode(canonical.length() == 0 ? "" : canonical.substring(1));
    }

    static String sign(String secret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String percentEncode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    // ---- helpers ----

    private static void parseForm(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(name, value);
        }
    }

    /** A JSON object whose values are all strings, else {@code null}. */
    private static Map<String, String> stringMap(String json) {
        try {
            return stringMap(EventJson.mapper().readTree(json));
        } catch (JacksonException e) {
            return null;
        }
    }

    private static Map<String, String> stringMap(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isString()) {
                return null;
            }
            map.put(e.getKey(), e.getValue().asString());
        }
        return Collections.unmodifiableMap(map);
    }

    private static List<String> stringList(String json) {
        if (isBlank(json)) {
            return List.of();
        }
        try {
            JsonNode node = EventJson.mapper().readTree(json);
            if (!node.isArray()) {
                return null;
            }
            List<String> list = new ArrayList<>();
            for (JsonNode n : node) {
                if (!n.isString()) {
                    return null;
                }
                list.add(n.asString());
            }
            return List.copyOf(list);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static List<Map<String, String>> mapList(String json) {
        try {
            JsonNode node = EventJson.mapper().readTree(json);
            if (!node.isArray()) {
                return null;
            }
            List<Map<String, String>> list = new ArrayList<>();
            for (JsonNode n : node) {
                Map<String, String> map = stringMap(n);
                if (map == null) {
                    return null;
                }
                list.add(map);
            }
            return List.copyOf(list);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String defaultCode(int status) {
        return switch (status) {
            case 503 -> "ServiceUnavailable";
            case 500 -> "InternalError";
            case 429 -> "Throttling";
            default -> status >= 500 ? "InternalError" : "InvalidParameter";
        };
    }

    private static String messageFor(String code, String explicit) {
        return explicit != null ? explicit : MESSAGES.getOrDefault(code, code);
    }

    private static String error(String requestId, String code, String message) {
        return json(ordered("RequestId", requestId, "Message", message,
                "Recommend", "https://api.aliyun.com/troubleshoot?q=" + code + "&product=Dysmsapi",
                "HostId", "dysmsapi.aliyuncs.com", "Code", code));
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static String json(Object value) {
        return EventJson.mapper().writeValueAsString(value);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
