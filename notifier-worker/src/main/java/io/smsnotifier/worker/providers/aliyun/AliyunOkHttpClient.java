package io.smsnotifier.worker.providers.aliyun;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.CallBack;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.HttpClientType;
import com.aliyuncs.http.HttpRequest;
import com.aliyuncs.http.HttpResponse;
import com.aliyuncs.http.IHttpClient;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The Alibaba Cloud SDK's HTTP transport, on OkHttp, so that every connection goes through the endpoint's
 * {@link Dns} and the destination policy sees the address connected to. The SDK's own Apache client resolves
 * names itself, offers no resolver hook and is one per JVM (set up by whichever client came first); this one is
 * per {@code DefaultAcsClient}, and the SDK closes it on {@code shutdown()}. As the Apache client was set up:
 * no retries ({@code SendSms} is not idempotent), no redirects, {@code Accept-Encoding: identity}. No proxy:
 * through one, the proxy would resolve the name unseen. Public because the SDK makes it by reflection
 * ({@link #configure}). Thread-safe.
 */
public final class AliyunOkHttpClient extends IHttpClient {

    /** The {@link HttpClientConfig} extension parameter that carries the endpoint's lookup. */
    static final String DNS = "io.smsnotifier.dns";

    private OkHttpClient http;
    private final Map<List<Integer>, OkHttpClient> timedClients = new ConcurrentHashMap<>();

    /** Called by the SDK's {@code HttpClientFactory} for a config made by {@link #configure}. */
    public AliyunOkHttpClient(HttpClientConfig config) throws ClientException {
        super(config);
    }

    /** Makes {@code config} build this client, connecting through {@code dns}. */
    static void configure(HttpClientConfig config, Dns dns) {
        config.setClientType(HttpClientType.Custom);
        config.setCustomClientClassName(AliyunOkHttpClient.class.getName());
        config.setExtParam(DNS, dns);
    }

    @Override
    protected void init(HttpClientConfig config) {
        if (!(config.getExtParam(DNS) instanceof Dns dns)) {
            throw new IllegalStateException("AliyunOkHttpClient needs a Dns in ext param " + DNS);
        }
        this.http = new OkHttpClient.Builder()
                .dns(dns)
                .proxy(Proxy.NO_PROXY)
                .retryOnConnectionFailure(false)
                .followRedirects(false).followSslRedirects(false)
                .connectTimeout(config.getConnectionTimeoutMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.getReadTimeoutMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(config.getReadTimeoutMillis(), TimeUnit.MILLISECONDS)
                .connectionPool(new ConnectionPool(config.getMaxIdleConnections(),
                        config.getKeepAliveDurationMillis(), TimeUnit.MILLISECONDS))
                .build();
    }

    @Override
    public HttpResponse syncInvoke(HttpRequest request) throws IOException {
        OkHttpClient client = http;
        // The request's own timeouts win, as they did with the SDK's client. The SDK sets them on every request, from
        // a handful of settings: one client per pair, sharing pool and lookup, rather than one built per request.
        Integer connect = request.getSysConnectTimeout();
        Integer read = request.getSysReadTimeout();
        if (connect != null || read != null) {
            client = timedClients.computeIfAbsent(List.of(connect == null ? -1 : connect, read == null ? -1 : read),
                    key -> timed(connect, read));
        }
        try (Response response = client.newCall(toOkHttp(request)).execute()) {
            return fromOkHttp(response);
        }
    }

    private OkHttpClient timed(@Nullable Integer connect, @Nullable Integer read) {
        OkHttpClient.Builder timed = http.newBuilder();
        if (connect != null) {
            timed.connectTimeout(connect, TimeUnit.MILLISECONDS);
        }
        if (read != null) {
            timed.readTimeout(read, TimeUnit.MILLISECONDS).writeTimeout(read, TimeUnit.MILLISECONDS);
        }
        return timed.build();
    }

    private static Request toOkHttp(HttpRequest request) {
        RequestBody body = null;
        byte[] content = request.getHttpContent();
        if (request.getSysMethod().hasContent()) {
            String type = request.getHeaderValue("Content-Type");
            if (type == null || type.isEmpty()) {
                type = request.getContentTypeValue(request.getHttpContentType(), request.getSysEncoding());
            }
            body = RequestBody.create(type == null ? null : MediaType.parse(type),
                    content == null ? new byte[0] : content);
        }
        Request.Builder builder = new Request.Builder().url(request.getSysUrl())
                .method(request.getSysMethod().name(), body);
        for (Map.Entry<String, String> header : request.getSysHeaders().entrySet()) {
            // OkHttp writes Content-Length and Content-Type from the body.
            if (!header.getKey().equalsIgnoreCase("Content-Length")
                    && !header.getKey().equalsIgnoreCase("Content-Type")) {
                builder.header(header.getKey(), header.getValue());
            }
        }
        return builder.header("Accept-Encoding", "identity").build();
    }

    private static HttpResponse fromOkHttp(Response response) throws IOException {
        HttpResponse result = new HttpResponse();
        result.setStatus(response.code());
        result.setReasonPhrase(response.message());
        ResponseBody body = response.body();
        byte[] content = body == null ? new byte[0] : body.bytes();
        if (content.length > 0) {
            MediaType type = body.contentType();
            FormatType format = type == null ? FormatType.RAW
                    : FormatType.mapAcceptToFormat(type.type() + "/" + type.subtype());
            String charset = type == null || type.charset() == null ? "utf-8" : type.charset().name();
            result.setHttpContent(content, charset, format);
        }
        for (String name : response.headers().names()) {
            result.putHeaderParameter(name, response.header(name));
        }
        return result;
    }

    @Override
    public Future<HttpResponse> asyncInvoke(HttpRequest request, CallBack callback) {
        throw new UnsupportedOperationException("the worker calls Alibaba Cloud synchronously");
    }

    @Override
    @Deprecated
    public void ignoreSSLCertificate() {
        throw new UnsupportedOperationException("certificates are always checked");
    }

    @Override
    @Deprecated
    public void restoreSSLCertificate() {
        // Always checked: nothing to restore.
    }

    @Override
    public boolean isSingleton() {
        return false;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
