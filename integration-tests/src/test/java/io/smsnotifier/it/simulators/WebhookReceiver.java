package io.smsnotifier.it.simulators;

import com.sun.net.httpserver.HttpExchange;
import io.smsnotifier.events.EventJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The user's own SMS gateway for a {@code webhook} service: records every request (the worker POSTs
 * {@code {"Type":1,"Data":{"Mobiles":[...],"Message":"...","Signature":"..."}}} or
 * {@code {"Type":2,"Data":{"Mobile":"...","Code":"..."}}}) and answers a programmable status.
 *
 * <p>Point the service at {@link #url(String)} (e.g. {@code receiver.url("/sms")} →
 * {@code http://127.0.0.1:<port>/sms}). Default answer: {@link #status(int)} (200) with {@link #body(String)}
 * ({@code {"ok":true}}); {@code failNext}/{@code behaviour} can answer another status
 * ({@link Behaviour#httpError(int)}), HTTP 200 with {@code {"code":...}} ({@link Behaviour#vendorError(String)}),
 * answer late ({@link Behaviour#after}), never answer or close the connection. Every request is recorded, whatever
 * the answer.
 */
public final class WebhookReceiver extends SimulatorServer<WebhookReceiver.Received> {

    /**
     * One request. {@code headers} is case-insensitive (multiple values joined with {@code ","});
     * {@code json} is {@code null} when the body is not JSON.
     */
    public record Received(String method, String path, String query, Map<String, String> headers, String body,
                           JsonNode json, Instant arrivedAt, int answeredStatus, Behaviour behaviour) {

        public String header(String name) {
            return headers.get(name);
        }
    }

    private volatile int status = 200;
    private volatile String body = "{\"ok\":true}";

    public WebhookReceiver() {
        super("webhook-receiver");
    }

    /** {@code http://127.0.0.1:<port>} + path. */
    public String url(String path) {
        return "http://" + endpoint() + (path.startsWith("/") ? path : "/" + path);
    }

    /** The status answered by default (200); survives nothing — {@link #reset()} restores 200. */
    public WebhookReceiver status(int status) {
        this.status = status;
        return this;
    }

    public WebhookReceiver body(String body) {
        this.body = body;
        return this;
    }

    /** Every request received, in arrival order. */
    public List<Received> received() {
        return requests();
    }

    /** Requests to this path. */
    public List<Received> received(String path) {
        return requests(r -> r.path().equals(path));
    }

    @Override
    protected void onReset() {
        status = 200;
        body = "{\"ok\":true}";
    }

    @Override
    protected void handle(HttpExchange exchange, Instant arrivedAt) throws IOException {
        String text = new String(readBody(exchange), StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        JsonNode json;
        try {
            json = text.isBlank() ? null : EventJson.mapper().readTree(text);
        } catch (JacksonException e) {
            json = null;
        }
        Received received = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), Collections.unmodifiableMap(headers), text, json, arrivedAt,
                0, null);
        Behaviour behaviour = decide(received);
        int answered;
        String answer;
        switch (behaviour.kind()) {
            case HTTP_ERROR -> {
                answered = behaviour.httpStatus();
                answer = behaviour.message() == null ? "{\"error\":\"" + answered + "\"}" : behaviour.message();
            }
            case VENDOR_ERROR -> {
                answered = 200;
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("code", behaviour.code());
                error.put("message", behaviour.message() == null ? behaviour.code() : behaviour.message());
                answer = EventJson.mapper().writeValueAsString(error);
            }
            case NO_ANSWER, CLOSE_CONNECTION -> {
                answered = 0;
                answer = null;
            }
            default -> {
                answered = status;
                answer = body;
            }
        }
        record(new Received(received.method(), received.path(), received.query(), received.headers(), text, json,
                arrivedAt, answered, behaviour));
        finish(exchange, behaviour, answered, "application/json", answer);
    }
}
