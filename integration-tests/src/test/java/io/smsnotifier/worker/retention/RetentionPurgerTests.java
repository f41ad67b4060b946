package io.smsnotifier.worker.retention;

import io.smsnotifier.it.TestPostgres;
import io.smsnotifier.worker.topics.NotifierTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention on real PostgreSQL and a real broker: login-code counts, the audit log and the dead-letter history are
 * deleted in small batches (the ledger's days are dropped whole: {@link LedgerPartitionsTests}); a count within the
 * day the per-day limit needs stays; the history of replays and discards stays as long as the dead-letter topics
 * keep records (issue 19, item 4).
 */
class RetentionPurgerTests {

    private static final Duration DAY = Duration.ofDays(1);

    private static EmbeddedKafkaKraftBroker broker;
    private static Admin admin;

    private DriverManagerDataSource dataSource;
    private JdbcTemplate sql;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.destroy();
    }

    @BeforeEach
    void freshDatabase() {
        dataSource = new DriverManagerDataSource(TestPostgres.freshDatabaseUrl());
        Flyway.configure().dataSource(dataSource).load().migrate();
        sql = new JdbcTemplate(dataSource);
    }

    @Test
    void deletesWhatIsOlderThanItsRetentionAndLeavesTheLedgerToItsPartitions() {
        sql.update("insert into login_code_sends (event_id, phone, sent_at) values "
                + "('lc-old', '+8613700000001', now() - interval '25 hours'), "
                + "('lc-today', '+8613700000001', now() - interval '23 hours')");
        deadLetterAction(1, "100 days");
        deadLetterAction(2, "10 days");
        sql.update("insert into admin_audit (actor, action, target, at) values "
                + "('ops', 'service.update', 'service:old', now() - interval '401 days'), "
                + "('ops', 'service.update', 'service:kept', now() - interval '399 days')");
        // A row made 40 days ago of an event of today: the ledger's retention goes by the event's day
        // (LedgerPartitionsTests), and no row is deleted one by one.
        sql.update("insert into deliveries (event_id, recipient_key, channel, kind, status, created_at) values "
                + "('made-long-ago', '+8613700000001', 'sms', 'sms.notify', 'SENT', now() - interval '40 days')");
        RetentionPurger purger = purger(topics("absent."), 3);

        Map<String, Integer> purged = purger.purge();

        assertThat(purged).containsExactly(Map.entry("login_code_sends", 1), Map.entry("dead_letter_actions", 1),
                Map.entry("admin_audit", 1));
        assertThat(sql.queryForList("select event_id from login_code_sends", String.class))
                .as("a login-code count is kept a day at least").containsExactly("lc-today");
        assertThat(sql.queryForList("select record_offset from dead_letter_actions", Long.class)).containsExactly(2L);
        assertThat(sql.queryForList("select target from admin_audit", String.class)).containsExactly("service:kept");
        assertThat(sql.queryForList("select event_id from deliveries", String.class)).containsExactly("made-long-ago");
        assertThat(purger.purge().values()).as("nothing left to delete").containsOnly(0);
    }

    @Test
    void keepsTheDeadLetterHistoryAsLongAsTheLongestKeptDeadLetterTopic() throws Exception {
        createTopic("long.sms.notify-dlt", Duration.ofDays(200).toMillis());
        createTopic("long.approval.reached-dlt", Duration.ofDays(7).toMillis());
        deadLetterAction(1, "100 days");
        deadLetterAction(2, "199 days");
        deadLetterAction(3, "201 days");

        Map<String, Integer> purged = purger(topics("long."), 1000).purge();

        assertThat(purged.get("dead_letter_actions")).isEqualTo(1);
        assertThat(sql.queryForList("select record_offset from dead_letter_actions order by 1", Long.class))
                .as("the topic still holds these records: replay all must not resend them").containsExactly(1L, 2L);
        DeadLetterHistory.Keep keep = history(topics("long.")).keep();
        assertThat(keep.age()).isEqualTo(Duration.ofDays(200));
        assertThat(keep.why()).as("the line logged at start").startsWith("kept=200d configured=90d "
                + "topic=long.sms.notify-dlt retention.ms=17280000000: the configured retention is shorter");
    }

    @Test
    void keepsTheDeadLetterHistoryForEverWhileADeadLetterTopicKeepsRecordsForEver() throws Exception {
        createTopic("ever.sms.notify-dlt", -1);
        createTopic("ever.login.code-dlt", Duration.ofDays(7).toMillis());
        deadLetterAction(1, "1000 days");

        Map<String, Integer> purged = purger(topics("ever."), 1000).purge();

        assertThat(purged.get("dead_letter_actions")).isZero();
        assertThat(sql.queryForList("select record_offset from dead_letter_actions", Long.class)).containsExactly(1L);
        DeadLetterHistory.Keep keep = history(topics("ever.")).keep();
        assertThat(keep.age()).isNull();
        assertThat(keep.why()).as("the line logged at start").startsWith("kept=forever configured=90d "
                + "topic=ever.sms.notify-dlt keeps records for ever");
    }

    @Test
    void keepsTheDeadLetterHistoryWhenTheBrokerCannotTellAndPurgesTheRest() {
        deadLetterAction(1, "1000 days");
        sql.update("insert into admin_audit (actor, action, target, at) values "
                + "('ops', 'service.update', 'service:old', now() - interval '401 days')");
        KafkaAdmin nowhere = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000));
        RetentionProperties retention = retention(1000);
        RetentionPurger purger = new RetentionPurger(new NamedParameterJdbcTemplate(dataSource), retention,
                new DeadLetterHistory(nowhere, topics("absent."), retention));

        Map<String, Integer> purged = purger.purge();

        assertThat(purged.get("dead_letter_actions")).isZero();
        assertThat(purged.get("admin_audit")).isEqualTo(1);
        assertThat(sql.queryForList("select record_offset from dead_letter_actions", Long.class)).containsExactly(1L);
    }

    private RetentionPurger purger(NotifierTopics topics, int batchSize) {
        RetentionProperties retention = retention(batchSize);
        return new RetentionPurger(new NamedParameterJdbcTemplate(dataSource), retention, history(topics));
    }

    private static DeadLetterHistory history(NotifierTopics topics) {
        return new DeadLetterHistory(new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString())), topics, retention(1000));
    }

    private static RetentionProperties retention(int batchSize) {
        return new RetentionProperties(Duration.ofDays(30), Duration.ofHours(1), Duration.ofDays(90),
                DAY.multipliedBy(400), batchSize, Duration.ofMinutes(10));
    }

    private static NotifierTopics topics(String prefix) {
        return new NotifierTopics(prefix + "approval.reached", prefix + "approval.cc", prefix + "login.code",
                prefix + "sms.notify", prefix + "sms.delivery", prefix + "directory.members",
                prefix + "directory.departments", 1, (short) 1, Duration.ofHours(1));
    }

    private static void createTopic(String name, long retentionMs) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retentionMs)))))
                .all().get(30, TimeUnit.SECONDS);
    }

    private void deadLetterAction(long offset, String age) {
        sql.update("insert into dead_letter_actions (topic, partition_no, record_offset, action, actor, acted_at) "
                + "values ('sms.notify-dlt', 0, ?, 'REPLAYED', 'ops', now() - cast(? as interval))", offset, age);
    }
}
