package io.smsnotifier.it.simulators;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;

/**
 * Alibaba Cloud's {@code SmsReport} HTTP push, as the vendor does it: once a send is accepted, one POST of a JSON
 * array with a report per number (a batch), on a thread of its own so it may arrive before the send's own answer;
 * a non-200 is retried on a shortened schedule (the vendor waits 1, 5 and 10 minutes); reports may be repeated.
 * Used by {@link AliyunSmsSimulator#reportTo(String)}; thread-safe.
 */
public final class AliyunReportPusher implements AutoCloseable {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(CHINA);
    /** The vendor's 1, 5 and 10 minutes, shortened. */
    static final List<Duration> RETRIES = List.of(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1));

    /** One POST the pusher made and the worker's answer (0: no answer). */
    public record Push(String body, int status, String answer) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    /** Schedules the vendor's retries after a refused push (its 1, 5 and 10 minutes, shortened). */
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("aliyun-report-retries").factory());
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private volatile String url;
    private volatile int copies = 1;
    private volatile boolean held;
    private final List<Runnable> waiting = new CopyOnWriteArrayList<>();

    /** Where to push; null stops pushing. */
    void url(String url) {
        this.url = url;
    }

    /** Reports for {@code phone} say UNDELIVERED with the carrier's {@code code} (e.g. {@code MK:0001}). */
    public AliyunReportPusher undelivered(String phone, String code) {
        failures.put(phone, code);
        return this;
    }

    /** Each push is sent {@code copies} times (the vendor repeats reports). */
    public AliyunReportPusher copies(int copies) {
        this.copies = copies;
        return this;
    }

    /** Pushes wait for {@link #release()} (say, until the send's outcome is out), instead of going at once. */
    public AliyunReportPusher hold() {
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

    /** The numbers of an accepted send: reported in one array, on a thread of its own. */
    void accepted(List<String> phones, String bizId, String outId, Instant sentAt) {
        String target = url;
        if (target == null) {
            return;
        }
        List<String> reports = new ArrayList<>();
        for (String phone : phones) {
            String code = failures.getOrDefault(phone, "DELIVERED");
            reports.add("""
                    {"phone_number":"%s","send_time":"%s","report_time":"%s","success":%s,"err_code":"%s",\
                    "err_msg":"%s","sms_size":"1","biz_id":"%s","out_id":"%s"}""".formatted(phone,
                    TIME.format(sentAt), TIME.format(Instant.now()), code.equals("DELIVERED"), code,
                    code.equals("DELIVERED") ? "用户接收成功" : "carrier refused", bizId, outId == null ? "" : outId));
        }
        String body = "[" + String.join(",", reports) + "]";
        int times = copies;
        Runnable push = () -> threads.submit(() -> {
            for (int i = 0; i < times; i++) {
                pushAndRetry(target, body, 0);
            }
        });
        if (held) {
            waiting.add(push);
        } else {
            push.run();
        }
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
