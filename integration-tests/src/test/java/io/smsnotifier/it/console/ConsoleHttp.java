package io.smsnotifier.it.console;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The console as a hand-written client sees it, with no browser: java.net.http with a cookie jar, redirects not
 * followed, so that a test sees each answer (its status, its {@code Set-Cookie}) and can send what no page would,
 * such as a POST without the CSRF token or a viewer's POST to a change URL. Not thread-safe (one per test).
 */
public final class ConsoleHttp {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String baseUrl;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private final Map<String, String> headers;
    private @Nullable String csrf;

    ConsoleHttp(String baseUrl) {
        this(baseUrl, Map.of());
    }

    /** A client that sends {@code headers} with every request (an {@code X-Forwarded-For}, as a proxy would). */
    ConsoleHttp(String baseUrl, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.headers = Map.copyOf(headers);
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Signs in with {@code token} as the sign-in page does (its CSRF token included): the answer to the POST,
     * a redirect to the overview when the token is right.
     */
    public HttpResponse<String> signIn(String token) {
        get("/console/sign-in");
        return post("/console/sign-in", Map.of("token", token), true);
    }

    /** {@code GET path}, remembering the CSRF token of the page if it has a form. */
    public HttpResponse<String> get(String path) {
        return get(path, Map.of());
    }

    /** {@code GET path} with extra headers. */
    public HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).GET();
        headers.forEach(request::header);
        HttpResponse<String> response = send(request.build());
        Matcher field = CSRF_FIELD.matcher(response.body());
        if (field.find()) {
            csrf = field.group(1);
        }
        return response;
    }

    /**
     * POSTs {@code form} as {@code application/x-www-form-urlencoded}, with the CSRF token of the last page read
     * when {@code withCsrf}, else without any.
     */
    public HttpResponse<String> post(String path, Map<String, String> form, boolean withCsrf) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (withCsrf) {
            if (csrf == null) {
                get("/console/sign-in");
            }
            fields.put("_csrf", csrf);
        }
        String body = fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * Any {@code method} without a body, with the CSRF token of the last page read as the {@code X-CSRF-TOKEN}
     * header (as htmx sends it) when {@code withCsrf}.
     */
    public HttpResponse<String> exchange(String method, String path, boolean withCsrf) {
        HttpRequest.Builder request = request(path).method(method, HttpRequest.BodyPublishers.noBody());
        if (withCsrf) {
            if (csrf == null) {
                get("/console/sign-in");
            }
            request.header("X-CSRF-TOKEN", csrf);
        }
        return send(request.build());
    }

    /** The CSRF token of the last page read that had a form, or {@code null}. */
    public @Nullable String csrf() {
        return csrf;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return request;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
