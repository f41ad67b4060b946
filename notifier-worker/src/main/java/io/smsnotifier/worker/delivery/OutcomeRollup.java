package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.SmsDelivered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the outcomes this instance published, per minute, status, kind and service, and adds them to
 * {@code outcome_minutes} every {@code notifier.delivery.outcome-rollup-every} (5 s): the console's chart then reads
 * an hour of minutes, never the ledger. Off the hot path: publishing adds to an in-memory counter; one batched
 * upsert per flush, whatever the traffic. A flush that fails keeps its counts for the next; an instance that dies
 * loses at most one flush's worth, which a chart can bear. Minutes older than {@link #KEPT} are purged as it flushes.
 * Thread-safe.
 */
@Component
class OutcomeRollup {

    static final Duration KEPT = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(OutcomeRollup.class);

    private record Key(Instant minute, String status, String kind, String service) {
    }

    private final Map<Key, LongAdder> pending = new ConcurrentHashMap<>();
    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    @Autowired
    OutcomeRollup(NamedParameterJdbcTemplate jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    OutcomeRollup(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Counts outcomes the broker has taken, in the minute they were published. */
    void record(List<SmsDelivered> published) {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        for (SmsDelivered outcome : published) {
            add(new Key(minute, outcome.status().name(), outcome.kind(),
                    outcome.service() == null ? "" : outcome.service()), 1);
        }
    }

    @Scheduled(fixedDelayString = "${notifier.delivery.outcome-rollup-every:5s}", initialDelayString = "PT5S")
    void flush() {
        List<Key> keys = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        // A counter may go only once nobody can add to it: a publish counts into the minute it began in, so give the
        // minute one more to finish.
        Instant idleBefore = clock.instant().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
        for (Map.Entry<Key, LongAdder> entry : pending.entrySet()) {
            long count = entry.getValue().sumThenReset();
            if (count > 0) {
                keys.add(entry.getKey());
                counts.add(count);
            } else if (entry.getKey().minute().isBefore(idleBefore)) {
                pending.remove(entry.getKey(), entry.getValue());
            }
        }
        try {
            if (!keys.isEmpty()) {
                upsert(keys, counts);
            }
            jdbc.update("delete from outcome_minutes where minute < :before",
                    new MapSqlParameterSource("before", Timestamp.from(clock.instant().minus(KEPT))));
        } catch (RuntimeException e) {
            for (int i = 0; i < keys.size(); i++) {
                add(keys.get(i), counts.get(i));
            }
            log.warn("outcome counts not written, kept for the next flush reason={}", e.getClass().getSimpleName());
        }
    }

    private void upsert(List<Key> keys, List<Long> counts) {
        // One statement for every key; distinct keys, so no row is changed twice in it.
        jdbc.update("""
                insert into outcome_minutes (minute, status, kind, service, count)
                select * from unnest(cast(:minutes as timestamptz[]), cast(:statuses as text[]),
                                     cast(:kinds as text[]), cast(:services as text[]), cast(:counts as bigint[]))
                on conflict (minute, status, kind, service)
                do update set count = outcome_minutes.count + excluded.count""",
                new MapSqlParameterSource()
                        .addValue("minutes", keys.stream().map(key -> key.minute().toString()).toArray(String[]::new))
                        .addValue("statuses", keys.stream().map(Key::status).toArray(String[]::new))
                        .addValue("kinds", keys.stream().map(Key::kind).toArray(String[]::new))
                        .addValue("services", keys.stream().map(Key::service).toArray(String[]::new))
                        .addValue("counts", counts.toArray(Long[]::new)));
    }

    private void add(Key key, long count) {
        pending.computeIfAbsent(key, k -> new LongAdder()).add(count);
    }
}
