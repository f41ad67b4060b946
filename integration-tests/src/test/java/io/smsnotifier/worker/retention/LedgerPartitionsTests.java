package io.smsnotifier.worker.retention;

import io.smsnotifier.it.TestPostgres;
import io.smsnotifier.worker.delivery.LedgerDays;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention by partition on real PostgreSQL (issue 21, item 2): the ledger keeps a partition for every day an event
 * may have and two ahead; a day a day past the retention is dropped whole, rows of every state with it, and the
 * days kept are untouched; the ledger from before partitions goes once its newest row is past the retention.
 */
class LedgerPartitionsTests {

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'deliveries_'yyyyMMdd");

    private DriverManagerDataSource dataSource;
    private JdbcTemplate sql;

    @BeforeEach
    void freshDatabase() {
        dataSource = new DriverManagerDataSource(TestPostgres.freshDatabaseUrl());
        sql = new JdbcTemplate(dataSource);
    }

    @Test
    void dropsTheDaysPastTheRetentionWholeAndLeavesTheDaysKept() {
        Flyway.configure().dataSource(dataSource).load().migrate();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        row("past", today.minusDays(12), "SENT");
        row("past-open", today.minusDays(12), "UNKNOWN");
        row("oldest-kept", today.minusDays(11), "SENT");
        row("current", today, "PENDING");
        row("tomorrow", today.plusDays(1), "SENT");
        LedgerPartitions partitions = partitions(Duration.ofDays(10), Clock.systemUTC());

        LedgerPartitions.Changes changes = partitions.keep();

        assertThat(changes.created()).as("the migration made every day of the default 30 and two ahead").isEmpty();
        assertThat(changes.dropped()).as("31 to 12 days ago").hasSize(20)
                .contains(NAME.format(today.minusDays(31)), NAME.format(today.minusDays(12)))
                .doesNotContain(NAME.format(today.minusDays(11)));
        assertThat(days()).containsExactlyElementsOf(Stream.iterate(today.minusDays(11), day -> day.plusDays(1))
                .limit(14).map(NAME::format).toList());
        assertThat(sql.queryForList("select event_id from deliveries order by event_id", String.class))
                .as("the days kept are untouched").containsExactly("current", "oldest-kept", "tomorrow");
        assertThat(partitions.keep()).as("nothing more to do").isEqualTo(new LedgerPartitions.Changes(List.of(),
                List.of()));
    }

    @Test
    void createsTheDaysAheadAsTheyComeAndDropsTheOnesThatPass() {
        Flyway.configure().dataSource(dataSource).load().migrate();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        row("current", today, "SENT");
        Clock inThreeDays = Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC);

        LedgerPartitions.Changes changes = partitions(Duration.ofDays(30), inThreeDays).keep();

        assertThat(changes.created()).containsExactly(NAME.format(today.plusDays(3)), NAME.format(today.plusDays(4)),
                NAME.format(today.plusDays(5)));
        assertThat(changes.dropped()).containsExactly(NAME.format(today.minusDays(31)),
                NAME.format(today.minusDays(30)), NAME.format(today.minusDays(29)));
        row("in-three-days", today.plusDays(3), "SENT");
        assertThat(sql.queryForList("select event_id from deliveries order by event_id", String.class))
                .containsExactly("current", "in-three-days");
    }

    @Test
    void theLedgerFromBeforePartitionsGoesOnceItsNewestRowIsPastTheRetention() {
        Flyway.configure().dataSource(dataSource).target("25").load().migrate();
        sql.update("insert into deliveries (event_id, recipient_key, channel, kind, status, created_at) values "
                + "('before', '+8613700000001', 'sms', 'sms.notify', 'SENT', now() - interval '40 days')");
        Flyway.configure().dataSource(dataSource).load().migrate();

        assertThat(partitions(Duration.ofDays(60), Clock.systemUTC()).keep().dropped()).as("within 60 days")
                .doesNotContain("deliveries_before_partitions");
        assertThat(sql.queryForObject("select ledger_day::text from deliveries where event_id = 'before'",
                String.class)).isEqualTo("-infinity");

        LedgerPartitions.Changes changes = partitions(Duration.ofDays(30), Clock.systemUTC()).keep();

        assertThat(changes.dropped()).contains("deliveries_before_partitions");
        assertThat(sql.queryForObject("select count(*) from deliveries", Long.class)).isZero();
        assertThat(sql.queryForObject("select nextval('deliveries_id_seq')", Long.class))
                .as("the ledger's ids go on: the sequence went over to the partitioned ledger").isEqualTo(2L);
    }

    private LedgerPartitions partitions(Duration retention, Clock clock) {
        return new LedgerPartitions(sql, new LedgerDays(retention, clock), new RetentionProperties(retention,
                Duration.ofDays(1), Duration.ofDays(90), Duration.ofDays(400), 1000, Duration.ofMinutes(10)));
    }

    private void row(String eventId, LocalDate day, String status) {
        sql.update("insert into deliveries (event_id, ledger_day, recipient_key, channel, kind, status) values "
                + "(?, ?, '+8613700000001', 'sms', 'sms.notify', ?)", eventId, day, status);
    }

    private List<String> days() {
        return sql.queryForList("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                 where i.inhparent = 'deliveries'::regclass order by 1""", String.class);
    }
}
