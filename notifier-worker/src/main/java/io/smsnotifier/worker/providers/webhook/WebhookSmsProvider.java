package io.smsnotifier.worker.providers.webhook;

import io.smsnotifier.events.Channel;
import io.smsnotifier.events.EventJson;
import io.smsnotifier.worker.failures.ErrorCode;
import io.smsnotifier.worker.providers.DestinationPolicy;
import io.smsnotifier.worker.providers.FailureClass;
import io.smsnotifier.worker.providers.OutgoingSms;
import io.smsnotifier.worker.providers.ProviderFailure;
import io.smsnotifier.worker.providers.SendResult;
import io.smsnotifier.worker.providers.SmsProvider;
import okhttp3.Dns;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's own gateway: {@code POST} JSON {@code {"Type":1,"Data":{"Mobiles":[...],"Message":"...","Signature":"..."}}}
 * for SMS and {@code {"Type":2,"Data":{"Mobile":"...","Code":"..."}}} for a voice code (one request per number),
 * with the configured headers. Any 2xx means accepted. Numbers are E.164.
 */
final class WebhookSmsProvider implements SmsProvider {

    static final int MAX_NUMBERS_PER_REQUEST = 1_000;

    private final String serviceName;
    private final WebhookTarget target;
    private final Map<String, String> headers;
    private final @Nullable String signature;
    private final OkHttpClient http;

    private static final MediaType JSON = MediaType.get("application/json");

    /**
     * @param resolver where names are looked up; every address it returns passes the destination policy
     *                 ({@link WebhookTarget#dns}) before the client may connect to it
     */
    WebhookSmsProvider(String serviceName, WebhookTarget target, Map<String, String> headers,
                       @Nullable String signature, Duration connectTimeout, Duration readTimeout,
                       Dns resolver) {
        this.serviceName = serviceName;
        this.target = target;
        this.headers = Map.copyOf(headers);
        this.signature = signature;
        // The policy sits in the DNS lookup, so the address checked is the one connected to. No proxy: through
        // one, the proxy would resolve the name and the policy would never see the address. No redirects: a
        // redirect could point anywhere.
        this.http = new OkHttpClient.Builder()
                .dns(target.dns(resolver))
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false).followSslRedirects(false)
                .connectTimeout(connectTimeout).readTimeout(readTimeout).writeTimeout(readTimeout)
                .callTimeout(connectTimeout.plus(readTimeout))
                .build();
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

    /** A user's own gateway may take all traffic. */
    @Override
    public boolean mayBeExclusive() {
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
        Request.Builder request = new Request.Builder().url(target.uri().toString())
                .post(RequestBody.create(JSON, EventJson.mapper().writeValueAsBytes(body)));
        headers.forEach(request::header);
        int status;
        try (Response response = http.newCall(request.build()).execute()) {
            status = response.code();
        } catch (DestinationPolicy.Refused e) {
            throw new ProviderFailure(FailureClass.OPS_BLOCKING, ErrorCode.REQUEST_FAILED, null, e.getMessage(), null);
        } catch (UnknownHostException e) {
            throw ProviderFailure.requestFailed(null, "webhook host of " + serviceName + " does not resolve", null);
        } catch (SocketTimeoutException e) {
            if ("connect timed out".equals(e.getMessage())) {
                throw ProviderFailure.requestFailed(null, "webhook of " + serviceName + " could not be reached "
                        + "(connect timed out)", e);
            }
            throw ProviderFailure.fromNetwork(null, "webhook of " + serviceName + " did not answer in time", e);
        } catch (InterruptedIOException e) {
            throw ProviderFailure.fromNetwork(null, "webhook of " + serviceName + " did not answer in time", e);
        } catch (IOException e) {
            throw ProviderFailure.fromNetwork(null, "webhook of " + serviceName + " could not be reached ("
                    + e.getClass().getSimpleName() + ")", e);
        }
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

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
