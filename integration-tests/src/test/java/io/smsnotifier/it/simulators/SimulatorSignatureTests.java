package io.smsnotifier.it.simulators;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.auth.RpcSignatureComposer;
import com.aliyuncs.auth.signers.HmacSHA1Signer;
import com.aliyuncs.dysmsapi.model.v20170525.QuerySendDetailsRequest;
import com.aliyuncs.dysmsapi.model.v20170525.QuerySendDetailsResponse;
import com.aliyuncs.dysmsapi.model.v20170525.SendBatchSmsRequest;
import com.aliyuncs.dysmsapi.model.v20170525.SendBatchSmsResponse;
import com.aliyuncs.dysmsapi.model.v20170525.SendSmsRequest;
import com.aliyuncs.dysmsapi.model.v20170525.SendSmsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.policy.retry.RetryPolicy;
import com.aliyuncs.profile.DefaultProfile;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.sms.v20210111.SmsClient;
import com.tencentcloudapi.sms.v20210111.models.SendStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The simulators against the REAL vendor SDKs: what each SDK sends is what the simulator verifies, and how each
 * SDK surfaces every kind of answer (the adapters' error mapping depends on it).
 */
class SimulatorSignatureTests {

    private static AliyunSmsSimulator aliyun;
    private static TencentSmsSimulator tencent;
    private static WebhookReceiver webhook;

    @BeforeAll
    static void start() {
        aliyun = new AliyunSmsSimulator();
        tencent = new TencentSmsSimulator().smsSdkAppId("1400000000");
        webhook = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        aliyun.close();
        tencent.close();
        webhook.close();
    }

    @BeforeEach
    void resetSimulators() {
        aliyun.reset();
        tencent.reset();
        webhook.reset();
    }

    // ---------------------------------------------------------------- Aliyun

    /**
     * Aliyun SDK 4.7.10: {@code setAutoRetry(false)}/{@code setMaxRetryNumber(0)} exist on DefaultAcsClient but are
     * deprecated no-ops ("Now maxRetryNumber and autoRetry has no effect"); retries only come from a RetryPolicy,
     * whose default is {@code RetryPolicy.none()} — set explicitly here. NB: the Apache HTTP client behind it is a
     * JVM-wide singleton configured by the first profile, hence the per-request timeouts in {@link #aliyunSendSms}.
     */
    private static DefaultAcsClient aliyunClient(String accessKeyId, String secret) {
        DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou", accessKeyId, secret);
        HttpClientConfig http = HttpClientConfig.getDefault();
        http.setProtocolType(ProtocolType.HTTP);
        http.setConnectionTimeoutMillis(2_000);
        http.setReadTimeoutMillis(5_000);
        profile.setHttpClientConfig(http);
        DefaultAcsClient client = new DefaultAcsClient(profile);
        client.setSysRetryPolicy(RetryPolicy.none());
        return client;
    }

    private static DefaultAcsClient aliyunClient() {
        return aliyunClient(AliyunSmsSimulator.DEFAULT_ACCESS_KEY_ID, AliyunSmsSimulator.DEFAULT_ACCESS_SECRET);
    }

    private static SendSmsRequest aliyunSendSms(String endpoint, String phones, String outId) {
        SendSmsRequest request = new SendSmsRequest();
        request.setSysEndpoint(endpoint);
        request.setSysProtocol(ProtocolType.HTTP);
        request.setSysConnectTimeout(2_000);
        request.setSysReadTimeout(5_000);
        request.setPhoneNumbers(phones);
        request.setSignName("MyCompany");
        request.setTemplateCode("SMS_123456789");
        request.setTemplateParam("{\"userNick\":\"Alice\",\"processTitle\":\"Expense claim #42 & more*~\"}");
        request.setOutId(outId);
        return request;
    }

    @Test
    void aliyunSendSmsWithTheRightSecretIsAcceptedAndRecorded() throws Exception {
        SendSmsResponse response = aliyunClient().getAcsResponse(
                aliyunSendSms(aliyun.endpoint(), "13800138000,13900139000", "ledger-1"));

        assertThat(response.getCode()).isEqualTo("OK");
        assertThat(response.getBizId()).isNotBlank();
        assertThat(response.getRequestId()).isNotBlank();
        assertThat(aliyun.accepted()).singleElement().satisfies(call -> {
            assertThat(call.httpMethod()).isEqualTo("POST");
            assertThat(call.action()).isEqualTo("SendSms");
            assertThat(call.phoneNumbers()).containsExactly("13800138000", "13900139000");
            assertThat(call.signName()).isEqualTo("MyCompany");
            assertThat(call.templateCode()).isEqualTo("SMS_123456789");
            assertThat(call.templateParams()).containsEntry("userNick", "Alice")
                    .containsEntry("processTitle", "Expense claim #42 & more*~");
            assertThat(call.outId()).isEqualTo("ledger-1");
            assertThat(call.bizId()).isEqualTo(response.getBizId());
        });
        assertThat(aliyun.sentTo("13900139000")).hasSize(1);
        assertThat(aliyun.sentWithOutId("ledger-1")).hasSize(2);
    }

    @Test
    void aliyunSendSmsWithAWrongSecretIsRejectedAndNothingIsAccepted() {
        DefaultAcsClient wrong = aliyunClient(AliyunSmsSimulator.DEFAULT_ACCESS_KEY_ID, "not-the-secret");

        // The real message echoes the server's StringToSign; the SDK sees it equals its own and re-labels the error.
        ClientException echoed = catchThrowableOfType(ClientException.class,
                () -> wrong.getAcsResponse(aliyunSendSms(aliyun.endpoint(), "13800138000", "ledger-2")));
        assertThat(echoed).isNotInstanceOf(ServerException.class);
        assertThat(echoed.getErrCode()).isEqualTo("SDK.InvalidAccessKeySecret");

        aliyun.echoStringToSign(false);
        ClientException plain = catchThrowableOfType(ClientException.class,
                () -> wrong.getAcsResponse(aliyunSendSms(aliyun.endpoint(), "13800138000", "ledger-2")));
        assertThat(plain.getErrCode()).isEqualTo("SignatureDoesNotMatch");

        assertThat(aliyun.accepted()).isEmpty();
        assertThat(aliyun.requests()).hasSize(2).allSatisfy(call -> {
            assertThat(call.accepted()).isFalse();
            assertThat(call.httpStatus()).isEqualTo(400);
            assertThat(call.code()).isEqualTo("SignatureDoesNotMatch");
        });
    }

    @Test
    void aliyunUnknownAccessKeyIdIsNotFound() {
        ClientException e = catchThrowableOfType(ClientException.class, () -> aliyunClient("LTAI-unknown", "x")
                .getAcsResponse(aliyunSendSms(aliyun.endpoint(), "13800138000", "ledger-3")));
        assertThat(e.getErrCode()).isEqualTo("InvalidAccessKeyId.NotFound");
        assertThat(aliyun.accepted()).isEmpty();
    }

    @Test
    void aliyunMissingParameterIsAClientExceptionWithTheGatewayCode() {
        SendSmsRequest request = new SendSmsRequest();
        request.setSysEndpoint(aliyun.endpoint());
        request.setSysProtocol(ProtocolType.HTTP);
        request.setPhoneNumbers("13800138000");
        request.setTemplateCode("SMS_123456789");

        ClientException e = catchThrowableOfType(ClientException.class, () -> aliyunClient().getAcsResponse(request));
        assertThat(e).isNotInstanceOf(ServerException.class);
        assertThat(e.getErrCode()).isEqualTo("MissingSignName");
    }

    @Test
    void aliyunBusinessErrorOnHttp200ComesBackAsAResponseCodeNotAnException() throws Exception {
        aliyun.failNext(1, Behaviour.vendorError("isv.BUSINESS_LIMIT_CONTROL"));

        SendSmsResponse limited = aliyunClient().getAcsResponse(aliyunSendSms(aliyun.endpoint(), "13800138000", "l-5"));
        SendSmsResponse tooMany = aliyunClient().getAcsResponse(aliyunSendSms(aliyun.endpoint(),
                IntStream.range(0, 1001).mapToObj(i -> String.valueOf(13_800_000_000L + i)).collect(Collectors.joining(",")),
                "l-6"));

        assertThat(limited.getCode()).isEqualTo("isv.BUSINESS_LIMIT_CONTROL");
        assertThat(limited.getMessage()).isNotBlank();
        assertThat(tooMany.getCode()).isEqualTo("isv.MOBILE_COUNT_OVER_LIMIT");
        assertThat(aliyun.accepted()).isEmpty();
    }

    @Test
    void aliyunIllegalNumberFailsTheWholeRequest() throws Exception {
        aliyun.behaviour(call -> Behaviour.perNumber(Map.of("13900139000", "isv.MOBILE_NUMBER_ILLEGAL")));

        SendSmsResponse response = aliyunClient().getAcsResponse(
                aliyunSendSms(aliyun.endpoint(), "13800138000,13900139000", "l-7"));

        assertThat(response.getCode()).isEqualTo("isv.MOBILE_NUMBER_ILLEGAL");
        assertThat(aliyun.sentTo("13800138000")).isEmpty();
    }

    @Test
    void aliyunServerErrorSurfacesAsServerExceptionWithoutSdkRetries() {
        aliyun.failNext(1, Behaviour.httpError(503));

        ServerException e = catchThrowableOfType(ServerException.class,
                () -> aliyunClient().getAcsResponse(aliyunSendSms(aliyun.endpoint(), "13800138000", "l-8")));

        assertThat(e.getErrCode()).isEqualTo("ServiceUnavailable");
        assertThat(aliyun.requests()).hasSize(1);
    }

    @Test
    void aliyunNoAnswerSurfacesAsReadTimeoutAndQuerySendDetailsShowsItWasSent() throws Exception {
        aliyun.failNext(1, Behaviour.noAnswer().deliveredAnyway());
        SendSmsRequest request = aliyunSendSms(aliyun.endpoint(), "13800138000", "ledger-lost-answer");
        request.setSysReadTimeout(300);

        ClientException e = catchThrowableOfType(ClientException.class, () -> aliyunClient().getAcsResponse(request));
        assertThat(e.getErrCode()).isEqualTo("SDK.ReadTimeout");
        assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);

        QuerySendDetailsRequest query = new QuerySendDetailsRequest();
        query.setSysEndpoint(aliyun.endpoint());
        query.setSysProtocol(ProtocolType.HTTP);
        query.setPhoneNumber("13800138000");
        query.setSendDate(LocalDate.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.BASIC_ISO_DATE));
        query.setPageSize(10L);
        query.setCurrentPage(1L);
        QuerySendDetailsResponse details = aliyunClient().getAcsResponse(query);

        assertThat(details.getCode()).isEqualTo("OK");
        assertThat(details.getTotalCount()).isEqualTo("1");
        assertThat(details.getSmsSendDetailDTOs()).singleElement().satisfies(dto -> {
            assertThat(dto.getOutId()).isEqualTo("ledger-lost-answer");
            assertThat(dto.getSendStatus()).isEqualTo(3L);
            assertThat(dto.getTemplateCode()).isEqualTo("SMS_123456789");
            assertThat(dto.getContent()).startsWith("【MyCompany】");
        });
    }

    @Test
    void aliyunClosedConnectionAndRefusedConnectionSurfaceAsServerUnreachable() {
        aliyun.failNext(1, Behaviour.closeConnection());
        ClientException closed = catchThrowableOfType(ClientException.class,
                () -> aliyunClient().getAcsResponse(aliyunSendSms(aliyun.endpoint(), "13800138000", "l-9")));

        String deadEndpoint;
        try (AliyunSmsSimulator dead = new AliyunSmsSimulator()) {
            deadEndpoint = dead.endpoint();
        }
        ClientException refused = catchThrowableOfType(ClientException.class,
                () -> aliyunClient().getAcsResponse(aliyunSendSms(deadEndpoint, "13800138000", "l-10")));

        assertThat(closed.getErrCode()).isEqualTo("SDK.ServerUnreachable");
        assertThat(refused.getErrCode()).isEqualTo("SDK.ServerUnreachable");
        assertThat(aliyun.requests()).hasSize(1);
    }

    @Test
    void aliyunSendBatchSmsIsAcceptedWithParallelLists() throws Exception {
        SendBatchSmsRequest request = new SendBatchSmsRequest();
        request.setSysEndpoint(aliyun.endpoint());
        request.setSysProtocol(ProtocolType.HTTP);
        request.setPhoneNumberJson("[\"13800138000\",\"13900139000\"]");
        request.setSignNameJson("[\"MyCompany\",\"MyCompany\"]");
        request.setTemplateCode("SMS_123456789");
        request.setTemplateParamJson("[{\"userNick\":\"A\"},{\"userNick\":\"B\"}]");

        SendBatchSmsResponse response = aliyunClient().getAcsResponse(request);

        assertThat(response.getCode()).isEqualTo("OK");
        assertThat(aliyun.accepted()).singleElement().satisfies(call -> {
            assertThat(call.action()).isEqualTo("SendBatchSms");
            assertThat(call.phoneNumbers()).containsExactly("13800138000", "13900139000");
            assertThat(call.templateParamList()).containsExactly(Map.of("userNick", "A"), Map.of("userNick", "B"));
        });
    }

    @Test
    void aliyunAcceptsGetWithQueryAndPostWithFormBodySignedByTheSdkSigner() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> getParams = signedAliyunParams(MethodType.GET, "13800138000");
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(
                        URI.create("http://" + aliyun.endpoint() + "/?" + form(getParams))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        Map<String, String> postParams = signedAliyunParams(MethodType.POST, "13900139000");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://" + aliyun.endpoint() + "/"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(postParams))).build(),
                HttpResponse.BodyHandlers.ofString());

        Map<String, String> tampered = signedAliyunParams(MethodType.POST, "13700137000");
        tampered.put("PhoneNumbers", "13700137001");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(
                        URI.create("http://" + aliyun.endpoint() + "/?" + form(tampered)))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).contains("\"Code\":\"OK\"");
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("SignatureDoesNotMatch");
        assertThat(aliyun.accepted()).extracting(AliyunSmsSimulator.AliyunCall::httpMethod).containsExactly("GET", "POST");
    }

    /** Signed with the SDK's own composer and signer, not the simulator's code. */
    private static Map<String, String> signedAliyunParams(MethodType method, String phone) throws Exception {
        Map<String, String> params = new HashMap<>();
        params.put("Action", "SendSms");
        params.put("Version", "2017-05-25");
        params.put("Format", "JSON");
        params.put("AccessKeyId", AliyunSmsSimulator.DEFAULT_ACCESS_KEY_ID);
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureVersion", "1.0");
        params.put("SignatureNonce", UUID.randomUUID().toString());
        params.put("Timestamp", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        params.put("RegionId", "cn-hangzhou");
        params.put("PhoneNumbers", phone);
        params.put("SignName", "MyCompany");
        params.put("TemplateCode", "SMS_1");
        params.put("TemplateParam", "{\"code\":\"1234\"}");
        HmacSHA1Signer signer = new HmacSHA1Signer();
        String stringToSign = RpcSignatureComposer.getComposer().composeStringToSign(method, null, signer, params, null, null);
        params.put("Signature", signer.signString(stringToSign, AliyunSmsSimulator.DEFAULT_ACCESS_SECRET + "&"));
        return params;
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    // ---------------------------------------------------------------- Tencent

    /** Timeouts are in SECONDS; readTimeout defaults to 0 = wait forever. */
    private static SmsClient tencentClient(String endpoint, String secretId, String secretKey, int readTimeoutSeconds) {
        HttpProfile http = new HttpProfile();
        http.setEndpoint(endpoint);
        http.setProtocol(HttpProfile.REQ_HTTP);
        http.setConnTimeout(2);
        http.setReadTimeout(readTimeoutSeconds);
        http.setWriteTimeout(5);
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        return new SmsClient(new Credential(secretId, secretKey), "ap-guangzhou", profile);
    }

    private static SmsClient tencentClient() {
        return tencentClient(tencent.endpoint(), TencentSmsSimulator.DEFAULT_SECRET_ID, TencentSmsSimulator.DEFAULT_SECRET_KEY, 5);
    }

    private static com.tencentcloudapi.sms.v20210111.models.SendSmsRequest tencentSendSms(String... phones) {
        var request = new com.tencentcloudapi.sms.v20210111.models.SendSmsRequest();
        request.setPhoneNumberSet(phones);
        request.setSmsSdkAppId("1400000000");
        request.setSignName("MyCompany");
        request.setTemplateId("1234567");
        request.setTemplateParamSet(new String[] {"Alice", "Expense claim #42"});
        request.setSessionContext("ledger-t1");
        return request;
    }

    @Test
    void tencentSendSmsWithTheRightKeyAnswersOkForEveryNumber() throws Exception {
        var response = tencentClient().SendSms(tencentSendSms("+8613800138000", "13900139000", "+14155550100"));

        assertThat(response.getRequestId()).isNotBlank();
        assertThat(response.getSendStatusSet()).hasSize(3).allSatisfy(status -> {
            assertThat(status.getCode()).isEqualTo("Ok");
            assertThat(status.getSerialNo()).isNotBlank();
            assertThat(status.getFee()).isEqualTo(1L);
            assertThat(status.getSessionContext()).isEqualTo("ledger-t1");
        });
        assertThat(response.getSendStatusSet()).extracting(SendStatus::getPhoneNumber)
                .containsExactly("+8613800138000", "+8613900139000", "+14155550100");
        assertThat(response.getSendStatusSet()).extracting(SendStatus::getIsoCode).containsExactly("CN", "CN", "US");
        assertThat(tencent.accepted()).singleElement().satisfies(call -> {
            assertThat(call.phoneNumbers()).containsExactly("+8613800138000", "13900139000", "+14155550100");
            assertThat(call.smsSdkAppId()).isEqualTo("1400000000");
            assertThat(call.signName()).isEqualTo("MyCompany");
            assertThat(call.templateId()).isEqualTo("1234567");
            assertThat(call.templateParams()).containsExactly("Alice", "Expense claim #42");
            assertThat(call.sessionContext()).isEqualTo("ledger-t1");
            assertThat(call.region()).isEqualTo("ap-guangzhou");
        });
        assertThat(tencent.sentTo("13900139000")).hasSize(1);
    }

    @Test
    void tencentPerNumberFailureIsAPartialSuccessInsideSendStatusSet() throws Exception {
        tencent.failNumbers(Map.of("+8613900139000", "FailedOperation.PhoneNumberInBlacklist"));
        tencent.failNext(1, Behaviour.perNumber(Map.of("+8613700137000", "LimitExceeded.PhoneNumberDailyLimit")));

        var response = tencentClient().SendSms(tencentSendSms("+8613800138000", "+8613900139000", "+8613700137000", "12345"));

        assertThat(response.getSendStatusSet()).extracting(SendStatus::getCode).containsExactly(
                "Ok", "FailedOperation.PhoneNumberInBlacklist", "LimitExceeded.PhoneNumberDailyLimit",
                "InvalidParameterValue.IncorrectPhoneNumber");
        assertThat(response.getSendStatusSet()[1].getFee()).isZero();
        assertThat(tencent.sentTo("+8613800138000")).hasSize(1);
        assertThat(tencent.sentTo("+8613900139000")).isEmpty();
    }

    @Test
    void tencentWrongKeyOrUnknownSecretIdIsARequestLevelAuthFailure() {
        TencentCloudSDKException wrongKey = catchThrowableOfType(TencentCloudSDKException.class,
                () -> tencentClient(tencent.endpoint(), TencentSmsSimulator.DEFAULT_SECRET_ID, "wrong-key", 5)
                        .SendSms(tencentSendSms("+8613800138000")));
        TencentCloudSDKException unknownId = catchThrowableOfType(TencentCloudSDKException.class,
                () -> tencentClient(tencent.endpoint(), "AKIDunknown", "whatever", 5).SendSms(tencentSendSms("+8613800138000")));

        assertThat(wrongKey.getErrorCode()).isEqualTo("AuthFailure.SignatureFailure");
        assertThat(wrongKey.getRequestId()).isNotBlank();
        assertThat(unknownId.getErrorCode()).isEqualTo("AuthFailure.SecretIdNotFound");
        assertThat(tencent.accepted()).isEmpty();
        assertThat(tencent.requests()).hasSize(2);
    }

    @Test
    void tencentRequestLevelErrorsAndMissingParametersAreExceptions() {
        tencent.failNext(1, Behaviour.vendorError("FailedOperation.InsufficientBalanceInSmsPackage"));
        TencentCloudSDKException balance = catchThrowableOfType(TencentCloudSDKException.class,
                () -> tencentClient().SendSms(tencentSendSms("+8613800138000")));

        var noTemplate = tencentSendSms("+8613800138000");
        noTemplate.setTemplateId(null);
        TencentCloudSDKException missing = catchThrowableOfType(TencentCloudSDKException.class,
                () -> tencentClient().SendSms(noTemplate));

        TencentCloudSDKException tooMany = catchThrowableOfType(TencentCloudSDKException.class,
                () -> tencentClient().SendSms(tencentSendSms(IntStream.range(0, 201)
                        .mapToObj(i -> "+86" + (13_800_000_000L + i)).toArray(String[]::new))));

        assertThat(balance.getErrorCode()).isEqualTo("FailedOperation.InsufficientBalanceInSmsPackage");
        assertThat(missing.getErrorCode()).isEqualTo("MissingParameter");
        assertThat(tooMany.getErrorCode()).isEqualTo("LimitExceeded.PhoneNumberCountLimit");
        assertThat(tencent.accepted()).isEmpty();
    }

    @Test
    void tencentServerErrorSurfacesAsServerSideError() {
        tencent.failNext(1, Behaviour.httpError(503));

        TencentCloudSDKException e = catchThrowableOfType(TencentCloudSDKException.class,
                () -> tencentClient().SendSms(tencentSendSms("+8613800138000")));

        assertThat(e.getErrorCode()).isEqualTo("ServerSideError");
        assertThat(e.getMessage()).contains("response code is 503");
        assertThat(tencent.requests()).hasSize(1);
    }

    @Test
    void tencentTimeoutAndRefusedConnectionSurfaceWithoutAnErrorCode() {
        tencent.failNext(1, Behaviour.noAnswer());
        TencentCloudSDKException timeout = catchThrowableOfType(TencentCloudSDKException.class,
                () -> tencentClient(tencent.endpoint(), TencentSmsSimulator.DEFAULT_SECRET_ID,
                        TencentSmsSimulator.DEFAULT_SECRET_KEY, 1).SendSms(tencentSendSms("+8613800138000")));

        String deadEndpoint;
        try (TencentSmsSimulator dead = new TencentSmsSimulator()) {
            deadEndpoint = dead.endpoint();
        }
        TencentCloudSDKException refused = catchThrowableOfType(TencentCloudSDKException.class,
                () -> tencentClient(deadEndpoint, TencentSmsSimulator.DEFAULT_SECRET_ID,
                        TencentSmsSimulator.DEFAULT_SECRET_KEY, 1).SendSms(tencentSendSms("+8613800138000")));

        assertThat(timeout.getCause()).isInstanceOf(SocketTimeoutException.class);
        assertThat(timeout.getErrorCode()).isNull();
        assertThat(refused.getCause()).isInstanceOf(java.net.ConnectException.class);
        assertThat(refused.getErrorCode()).isNull();
    }

    @Test
    void tencentClosedReusedConnectionIsSilentlyResentByOkHttp() throws Exception {
        SmsClient client = tencentClient();
        client.SendSms(tencentSendSms("+8613800138000"));        // opens a keep-alive connection
        tencent.failNext(1, Behaviour.closeConnection());

        var response = client.SendSms(tencentSendSms("+8613900139000"));

        // OkHttp's retryOnConnectionFailure resends the POST on a fresh connection: the vendor sees it twice.
        assertThat(response.getSendStatusSet()[0].getCode()).isEqualTo("Ok");
        assertThat(tencent.requests(c -> c.phoneNumbers().contains("+8613900139000"))).hasSize(2);
    }

    // ---------------------------------------------------------------- Webhook & shared machinery

    @Test
    void webhookRecordsPostsAndAnswersTheProgrammedStatus() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String payload = "{\"Type\":1,\"Data\":{\"Mobiles\":[\"+8613800138000\"],\"Message\":\"hi\",\"Signature\":\"MyCompany\"}}";
        webhook.failNext(1, Behaviour.httpError(500));

        int first = post(http, webhook.url("/sms"), payload).statusCode();
        int second = post(http, webhook.url("/sms"), payload).statusCode();

        assertThat(first).isEqualTo(500);
        assertThat(second).isEqualTo(200);
        assertThat(webhook.received()).hasSize(2).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/sms");
            assertThat(r.header("authorization")).isEqualTo("Bearer gateway-token");
            assertThat(r.headers().get("CONTENT-TYPE")).isEqualTo("application/json");
            assertThat(r.json().get("Type").asInt()).isEqualTo(1);
            assertThat(r.json().get("Data").get("Mobiles").get(0).asString()).isEqualTo("+8613800138000");
        });
        assertThat(webhook.received()).extracting(WebhookReceiver.Received::answeredStatus).containsExactly(500, 200);
    }

    @Test
    void slowAnswersDoNotBlockOtherRequestsAndTheRateIsMeasured() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        webhook.behaviour(r -> Behaviour.slow(Duration.ofMillis(800)));
        long start = System.nanoTime();

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create(webhook.url("/slow")))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(answers).allSatisfy(a -> assertThat(a.join().statusCode()).isEqualTo(200));
        // All 20 were sent at once; allow for a slow machine spreading their arrival.
        assertThat(webhook.maxRequestsInAnySecond()).isBetween(10, 20);
    }

    private static HttpResponse<String> post(HttpClient http, String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer gateway-token")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
