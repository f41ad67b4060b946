package io.smsnotifier.it.simulators;

import io.smsnotifier.events.EventJson;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tencent Cloud's SMS status callback (短信下发状态回调), as the vendor does it: once a send is accepted, POSTs of a
 * JSON array with a report per number, at most {@value #BATCH} to a POST, on a thread of their own so that they may
 * arrive before the send's own answer; a non-200 is retried on a shortened schedule; reports may be repeated.
 * Used by {@link TencentSmsSimulator#reportTo(String)}; thread-safe.
 */
public final class TencentReportPusher implements AutoCloseable {

    /** The most reports the vendor puts in one callback. */
    static final int BATCH = 100;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Asia/Shanghai"));
    /** The vendor's retries of a refused callback, shortened (as {@link AliyunReportPusher#RETRIES}). */
    static final List<Duration> RETRIES = AliyunReportPusher.RETRIES;

    /** One POST the pusher made and the worker's answer (0: no answer). */
    public record Push(String body, int status, String answer) {
    }

    private record Failure(String code, String description) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    /** Schedules the vendor's retries after a refused push. */
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("tencent-report-retries").factory());
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    /** E.164 → what its reports say instead of delivered. */
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final List<Runnable> waiting = new CopyOnWriteArrayList<>();
    private volatile String url;
    private volatile int copies = 1;
    private volatile boolean held;

    /** Where to push; null stops pushing. */
    void url(String url) {
        this.url = url;
    }

    /**
     * Reports for {@code phone} (as sent or E.164) say {@code FAIL} with the carrier's {@code code} in {@code errmsg}
     * (e.g. {@code MK:0001}) and {@code description}.
     */
    public TencentReportPusher undelivered(String phone, String code, String description) {
        failures.put(TencentSmsSimulator.e164(phone), new Failure(code, description));
        return this;
    }

    /** Each push is sent {@code copies} times (the vendor repeats reports). */
    public TencentReportPusher copies(int copies) {
        this.copies = copies;
        return this;
    }

    /** Pushes wait for {@link #release()} (say, until the send's outcome is out), instead of going at once. */
    public TencentReportPusher hold() {
        held = true;
        return this;
    }

    /** Sends the pushes held so far, and lets later ones go at once. */
    public void release() {
        held = false;
        waiting.forEach(Runnable::run);
        waiting.clear();
    }

    /** Every POST made so far, retries and copies included. */
    public List<Push> pushes() {
        return List.copyOf(pushes);
    }

    void reset() {
        url = null;
        copies = 1;
        held = false;
        waiting.clear();
        failures.clear();
        pushes.clear();
    }

    /**
     * The numbers of an accepted send, E.164 → its {@code SerialNo}: reported in arrays of at most {@value #BATCH},
     * on a thread of their own.
     */
    void accepted(Map<String, String> serialNumbers, String sessionContext) {
        String target = url;
        if (target == null || serialNumbers.isEmpty()) {
            return;
        }
        List<Map<String, Object>> reports = new ArrayList<>();
        serialNumbers.forEach((phone, serialNo) -> reports.add(report(phone, serialNo, sessionContext)));
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < reports.size(); from += BATCH) {
            bodies.add(EventJson.mapper().writeValueAsString(
                    reports.subList(from, Math.min(reports.size(), from + BATCH))));
        }
        int times = copies;
        Runnable push = () -> threads.submit(() -> {
            for (int i = 0; i < times; i++) {
                bodies.forEach(body -> pushAndRetry(target, body, 0));
            }
        });
        if (held) {
            waiting.add(push);
        } else {
            push.run();
        }
    }

    private Map<String, Object> report(String phone, String serialNo, String sessionContext) {
        Failure failure = failures.get(phone);
        String nationCode = TencentSmsSimulator.countryCode(phone);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("user_receive_time", TIME.format(Instant.now()));
        report.put("nationcode", nationCode);
        report.put("mobile", phone.substring(1 + nationCode.length()));
        report.put("report_status", failure == null ? "SUCCESS" : "FAIL");
        report.put("errmsg", failure == null ? "DELIVRD" : failure.code());
        report.put("description", failure == null ? "用户短信送达成功" : failure.description());
        report.put("sid", serialNo);
        report.put("ext", sessionContext == null ? "" : sessionContext);
        return report;
    }

    /** One POST of {@code body} to {@code url}, as the vendor makes it; the answer as it came. */
    public Push post(String url, String body) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Push(body, answer.statusCode(), answer.body());
        } catch (java.io.IOException e) {
            return new Push(body, 0, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Push(body, 0, "interrupted");
        }
    }

    /** Pushes {@code body}; one refused (not 200) is pushed again later, at most {@code RETRIES.size()} times. */
    private void pushAndRetry(String target, String body, int attempt) {
        Push push = post(target, body);
        pushes.add(push);
        if (push.status() != 200 && attempt < RETRIES.size()) {
            retries.schedule(() -> threads.submit(() -> pushAndRetry(target, body, attempt + 1)),
                    RETRIES.get(attempt).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
        threads.shutdownNow();
    }
}
