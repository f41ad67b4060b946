package io.smsnotifier.worker.console;

import io.smsnotifier.worker.deadletter.DeadLetters;
import io.smsnotifier.worker.delivery.OutcomeCounts;
import io.smsnotifier.worker.providers.ServiceStatus;
import io.smsnotifier.worker.providers.ServiceStatuses;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the overview shows, gathered from the modules that know it: PostgreSQL's and Kafka's health (the same
 * checks as {@code /actuator/health}, each cached for a second there), every SMS service's state, the last
 * hour's outcomes from the ledger, and the dead-letter backlog. Reading the backlog means reading each
 * dead-letter topic, so it is kept for {@value #BACKLOG_SECONDS} s: however many consoles are open, the topics
 * are read at most that often. A part that cannot be read shows as unavailable; the rest still shows.
 */
@Component
class ConsoleOverview {

    static final Duration WINDOW = Duration.ofHours(1);
    static final int BACKLOG_SECONDS = 10;

    private static final Logger log = LoggerFactory.getLogger(ConsoleOverview.class);

    /** The ledger's statuses in the order the chart stacks them, each with its badge tone. */
    private static final Map<String, String> TONES = tones();

    private final HealthIndicator database;
    private final HealthIndicator kafka;
    private final ServiceStatuses services;
    private final OutcomeCounts outcomes;
    private final DeadLetters deadLetters;
    private final Clock clock = Clock.systemUTC();
    private @Nullable Backlog backlog;

    ConsoleOverview(@Qualifier("db") HealthIndicator database, @Qualifier("kafka") HealthIndicator kafka,
                    ServiceStatuses services, OutcomeCounts outcomes, DeadLetters deadLetters) {
        this.database = database;
        this.kafka = kafka;
        this.services = services;
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
    }

    private static Map<String, String> tones() {
        Map<String, String> tones = new LinkedHashMap<>();
        tones.put("DELIVERED", "ok");
        tones.put("SENT", "ok");
        tones.put("PENDING", "muted");
        tones.put("RATE_LIMITED", "warn");
        tones.put("EXPIRED", "warn");
        tones.put("SKIPPED", "muted");
        tones.put("FAILED", "bad");
        tones.put("UNDELIVERED", "bad");
        return tones;
    }

    /** The whole overview, as of now. */
    Snapshot snapshot() {
        return new Snapshot(clock.instant(), database(), kafka(), services.statuses(), chart(), backlog());
    }

    /** {@code ok}, {@code warn}, {@code bad} or {@code muted}: the badge of a ledger status. */
    static String tone(String status) {
        return TONES.getOrDefault(status, "muted");
    }

    private Check database() {
        Health health = database.health();
        return new Check(health.getStatus().getCode(), tone(health.getStatus()),
                text(health.getDetails().get("error")));
    }

    private KafkaState kafka() {
        Health health = kafka.health();
        Map<String, Object> details = health.getDetails();
        Object lag = details.get("consumerLag");
        Map<String, Long> lagByListener = new TreeMap<>();
        String lagUnavailable = null;
        if (lag instanceof Map<?, ?> groups) {
            groups.forEach((group, records) -> lagByListener.put(String.valueOf(group),
                    records instanceof Number number ? number.longValue() : 0L));
        } else if (lag != null) {
            lagUnavailable = lag.toString();
        }
        Object brokers = details.get("brokers");
        return new KafkaState(new Check(health.getStatus().getCode(), tone(health.getStatus()),
                text(details.get("error"))), brokers instanceof Number number ? number.intValue() : null,
                lagByListener, lagUnavailable);
    }

    private @Nullable Chart chart() {
        List<OutcomeCounts.Count> counts;
        try {
            counts = outcomes.within(WINDOW);
        } catch (RuntimeException e) {
            log.warn("console overview: could not count the last hour's outcomes: {}", e.getClass().getSimpleName());
            return null;
        }
        Map<String, Map<String, Long>> byKind = new TreeMap<>();
        Map<String, Long> byStatus = new LinkedHashMap<>();
        TONES.keySet().forEach(status -> byStatus.put(status, 0L));
        for (OutcomeCounts.Count count : counts) {
            byKind.computeIfAbsent(count.kind(), kind -> new LinkedHashMap<>()).merge(count.status(), count.count(),
                    Long::sum);
            byStatus.merge(count.status(), count.count(), Long::sum);
        }
        long max = byKind.values().stream().mapToLong(statuses -> statuses.values().stream()
                .mapToLong(Long::longValue).sum()).max().orElse(0);
        List<ChartRow> rows = new ArrayList<>();
        byKind.forEach((kind, statuses) -> {
            long total = statuses.values().stream().mapToLong(Long::longValue).sum();
            List<Segment> segments = new ArrayList<>();
            // Stacked in the order of TONES, then any status the ledger gains later.
            List<String> order = new ArrayList<>(TONES.keySet());
            statuses.keySet().stream().filter(status -> !TONES.containsKey(status)).forEach(order::add);
            for (String status : order) {
                long n = statuses.getOrDefault(status, 0L);
                if (n > 0) {
                    segments.add(new Segment(status, tone(status), n));
                }
            }
            rows.add(new ChartRow(kind, total, max == 0 ? 0 : Math.max(1, Math.round(100.0 * total / max)),
                    segments));
        });
        List<Segment> legend = new ArrayList<>();
        byStatus.forEach((status, n) -> legend.add(new Segment(status, tone(status), n)));
        return new Chart(rows, legend, byStatus.values().stream().mapToLong(Long::longValue).sum());
    }

    private synchronized @Nullable Backlog backlog() {
        Instant now = clock.instant();
        if (backlog == null || backlog.readAt().isBefore(now.minusSeconds(BACKLOG_SECONDS))) {
            try {
                backlog = new Backlog(now, deadLetters.backlog());
            } catch (RuntimeException e) {
                log.warn("console overview: could not read the dead-letter topics: {}", e.getClass().getSimpleName());
                return null;
            }
        }
        return backlog;
    }

    private static String tone(Status status) {
        if (Status.UP.equals(status)) {
            return "ok";
        }
        return Status.DOWN.equals(status) || Status.OUT_OF_SERVICE.equals(status) ? "bad" : "warn";
    }

    private static @Nullable String text(@Nullable Object detail) {
        return detail == null ? null : detail.toString();
    }

    /** The overview at {@code at}; a part that could not be read is {@code null}. */
    record Snapshot(Instant at, Check database, KafkaState kafka, List<ServiceStatus> services,
                    @Nullable Chart outcomes, @Nullable Backlog backlog) {
    }

    /** A health check's status ({@code UP}, {@code DOWN}, ...), its badge tone and what went wrong. */
    record Check(String status, String tone, @Nullable String error) {
    }

    /**
     * Kafka's health: brokers that answered, and the records each listener's consumer group has yet to process
     * ({@code lagUnavailable} says why there are none, when the broker answered but the lag could not be read).
     */
    record KafkaState(Check health, @Nullable Integer brokers, Map<String, Long> lagByListener,
                      @Nullable String lagUnavailable) {
    }

    /** The last hour's outcomes: a stacked bar per kind, and the total per status (the legend). */
    record Chart(List<ChartRow> rows, List<Segment> legend, long total) {
    }

    /** One kind's bar: {@code width} is its total as a percentage of the largest kind's. */
    record ChartRow(String kind, long total, long width, List<Segment> segments) {
    }

    record Segment(String status, String tone, long count) {
    }

    /** The pending dead letters per topic, as read at {@code readAt}. */
    record Backlog(Instant readAt, List<DeadLetters.Backlog> topics) {

        int pending() {
            return topics.stream().mapToInt(DeadLetters.Backlog::pending).sum();
        }
    }
}
