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
 * Deletes what is older than {@link RetentionProperties} says, off the hot path: a scheduled task, one small
 * batch per statement (each its own transaction), a short rest between batches. Every instance may run it; the
 * deletes are idempotent and skip rows another instance is deleting ({@code skip locked}).
 */
@Component
class RetentionPurger {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurger.class);
    private static final Duration REST = Duration.ofMillis(50);

    private final NamedParameterJdbcTemplate jdbc;
    private final RetentionProperties retention;

    RetentionPurger(NamedParameterJdbcTemplate jdbc, RetentionProperties retention) {
        this.jdbc = jdbc;
        this.retention = retention;
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
        // Open rows are being sent; unpublished outcomes are still owed to sms.delivery.
        purged.put("deliveries", inBatches("""
                delete from deliveries where id in (
                    select id from deliveries
                     where created_at < now() - :ageMillis * interval '1 millisecond'
                       and status not in ('PENDING', 'UNKNOWN') and outcome_published
                     order by created_at limit :batch for update skip locked)
                """, retention.deliveries()));
        purged.put("login_code_sends", inBatches("""
                delete from login_code_sends where ctid in (
                    select ctid from login_code_sends
                     where sent_at < now() - :ageMillis * interval '1 millisecond'
                     order by sent_at limit :batch for update skip locked)
                """, retention.loginCodeSends()));
        purged.put("dead_letter_actions", inBatches("""
                delete from dead_letter_actions where ctid in (
                    select ctid from dead_letter_actions
                     where acted_at < now() - :ageMillis * interval '1 millisecond'
                     order by acted_at limit :batch for update skip locked)
                """, retention.deadLetterActions()));
        return purged;
    }

    private int inBatches(String delete, Duration age) {
        MapSqlParameterSource params = new MapSqlParameterSource("ageMillis", age.toMillis())
                .addValue("batch", retention.batchSize());
        int total = 0;
        while (true) {
            int deleted = jdbc.update(delete, params);
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
