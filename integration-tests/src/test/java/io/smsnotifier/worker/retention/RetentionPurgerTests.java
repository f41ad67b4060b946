package io.smsnotifier.worker.retention;

import io.smsnotifier.it.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention on real PostgreSQL: old ledger rows (full numbers), login-code counts and dead-letter audit entries
 * are deleted in small batches; a ledger row still being sent or whose outcome is not yet published stays,
 * however old; a count within the day the per-day limit needs stays.
 */
class RetentionPurgerTests {

    @Test
    void deletesWhatIsOlderThanItsRetentionInBatchesAndKeepsWhatIsStillOwed() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestPostgres.freshDatabaseUrl());
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate sql = new JdbcTemplate(dataSource);
        for (int i = 0; i < 7; i++) {
            ledgerRow(sql, "old-sent-" + i, "SENT", true, "40 days");
        }
        ledgerRow(sql, "old-unknown", "UNKNOWN", true, "40 days");
        ledgerRow(sql, "old-pending", "PENDING", true, "40 days");
        ledgerRow(sql, "old-unpublished", "FAILED", false, "40 days");
        ledgerRow(sql, "recent-sent", "SENT", true, "29 days");
        sql.update("insert into login_code_sends (event_id, phone, sent_at) values "
                + "('lc-old', '+8613700000001', now() - interval '25 hours'), "
                + "('lc-today', '+8613700000001', now() - interval '23 hours')");
        sql.update("insert into dead_letter_actions (topic, partition_no, record_offset, action, actor, acted_at) "
                + "values ('sms.notify-dlt', 0, 1, 'REPLAYED', 'ops', now() - interval '100 days'), "
                + "('sms.notify-dlt', 0, 2, 'DISCARDED', 'ops', now() - interval '10 days')");
        RetentionPurger purger = new RetentionPurger(new NamedParameterJdbcTemplate(dataSource),
                new RetentionProperties(Duration.ofDays(30), Duration.ofHours(1), Duration.ofDays(90), 3,
                        Duration.ofMinutes(10)));

        Map<String, Integer> purged = purger.purge();

        assertThat(purged).containsExactly(Map.entry("deliveries", 7), Map.entry("login_code_sends", 1),
                Map.entry("dead_letter_actions", 1));
        assertThat(sql.queryForList("select event_id from deliveries order by event_id", String.class))
                .containsExactly("old-pending", "old-unknown", "old-unpublished", "recent-sent");
        assertThat(sql.queryForList("select event_id from login_code_sends", String.class))
                .as("a login-code count is kept a day at least").containsExactly("lc-today");
        assertThat(sql.queryForList("select record_offset from dead_letter_actions", Long.class)).containsExactly(2L);
        assertThat(purger.purge().values()).as("nothing left to delete").containsOnly(0);
    }

    private static void ledgerRow(JdbcTemplate sql, String eventId, String status, boolean published, String age) {
        sql.update("insert into deliveries (event_id, recipient_key, channel, kind, status, outcome_published, "
                + "created_at, updated_at) values (?, '+8613700000001', 'sms', 'sms.notify', ?, ?, "
                + "now() - cast(? as interval), now() - cast(? as interval))", eventId, status, published, age, age);
    }

}
