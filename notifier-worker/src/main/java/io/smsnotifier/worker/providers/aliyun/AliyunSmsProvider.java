package io.smsnotifier.worker.providers.aliyun;

import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.RpcAcsRequest;
import com.aliyuncs.dysmsapi.model.v20170525.QuerySmsTemplateRequest;
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
import io.smsnotifier.events.EventJson;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.providers.DestinationPolicy;
import io.smsnotifier.worker.providers.FailureClass;
import io.smsnotifier.worker.providers.OutId;
import io.smsnotifier.worker.providers.OutgoingSms;
import io.smsnotifier.worker.providers.ParamLimits;
import io.smsnotifier.worker.providers.ProviderFailure;
import io.smsnotifier.worker.providers.PulledReport;
import io.smsnotifier.worker.providers.SendResult;
import io.smsnotifier.worker.providers.SentMessage;
import io.smsnotifier.worker.providers.SmsProvider;
import io.smsnotifier.worker.providers.TemplateReview;
import io.smsnotifier.worker.providers.VendorEndpoint;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Alibaba Cloud SMS ({@code SendSms}). Numbers with identical parameters share one request (up to 1,000);
 * mainland numbers go without their country code, as the API expects. The API answers HTTP 200 with an error
 * {@code Code} for most refusals, so anything but {@code OK} is an error. The SDK's own retries are off:
 * {@code SendSms} is not idempotent. {@code OutId} carries the request's ledger id.
 */
final class AliyunSmsProvider implements SmsProvider {

    private static final Logger log = LoggerFactory.getLogger(AliyunSmsProvider.class);

    static final int MAX_NUMBERS_PER_REQUEST = 1_000;
    /** {@code SendBatchSms} takes at most 100 numbers. */
    static final int MAX_MESSAGES_PER_BATCH = 100;
    /** Alibaba Cloud's limit for one template variable's value. */
    static final int DEFAULT_MAX_PARAM_LENGTH = 35;

    private final String serviceName;
    private final DefaultAcsClient client;
    private final VendorEndpoint endpoint;
    private final String signName;
    private final int maxParamLength;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final SentMessages sent;

    AliyunSmsProvider(String serviceName, String region, VendorEndpoint endpoint, String accessKey,
                      String accessSecret, String signName, int maxParamLength, int maxConcurrentRequests,
                      Duration connectTimeout, Duration readTimeout) {
        this.serviceName = serviceName;
        this.endpoint = endpoint;
        this.signName = signName;
        this.maxParamLength = maxParamLength;
        this.connectTimeoutMillis = (int) connectTimeout.toMillis();
        this.readTimeoutMillis = (int) readTimeout.toMillis();
        DefaultProfile profile = DefaultProfile.getProfile(region, accessKey, accessSecret);
        HttpClientConfig http = HttpClientConfig.getDefault();
        http.setConnectionTimeoutMillis(connectTimeout.toMillis());
        http.setReadTimeoutMillis(readTimeout.toMillis());
        http.setMaxRequests(maxConcurrentRequests);
        http.setMaxRequestsPerHost(maxConcurrentRequests);
        http.setMaxIdleConnections(maxConcurrentRequests);
        http.setProtocolType(endpoint.https() ? ProtocolType.HTTPS : ProtocolType.HTTP);
        AliyunOkHttpClient.configure(http, endpoint.dns());
        profile.setHttpClientConfig(http);
        this.client = new DefaultAcsClient(profile);
        // Explicit although it is the default: SendSms is not idempotent, retrying is the worker's decision.
        this.client.setSysRetryPolicy(RetryPolicy.none());
        this.sent = new SentMessages(client, endpoint, connectTimeoutMillis, readTimeoutMillis);
    }

    @Override
    public String serviceName() {
        return serviceName;
    }

    @Override
    public int maxNumbersPerRequest() {
        return MAX_NUMBERS_PER_REQUEST;
    }

    @Override
    public boolean sendsRenderedText() {
        return false;
    }

    @Override
    public int maxMessagesPerRequest() {
        return MAX_MESSAGES_PER_BATCH;
    }

    /**
     * {@code SendBatchSms}: up to 100 numbers, each with its own parameters, one sign name each (the same here).
     * The API takes no {@code OutId}, so a batch whose answer was lost cannot be looked up later: its out-id says
     * so ({@link OutId#isBatch()}) and {@link #wasSent} answers "cannot tell" for it.
     */
    @Override
    public SendResult sendEach(List<OutgoingSms> messages, OutId outId) {
        messages.forEach(sms -> ParamLimits.check(sms.message().params(), maxParamLength, serviceName));
        SendBatchSmsRequest request = new SendBatchSmsRequest();
        List<String> phones = messages.stream().map(sms -> apiNumber(sms.phones().getFirst())).toList();
        request.setPhoneNumberJson(EventJson.mapper().writeValueAsString(phones));
        request.setSignNameJson(EventJson.mapper().writeValueAsString(
                Collections.nCopies(messages.size(), signName)));
        request.setTemplateCode(messages.getFirst().message().template().codeAt(serviceName));
        request.setTemplateParamJson(EventJson.mapper().writeValueAsString(
                messages.stream().map(sms -> sms.message().params()).toList()));
        SendBatchSmsResponse response = call(request);
        return accepted(messages.stream().map(sms -> sms.phones().getFirst()).toList(), response.getCode(),
                response.getBizId());
    }

    @Override
    public int maxParamLength() {
        return maxParamLength;
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        ParamLimits.check(sms.message().params(), maxParamLength, serviceName);
        SendSmsRequest request = new SendSmsRequest();
        request.setPhoneNumbers(sms.phones().stream().map(AliyunSmsProvider::apiNumber)
                .collect(Collectors.joining(",")));
        request.setSignName(signName);
        request.setTemplateCode(sms.message().template().codeAt(serviceName));
        if (!sms.message().params().isEmpty()) {
            request.setTemplateParam(EventJson.mapper().writeValueAsString(sms.message().params()));
        }
        request.setOutId(sms.outId());
        SendSmsResponse response = call(request);
        return accepted(sms.phones(), response.getCode(), response.getBizId());
    }

    /** Sends one request, POST to the configured endpoint; a failed request comes back classified. */
    private <T extends AcsResponse> T call(RpcAcsRequest<T> request) {
        request.setSysEndpoint(endpoint.hostAndPort());
        request.setSysProtocol(endpoint.https() ? ProtocolType.HTTPS : ProtocolType.HTTP);
        request.setSysMethod(MethodType.POST);
        // Per request as well as in the client's config: a request's own timeouts always apply.
        request.setSysConnectTimeout(connectTimeoutMillis);
        request.setSysReadTimeout(readTimeoutMillis);
        try {
            return client.getAcsResponse(request);
        } catch (ServerException e) {
            throw ProviderFailure.requestFailed(e.getErrCode(),
                    "Alibaba Cloud answered with a server error (" + e.getErrCode() + ")", e);
        } catch (ClientException e) {
            if (e.getCause() instanceof DestinationPolicy.Refused refused) {
                // Not the vendor's fault and not passing: the endpoint resolves where services may not go.
                throw new ProviderFailure(FailureClass.OPS_BLOCKING, ErrorCode.REQUEST_FAILED, null,
                        refused.getMessage(), null);
            }
            throw classify(e.getErrCode(), e);
        }
    }

    /** Every number accepted under the request's BizId, when the answer's {@code Code} is OK. */
    private static SendResult accepted(List<String> phones, String code, String bizId) {
        if (!"OK".equals(code)) {
            throw classify(code, null);
        }
        Map<String, SendResult.PhoneResult> results = new HashMap<>();
        for (String phone : phones) {
            results.put(phone, SendResult.PhoneResult.accepted(bizId));
        }
        return new SendResult(results);
    }

    /**
     * The vendor's own messages are not kept: a signature error echoes the string to sign, with the key id,
     * the numbers and the parameters in it.
     */
    private static ProviderFailure classify(@Nullable String code, @Nullable ClientException exception) {
        FailureClass failureClass = code == null ? FailureClass.RETRYABLE : AliyunErrors.classify(code);
        if (code == null || (code.startsWith("SDK.") && failureClass == FailureClass.RETRYABLE)) {
            // No answer from the vendor: connection refused or closed, timeout, unreadable response.
            return ProviderFailure.fromNetwork(code, "request to Alibaba Cloud failed (" + code + ")",
                    exception == null ? null : exception.getCause());
        }
        return new ProviderFailure(failureClass, ErrorCode.VENDOR_ERROR, code,
                "Alibaba Cloud refused the request: " + code, null);
    }

    /**
     * Asks Alibaba Cloud whether a message with {@code outId} reached {@code phone} on the day of {@code sentAt}
     * ({@link SentMessages}); a batch cannot be looked up.
     */
    @Override
    public Optional<Boolean> wasSent(String phone, OutId outId, Instant sentAt) {
        return outId.isBatch() ? Optional.empty() : sent.contains(apiNumber(phone), outId.value(), sentAt);
    }

    /**
     * {@code QuerySendDetails} for each message, by its number, day and {@code BizId} (a batch's messages too:
     * they share the batch's). Stops at the first query that fails: the vendor is away or refusing, and the
     * messages not asked are asked on a later pull.
     */
    @Override
    public List<PulledReport> pullReports(List<SentMessage> messages) {
        List<PulledReport> reports = new ArrayList<>();
        try {
            for (SentMessage message : messages) {
                sent.report(message, apiNumber(message.phone())).ifPresent(reports::add);
            }
        } catch (SentMessages.CannotTell e) {
            log.warn("receipt pull stopped service={} asked={} reason=query failed", serviceName, messages.size());
        }
        return reports;
    }

    /**
     * {@code QuerySmsTemplate} ({@link TemplateStatuses}); a request that failed throws as a send's would, an answer
     * with an error code (a code the account does not have) is "cannot tell".
     */
    @Override
    public Optional<TemplateReview> reviewOf(String vendorTemplateCode) {
        QuerySmsTemplateRequest request = new QuerySmsTemplateRequest();
        request.setTemplateCode(vendorTemplateCode);
        return TemplateStatuses.of(call(request));
    }

    /** Mainland numbers without +86; others as country code and number without the plus. */
    static String apiNumber(String e164) {
        return e164.startsWith("+86") ? e164.substring(3) : e164.substring(1);
    }

    /** Closes this client's own HTTP client ({@link AliyunOkHttpClient}) with it. */
    @Override
    public void close() {
        client.shutdown();
    }
}
