package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.it.TestPostgres;
import io.smsnotifier.worker.recipients.Recipient;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration to the partitioned ledger (V26) on a ledger of 1,000,000 rows (issue 21, item 2): no row is lost or
 * changed, the old ledger becomes a partition without being copied, and a copy of an event it holds still finds its
 * rows there: a settled number is not sent again, an open one is taken and marked where it is. Prints how long the
 * migration held the ledger, both ways the migration's comment describes: all in the migration, and with the
 * indexes and the check built beforehand while delivery goes on.
 */
class LedgerMigrationTests {

    private static final int ROWS = 1_000_000;

    @Test
    void movesAMillionRowLedgerWithoutLosingARowAndItsEventsAreStillRecognised() {
        JdbcTemplate sql = ledgerBeforePartitions();
        String before = fingerprint(sql);

        long held = migrate(sql);

        assertThat(fingerprint(sql)).as("every row, unchanged, read through the partitioned ledger").isEqualTo(before);
        assertThat(sql.queryForList("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                 where i.inhparent = 'deliveries'::regclass and c.relname = 'deliveries_before_partitions'""",
                String.class)).as("the old ledger, attached, not copied").hasSize(1);
        Deliveries deliveries = new Deliveries(new NamedParameterJdbcTemplate(sql));
        String today = LedgerDays.of(Instant.now());
        Map<String, Map<String, LedgerEntry>> claimed = deliveries.claim(List.of(
                claim("old-7", today, "+8613700000007"), claim("old-8", today, "+8613700000008"),
                claim("new-1", today, "+8613700000001")), Duration.ofSeconds(60), Duration.ofSeconds(5));

        LedgerEntry settled = claimed.get("old-7").get("+8613700000007");
        assertThat(settled.written()).isTrue();
        assertThat(settled.status()).as("a copy of an event settled before the migration").isEqualTo(
                DeliveryStatus.SENT);
        assertThat(settled.ledgerDay()).isEqualTo(LedgerDays.BEFORE_PARTITIONS);
        LedgerEntry open = claimed.get("old-8").get("+8613700000008");
        assertThat(open.written()).isTrue();
        assertThat(open.status()).as("left open before the migration").isNull();
        assertThat(open.claimedHere()).isTrue();
        LedgerEntry fresh = claimed.get("new-1").get("+8613700000001");
        assertThat(fresh.written()).isFalse();
        assertThat(fresh.id()).as("ids go on from the old ledger's").isGreaterThan(ROWS);
        Set<Long> marked = deliveries.markSending(List.of(row("old-8", open), row("new-1", fresh)), "aliyun-main",
                null, "out-1", Duration.ofSeconds(60), Lane.BULK);
        assertThat(marked).containsExactlyInAnyOrder(open.id(), fresh.id());
        assertThat(sql.queryForList("select tableoid::regclass::text from deliveries where event_id in"
                + " ('old-8', 'new-1') order by event_id desc", String.class))
                .containsExactly("deliveries_before_partitions", "deliveries_" + today.replace("-", ""));
        assertThat(sql.queryForObject("select count(*) from deliveries", Long.class)).isEqualTo(ROWS + 1L);

        JdbcTemplate prepared = ledgerBeforePartitions();
        String preparedBefore = fingerprint(prepared);
        long preparedFor = prepare(prepared);
        long heldPrepared = migrate(prepared);
        assertThat(fingerprint(prepared)).isEqualTo(preparedBefore);
        System.out.printf("V26 on %,d rows: the ledger held %,d ms; with the indexes and the check built beforehand "
                + "(%,d ms, delivery going on) %,d ms%n", ROWS, held, preparedFor, heldPrepared);
    }

    /** A ledger at V25 of {@value #ROWS} rows over 30 days, every tenth left open, as a worker leaves it. */
    private static JdbcTemplate ledgerBeforePartitions() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestPostgres.freshDatabaseUrl());
        Flyway.configure().dataSource(dataSource).target("25").load().migrate();
        JdbcTemplate sql = new JdbcTemplate(dataSource);
        sql.update("""
                insert into deliveries (event_id, recipient_key, channel, kind, phone_masked, status, service,
                                        provider_message_id, attempt, created_at, updated_at)
                select 'old-' || g, '+86137' || lpad(g::text, 8, '0'), 'sms', 'sms.notify', '+86137****' || right(g::text, 4),
                       case when g % 10 = 8 then 'PENDING' else 'SENT' end, 'aliyun-main', 'biz-' || g, 1,
                       now() - (? - g) * interval '30 days' / ?, now()
                  from generate_series(1, ?) g""", ROWS, ROWS, ROWS);
        sql.execute("vacuum analyze deliveries");
        return sql;
    }

    private static long migrate(JdbcTemplate sql) {
        long start = System.nanoTime();
        Flyway.configure().dataSource(sql.getDataSource()).load().migrate();
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    /** The statements V26's comment gives for a large ledger, run as it says: while delivery goes on. */
    private static long prepare(JdbcTemplate sql) {
        long start = System.nanoTime();
        sql.execute("alter table deliveries add column if not exists ledger_day date not null default '-infinity'");
        sql.execute("""
                create unique index concurrently if not exists deliveries_legacy_key
                    on deliveries (event_id, recipient_key, channel, ledger_day)""");
        sql.execute("alter table deliveries add constraint deliveries_legacy_key unique using index "
                + "deliveries_legacy_key");
        sql.execute("create index concurrently if not exists deliveries_legacy_id on deliveries (id)");
        sql.execute("alter table deliveries add constraint deliveries_legacy_day check (ledger_day = '-infinity') "
                + "not valid");
        sql.execute("alter table deliveries validate constraint deliveries_legacy_day");
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static String fingerprint(JdbcTemplate sql) {
        return sql.queryForObject("""
                select count(*) || ' ' || sum(id) || ' ' || md5(string_agg(event_id || recipient_key || status
                       || coalesce(provider_message_id, '') || created_at::text, ',' order by id))
                  from deliveries""", String.class);
    }

    private static Deliveries.Claim claim(String eventId, String day, String phone) {
        return new Deliveries.Claim(eventId, day, "sms.notify", "sms", List.of(Recipient.reachable(null, phone)),
                "test|m#1|sms.notify/0/1");
    }

    private static LedgerRow row(String eventId, LedgerEntry entry) {
        return new LedgerRow(entry.id(), eventId, entry.ledgerDay(), entry.recipientKey(), "sms", "sms.notify", null,
                null, "test|m#1|sms.notify/0/1", entry.written());
    }
}
