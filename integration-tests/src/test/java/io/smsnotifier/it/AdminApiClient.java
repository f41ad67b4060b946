package io.smsnotifier.it;

import io.smsnotifier.events.EventJson;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's admin API as the tests call it: one base URL, a bearer token (profile {@code it}'s admin token, another
 * one, or none) and a method per endpoint the tests use. Every answer comes back whole (status, headers, body), so a
 * test asserts what it checks on it; {@link #json} parses a body. Immutable and thread-safe: the {@code with...}
 * methods return a new client. A request that gets no answer throws {@link UncheckedIOException}, except through
 * {@link #tryGet}, for a caller polling a worker that may not be listening.
 */
public final class AdminApiClient {

    /** {@code notifier.admin.token} in profile {@code it}. */
    public static final String ADMIN_TOKEN = "it-admin-5c1e9a3f7b2d4068e1a5c9f3b7d20486";
    /** {@code notifier.admin.tokens.ops-viewer.token} in profile {@code it}: role viewer. */
    public static final String VIEWER_TOKEN = "it-viewer-2d8f4b1a6e3c9057d2b8f4a1c6e30975";
    /** {@code notifier.admin.tokens.ops-alice.token} in profile {@code it}: role operator. */
    public static final String OPERATOR_TOKEN = "it-alice-9e4a2c7f1b5d3086a9e4c2f7b1d50863";

    // One client for every test: each HttpClient holds a selector thread and a connection pool of its own.
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final @Nullable String token;
    private final Duration timeout;

    private AdminApiClient(String baseUrl, @Nullable String token, Duration timeout) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.timeout = timeout;
    }

    /** The worker listening on {@code port} of this machine, with the admin token, 60 s for an answer. */
    public static AdminApiClient local(int port) {
        return at("http://localhost:" + port);
    }

    /** The worker {@code context} runs (its web server on {@code local.server.port}), with the admin token. */
    public static AdminApiClient of(ApplicationContext context) {
        return local(Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port")));
    }

    /** The worker at {@code baseUrl} ({@code http://host:port}), with the admin token, 60 s for an answer. */
    public static AdminApiClient at(String baseUrl) {
        return new AdminApiClient(baseUrl, ADMIN_TOKEN, Duration.ofSeconds(60));
    }

    /** The same worker with {@code token} as the bearer token; {@code null}: no {@code Authorization} header. */
    public AdminApiClient withToken(@Nullable String token) {
        return new AdminApiClient(baseUrl, token, timeout);
    }

    /** The same worker without a token. */
    public AdminApiClient anonymous() {
        return withToken(null);
    }

    /** The same worker, waiting up to {@code timeout} for each answer. */
    public AdminApiClient withTimeout(Duration timeout) {
        return new AdminApiClient(baseUrl, token, timeout);
    }

    // ---- the endpoints ----

    /** {@code POST /api/sms/send} to {@code phones}; {@code smsService} may be null (routing decides). */
    public HttpResponse<String> sendSms(List<String> phones, String templateCode, Map<String, String> params,
                                        @Nullable String smsService) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("phoneList", phones);
        body.put("params", params);
        body.put("verifyTemplateCode", templateCode);
        if (smsService != null) {
            body.put("smsService", smsService);
        }
        return post("/api/sms/send", EventJson.mapper().writeValueAsString(body));
    }

    /** {@code GET /api/sms/services}: every service with its circuit and whether it is in rotation. */
    public HttpResponse<String> services() {
        return get("/api/sms/services");
    }

    /** {@code POST /api/sms/services/{service}/test} ("Send Test SMS") with {@code json}. */
    public HttpResponse<String> testSms(String service, String json) {
        return post("/api/sms/services/" + service + "/test", json);
    }

    /** {@code GET /api/deadletters/{topic}?{query}} ({@code query} e.g. {@code size=500&state=pending}). */
    public HttpResponse<String> deadLetters(String topic, String query) {
        return get("/api/deadletters/" + topic + "?" + query);
    }

    /** {@code GET /api/deadletters/{topic}/{partition}/{offset}}. */
    public HttpResponse<String> deadLetter(String topic, int partition, long offset) {
        return get(deadLetterPath(topic, partition, offset));
    }

    /** {@code POST /api/deadletters/{topic}/{partition}/{offset}/replay}. */
    public HttpResponse<String> replay(String topic, int partition, long offset) {
        return post(deadLetterPath(topic, partition, offset) + "/replay", "application/json", null);
    }

    /** {@code POST /api/deadletters/{topic}/replay}: every pending dead letter matching {@code filterJson}. */
    public HttpResponse<String> replayAll(String topic, String filterJson) {
        return post("/api/deadletters/" + topic + "/replay", filterJson);
    }

    /** {@code POST /api/deadletters/{topic}/{partition}/{offset}/discard} with {@code json} (the reason). */
    public HttpResponse<String> discard(String topic, int partition, long offset, String json) {
        return post(deadLetterPath(topic, partition, offset) + "/discard", json);
    }

    /** {@code POST /api/directory/import}: JSON lines or CSV, as {@code contentType} says. */
    public HttpResponse<String> importDirectory(String contentType, String body) {
        return post("/api/directory/import", contentType, body);
    }

    /**
     * {@code POST /api/directory/import} of {@code body} streamed without a declared length (chunked), as a client
     * piping a file does.
     */
    public HttpResponse<String> importDirectoryStreamed(String contentType, byte[] body) {
        return send(request("/api/directory/import", timeout).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());
    }

    /** {@code GET /api/directory/members/{memberId}}. */
    public HttpResponse<String> member(String memberId) {
        return get("/api/directory/members/" + memberId);
    }

    /** {@code GET /api/audit?{query}} ({@code query} e.g. {@code actor=ops-alice&size=10}, or empty). */
    public HttpResponse<String> audit(String query) {
        return get("/api/audit?" + query);
    }

    /** {@code GET /actuator/health}: components too when the client has the admin token. */
    public HttpResponse<String> health() {
        return get("/actuator/health");
    }

    // ---- any path ----

    public HttpResponse<String> get(String path) {
        return send(request(path, timeout).GET().build());
    }

    /** POSTs {@code json} as {@code application/json}. */
    public HttpResponse<String> post(String path, String json) {
        return post(path, "application/json", json);
    }

    /** POSTs {@code body} (none when {@code null}) as {@code contentType}. */
    public HttpResponse<String> post(String path, String contentType, @Nullable String body) {
        return send(request(path, timeout).header("Content-Type", contentType)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build());
    }

    /**
     * Any method with {@code json} (no body when {@code null}) and extra headers as name, value pairs
     * ({@code "If-Match", "\"3\""}).
     */
    public HttpResponse<String> exchange(String method, String path, @Nullable String json, String... headers) {
        HttpRequest.Builder request = request(path, timeout).method(method, json == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** {@code GET path}, or empty when no answer came within {@code timeout} (not listening, too slow, gone). */
    public Optional<HttpResponse<String>> tryGet(String path, Duration timeout) {
        try {
            return Optional.of(HTTP.send(request(path, timeout).GET().build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The body of {@code response} as JSON. */
    public static JsonNode json(HttpResponse<String> response) {
        return EventJson.mapper().readTree(response.body());
    }

    private static String deadLetterPath(String topic, int partition, long offset) {
        return "/api/deadletters/" + topic + "/" + partition + "/" + offset;
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
