package io.smsnotifier.worker.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deletes what is older than {@link RetentionProperties} says, but the ledger, whose days {@link LedgerPartitions}
 * drops whole, off the hot path: a scheduled task, one small
 * batch per statement (each its own transaction), a short rest between batches. Every instance may run it; the
 * deletes are idempotent and skip rows another instance is deleting or a delivery is writing ({@code skip locked}).
 */
@Component
class RetentionPurger {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurger.class);
    private static final Duration REST = Duration.ofMillis(50);

    private final NamedParameterJdbcTemplate jdbc;
    private final RetentionProperties retention;
    private final DeadLetterHistory deadLetterHistory;

    RetentionPurger(NamedParameterJdbcTemplate jdbc, RetentionProperties retention,
                    DeadLetterHistory deadLetterHistory) {
        this.jdbc = jdbc;
        this.retention = retention;
        this.deadLetterHistory = deadLetterHistory;
    }

    @Scheduled(fixedDelayString = "${notifier.retention.every:10m}", initialDelayString = "PT2M")
    void purgeOnSchedule() {
        try {
            Map<String, Integer> purged = purge();
            if (purged.values().stream().anyMatch(count -> count > 0)) {
                log.info("retention purge deleted {}", purged);
            }
        } catch (RuntimeException e) {
            log.warn("retention purge failed, next try in {}: {}", retention.every(), e.toString());
        }
    }

    /** Runs every purge to the end; returns the rows deleted per table. */
    Map<String, Integer> purge() {
        Map<String, Integer> purged = new LinkedHashMap<>();
        purged.put("login_code_sends", inBatches("""
                delete from login_code_sends where ctid in (
                    select ctid from login_code_sends
                     where sent_at < now() - :ageMillis * interval '1 millisecond'
                     order by sent_at limit :batch for update skip locked)
                """, retention.loginCodeSends()));
        purged.put("dead_letter_actions", purgeDeadLetterActions());
        purged.put("admin_audit", inBatches("""
                delete from admin_audit where id in (
                    select id from admin_audit
                     where at < now() - :ageMillis * interval '1 millisecond'
                     order by at limit :batch for update skip locked)
                """, retention.audit()));
        return purged;
    }

    /** Kept as long as the dead-letter topics keep their records; when the broker cannot tell, kept this time. */
    private int purgeDeadLetterActions() {
        DeadLetterHistory.Keep keep;
        try {
            keep = deadLetterHistory.keep();
        } catch (RuntimeException e) {
            log.warn("dead-letter history not purged this time: {}", e.getMessage());
            return 0;
        }
        if (keep.age() == null) {
            return 0;
        }
        return inBatches("""
                delete from dead_letter_actions where ctid in (
                    select ctid from dead_letter_actions
                     where acted_at < now() - :ageMillis * interval '1 millisecond'
                     order by acted_at limit :batch for update skip locked)
                """, keep.age());
    }

    private int inBatches(String delete, Duration age) {
        // The age and the batch go in as numbers of the configuration, not parameters: PostgreSQL then plans each
        // statement for its real cutoff. With parameters, a pooled connection's generic plan would read the whole
        // ledger for each batch (LedgerQueryBenchmark on 10,000,000 rows: 52,000,000 rows read, 75 s).
        String statement = delete.replace(":ageMillis", Long.toString(age.toMillis()))
                .replace(":batch", Integer.toString(retention.batchSize()));
        int total = 0;
        while (true) {
            int deleted = jdbc.update(statement, new MapSqlParameterSource());
            total += deleted;
            if (deleted < retention.batchSize()) {
                return total;
            }
            try {
                Thread.sleep(REST);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return total;
            }
        }
    }
}
