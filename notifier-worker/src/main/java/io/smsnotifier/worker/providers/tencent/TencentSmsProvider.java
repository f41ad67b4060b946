package io.smsnotifier.worker.providers.tencent;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.sms.v20210111.SmsClient;
import com.tencentcloudapi.sms.v20210111.models.SendSmsRequest;
import com.tencentcloudapi.sms.v20210111.models.SendSmsResponse;
import com.tencentcloudapi.sms.v20210111.models.SendStatus;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.providers.DestinationPolicy;
import io.smsnotifier.worker.providers.FailureClass;
import io.smsnotifier.worker.providers.OutgoingSms;
import io.smsnotifier.worker.providers.ParamLimits;
import io.smsnotifier.worker.providers.ProviderFailure;
import io.smsnotifier.worker.providers.PulledReport;
import io.smsnotifier.worker.providers.SendResult;
import io.smsnotifier.worker.providers.SentMessage;
import io.smsnotifier.worker.providers.SmsProvider;
import io.smsnotifier.worker.providers.TemplateReview;
import io.smsnotifier.worker.providers.VendorEndpoint;
import okhttp3.ConnectionPool;
import org.jspecify.annotations.Nullable;
import okhttp3.OkHttpClient;

import java.net.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Tencent Cloud SMS ({@code SendSms}, 2021-01-11): E.164 numbers, up to 200 per request, positional
 * {@code TemplateParamSet} in the template's declared order. Partial success is normal: every
 * {@code SendStatusSet} entry is read and each number gets its own result. A request-level {@code Error}
 * arrives as an exception.
 */
final class TencentSmsProvider implements SmsProvider {

    static final int MAX_NUMBERS_PER_REQUEST = 200;

    private final String serviceName;
    private final SmsClient client;
    private final String sdkAppId;
    private final String signName;
    private final @Nullable String senderId;
    private final int maxParamLength;
    private final OkHttpClient http;
    private final SendStatuses statuses;
    private final TemplateStatuses templates;

    TencentSmsProvider(String serviceName, String region, VendorEndpoint endpoint, String secretId,
                       String secretKey, String sdkAppId, String signName, @Nullable String senderId,
                       int maxParamLength,
                       Duration connectTimeout, Duration readTimeout) {
        this.serviceName = serviceName;
        this.sdkAppId = sdkAppId;
        this.signName = signName;
        this.senderId = senderId;
        this.maxParamLength = maxParamLength;
        HttpProfile profileHttp = new HttpProfile();
        profileHttp.setEndpoint(endpoint.hostAndPort());
        profileHttp.setProtocol(endpoint.https() ? HttpProfile.REQ_HTTPS : HttpProfile.REQ_HTTP);
        profileHttp.setReqMethod(HttpProfile.REQ_POST);
        // OkHttp silently resends a request whose reused connection closed without an answer; SendSms is not
        // idempotent, so that retry is off. The SDK's own timeouts (whole seconds, read unlimited by default)
        // give way to this client's. The SDK uses this client as it is (HttpProfile.setHttpClient), so every
        // connection goes through the endpoint's lookup, where the destination policy sees the address connected
        // to. No proxy: through one, the proxy would resolve the name unseen.
        this.http = new OkHttpClient.Builder()
                .dns(endpoint.dns())
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false).followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
                .build();
        profileHttp.setHttpClient(http);
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(profileHttp);
        profile.setSignMethod(ClientProfile.SIGN_TC3_256);
        this.client = new SmsClient(new Credential(secretId, secretKey), region, profile);
        this.statuses = new SendStatuses(client, sdkAppId, serviceName);
        this.templates = new TemplateStatuses(client, serviceName);
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
    public int maxParamLength() {
        return maxParamLength;
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        List<String> params = sms.message().params().values().stream().map(v -> v == null ? "" : v).toList();
        ParamLimits.check(sms.message().params(), maxParamLength, serviceName);
        SendSmsRequest request = new SendSmsRequest();
        request.setPhoneNumberSet(sms.phones().toArray(String[]::new));
        request.setSmsSdkAppId(sdkAppId);
        request.setSignName(signName);
        if (senderId != null) {
            request.setSenderId(senderId);
        }
        request.setTemplateId(sms.message().template().codeAt(serviceName));
        request.setTemplateParamSet(params.toArray(String[]::new));
        request.setSessionContext(sms.outId());
        SendSmsResponse response;
        try {
            response = client.SendSms(request);
        } catch (TencentCloudSDKException e) {
            throw classify(e);
        }
        Map<String, SendResult.PhoneResult> results = new HashMap<>();
        SendStatus[] statuses = response.getSendStatusSet() == null ? new SendStatus[0] : response.getSendStatusSet();
        for (SendStatus status : statuses) {
            String code = status.getCode();
            results.put(status.getPhoneNumber(), "Ok".equals(code)
                    ? SendResult.PhoneResult.accepted(status.getSerialNo())
                    : SendResult.PhoneResult.refused(code, TencentErrors.classify(code),
                    "Tencent Cloud refused the number: " + code));
        }
        return new SendResult(results);
    }

    private ProviderFailure classify(TencentCloudSDKException e) {
        if (e.getCause() instanceof DestinationPolicy.Refused refused) {
            // Not the vendor's fault and not passing: the endpoint resolves where services may not go.
            return new ProviderFailure(FailureClass.OPS_BLOCKING, ErrorCode.REQUEST_FAILED, null,
                    refused.getMessage(), null);
        }
        String code = e.getErrorCode();
        if (code == null || code.isBlank() || code.equals("ClientSideError") || code.equals("ServerSideError")
                || code.endsWith("NetworkError")) {
            String reason = "request to Tencent Cloud failed (" + (code == null || code.isBlank() ? "no answer" : code) + ")";
            // An HTTP error status is an answer: the vendor did not take the request.
            return "ServerSideError".equals(code) || "ClientSideError".equals(code)
                    ? ProviderFailure.requestFailed(code, reason, e.getCause())
                    : ProviderFailure.fromNetwork(code, reason, e.getCause());
        }
        // The vendor's message is not kept: it may quote the request.
        return new ProviderFailure(TencentErrors.classify(code), ErrorCode.VENDOR_ERROR, code,
                "Tencent Cloud refused the request: " + code, null);
    }

    /** {@code PullSmsSendStatusByPhoneNumber}, number by number ({@link SendStatuses}). */
    @Override
    public List<PulledReport> pullReports(List<SentMessage> messages) {
        return statuses.reports(messages);
    }

    /** {@code DescribeSmsTemplateList} ({@link TemplateStatuses}). */
    @Override
    public Optional<TemplateReview> reviewOf(String vendorTemplateCode) {
        return templates.reviewOf(vendorTemplateCode);
    }

    /** This provider's own HTTP client: its connections and dispatcher threads go with it. */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
