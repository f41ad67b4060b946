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
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A user's own gateway: {@code POST} JSON {@code {"Type":1,"Data":{"Mobiles":[...],"Message":"...","Signature":"..."}}}
 * for SMS and {@code {"Type":2,"Data":{"Mobile":"...","Code":"..."}}} for a voice code (one request per number),
 * with the configured headers. Any 2xx means accepted. Numbers are E.164. A 2xx answer may carry the gateway's id
 * for the message, {@code {"messageId":"..."}}: every number of the request gets it (a receipt names the number too,
 * so one id per request is enough), and the gateway's receipt pushes name it ({@code receipts.WebhookReports}).
 */
final class WebhookSmsProvider implements SmsProvider {

    static final int MAX_NUMBERS_PER_REQUEST = 1_000;
    /**
     * A message id we keep and match receipts on: short, and nothing that needs escaping in a log, a URL or HTML.
     * {@code receipts.WebhookReports} checks a pushed id against the same rule.
     */
    static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:^+=/-]{1,64}");
    /** The most of an answer read for its id: an id needs far less, and a gateway's page of HTML is not read. */
    static final int MAX_ANSWER = 16 * 1024;

    private static final Logger log = LoggerFactory.getLogger(WebhookSmsProvider.class);

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
                results.put(phone, SendResult.PhoneResult.accepted(post(Map.of("Type", 2, "Data", data))));
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
        String messageId = post(body);
        sms.phones().forEach(phone -> results.put(phone, SendResult.PhoneResult.accepted(messageId)));
        return new SendResult(results);
    }

    /** @return the message id of a 2xx answer, or null */
    private @Nullable String post(Map<String, Object> body) {
        Request.Builder request = new Request.Builder().url(target.uri().toString())
                .post(RequestBody.create(JSON, EventJson.mapper().writeValueAsBytes(body)));
        headers.forEach(request::header);
        int status;
        String messageId = null;
        try (Response response = http.newCall(request.build()).execute()) {
            status = response.code();
            if (status >= 200 && status < 300) {
                messageId = messageId(response.body());
            }
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
            return messageId;
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

    /**
     * The answer's top-level {@code messageId}, or null: when there is none, and when it cannot be read or fails
     * {@link #MESSAGE_ID}. The gateway took the message (2xx), so nothing about the answer's body may turn the send
     * into a failure, which would send it again; a bad id only means its receipts will not match.
     */
    private @Nullable String messageId(@Nullable ResponseBody body) {
        if (body == null) {
            return null;
        }
        JsonNode id;
        try (InputStream in = body.byteStream()) {
            byte[] answer = in.readNBytes(MAX_ANSWER + 1);
            if (answer.length == 0 || answer.length > MAX_ANSWER) {
                return null;
            }
            JsonNode json = EventJson.mapper().readTree(answer);
            id = json == null || !json.isObject() ? null : json.get("messageId");
        } catch (IOException | RuntimeException e) {
            // Not JSON, or the body did not come in time: an answer without an id, as before ids existed.
            return null;
        }
        if (id == null || id.isNull()) {
            return null;
        }
        if (id.isString() && MESSAGE_ID.matcher(id.asString()).matches()) {
            return id.asString();
        }
        // The value is not shown: it failed the very checks that make a value safe to log.
        log.warn("webhook answer's messageId ignored service={} reason=not 1-64 of A-Z a-z 0-9 ._:^+=/-",
                serviceName);
        return null;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
