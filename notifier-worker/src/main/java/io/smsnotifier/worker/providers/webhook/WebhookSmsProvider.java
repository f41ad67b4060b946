package io.smsnotifier.worker.providers.webhook;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.worker.ErrorCode;
import io.smsnotifier.worker.providers.FailureClass;
import io.smsnotifier.worker.providers.OutgoingSms;
import io.smsnotifier.worker.providers.ProviderFailure;
import io.smsnotifier.worker.providers.SendResult;
import io.smsnotifier.worker.providers.SmsProvider;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's own gateway: {@code POST} JSON {@code {"Type":1,"Data":{"Mobiles":[...],"Message":"...","Signature":"..."}}}
 * for SMS and {@code {"Type":2,"Data":{"Mobile":"...","Code":"..."}}} for a voice code (one request per number),
 * with the configured headers. Any 2xx means accepted. Numbers are E.164.
 */
public class WebhookSmsProvider implements SmsProvider {

    public static final int MAX_NUMBERS_PER_REQUEST = 1_000;

    private final String serviceName;
    private final WebhookTarget target;
    private final Map<String, String> headers;
    private final @Nullable String signature;
    private final Duration readTimeout;
    private final HttpClient http;

    public WebhookSmsProvider(String serviceName, WebhookTarget target, Map<String, String> headers,
                              @Nullable String signature, Duration connectTimeout, Duration readTimeout) {
        this.serviceName = serviceName;
        this.target = target;
        this.headers = Map.copyOf(headers);
        this.signature = signature;
        this.readTimeout = readTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
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
        return true;
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        Map<String, SendResult.PhoneResult> results = new HashMap<>();
        if (sms.channel() == Channel.VOICE) {
            for (String phone : sms.phones()) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("Mobile", phone);
                data.put("Code", sms.message().params().get("code"));
                post(Map.of("Type", 2, "Data", data));
                results.put(phone, SendResult.PhoneResult.accepted(null));
            }
            return new SendResult(results);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Mobiles", sms.phones());
        data.put("Message", sms.message().text());
        data.put("Signature", signature);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Type", 1);
        body.put("Data", data);
        post(body);
        sms.phones().forEach(phone -> results.put(phone, SendResult.PhoneResult.accepted(null)));
        return new SendResult(results);
    }

    private void post(Map<String, Object> body) {
        try {
            target.checkReachable();
        } catch (SecurityException e) {
            throw new ProviderFailure(FailureClass.OPS_BLOCKING, ErrorCode.REQUEST_FAILED, null, e.getMessage(), null);
        } catch (UnknownHostException e) {
            throw ProviderFailure.requestFailed(null, "webhook host of " + serviceName + " does not resolve", null);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target.uri()).timeout(readTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.mapper().writeValueAsBytes(body)));
        headers.forEach(request::header);
        HttpResponse<Void> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw ProviderFailure.fromNetwork(null, "webhook of " + serviceName + " did not answer in time", e);
        } catch (IOException e) {
            throw ProviderFailure.fromNetwork(null, "webhook of " + serviceName + " could not be reached ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderFailure.requestFailed(null, "interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String code = "HTTP " + status;
        if (status == 401 || status == 403) {
            throw ProviderFailure.vendorError(FailureClass.OPS_BLOCKING, code,
                    "webhook of " + serviceName + " refused the credentials (" + code + ")");
        }
        if (status == 408 || status == 429 || status >= 500) {
            throw new ProviderFailure(FailureClass.RETRYABLE, status >= 500 ? ErrorCode.REQUEST_FAILED
                    : ErrorCode.VENDOR_ERROR, code, "webhook of " + serviceName + " answered " + code, null);
        }
        throw ProviderFailure.vendorError(FailureClass.PERMANENT_FOR_EVENT, code,
                "webhook of " + serviceName + " refused the message (" + code + ")");
    }

    List<String> headerNames() {
        return List.copyOf(headers.keySet());
    }
}
