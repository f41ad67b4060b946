package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.it.TestPostgres;
import io.smsnotifier.worker.recipients.Recipient;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot path's updates of a ledger row (the settle after the row was written as its request left; on a retry, the
 * row marked not sent and marked sending again; the release) stay in place (HOT: no new entry in any index) with
 * every index the migrations made, the partial ones of the read paths included (V25's
 * {@code deliveries_receipted} is entered by the receipt alone). The receipt's own update is the one that pays: it
 * sets {@code receipt_at}, and so writes a new version into every index. PostgreSQL counts both per transaction.
 */
class LedgerHotUpdateTests {

    /**
     * Few enough that every new version fits on the rows' page: an update stays in place only where it finds room
     * (fillfactor 80, V9), which an index has nothing to do with.
     */
    private static final int NUMBERS = 5;

    private static Deliveries deliveries;
    private static ReceiptLedger receipts;
    private static JdbcTemplate plain;
    private static TransactionTemplate transaction;

    @BeforeAll
    static void migrate() {
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(TestPostgres.freshDatabaseUrl(), true);
        Flyway.configure().dataSource(dataSource).load().migrate();
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource);
        deliveries = new Deliveries(jdbc);
        receipts = new ReceiptLedger(jdbc);
        plain = new JdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Test
    void markingSettlingPublishingAndReleasingARoundUpdateEveryRowInPlaceAndTheReceiptDoesNot() {
        String token = "holder|m#1|sms.notify/0/" + UUID.randomUUID();
        List<Recipient> recipients = new ArrayList<>();
        for (int n = 0; n < NUMBERS; n++) {
            recipients.add(Recipient.reachable(null, "+86138%08d".formatted(n)));
        }
        List<LedgerRow> rows = new ArrayList<>();
        transaction.executeWithoutResult(status -> deliveries.claim(List.of(new Deliveries.Claim("hot-1",
                        LedgerDays.of(java.time.Instant.now()), "sms.notify", "sms", recipients, token)),
                        Duration.ofSeconds(60), Duration.ofSeconds(5))
                .values().forEach(entries -> entries.values().forEach(entry -> rows.add(new LedgerRow(entry.id(),
                        "hot-1", entry.ledgerDay(), entry.recipientKey(), "sms", "sms.notify", null, null, token,
                        entry.written())))));
        List<LedgerRow> held = rows.stream().map(LedgerRow::asWritten).toList();
        List<Deliveries.Settlement> sent = rows.stream().map(row -> new Deliveries.Settlement(row.asWritten(),
                DeliveryStatus.SENT, "svc", "biz-1", null, null, null, 1, true)).toList();

        Updates inserted = updates(() -> deliveries.markSending(rows, "svc", null, "out-1", Duration.ofSeconds(60),
                Lane.BULK));
        Updates notSent = updates(() -> deliveries.markNotSent(held));
        Updates markedAgain = updates(() -> deliveries.markSending(rows.stream().map(LedgerRow::asWritten).toList(),
                "svc", null, "out-2", Duration.ofSeconds(60), Lane.BULK));
        Updates settled = updates(() -> deliveries.settle(sent));
        Updates released = updates(() -> deliveries.release(held));
        Updates received = updates(() -> receipts.change(recipients.stream().map(recipient -> new Receipts.Receipt(
                "svc", "biz-1", recipient.key(), true, "DELIVERED", null, null)).toList()));

        assertThat(inserted.updated()).as("a new number's row is inserted as its request leaves").isZero();
        for (Updates step : List.of(notSent, markedAgain, settled)) {
            assertThat(step.updated()).as("every row").isEqualTo(NUMBERS);
            assertThat(step.inPlace()).as("in place").isEqualTo(NUMBERS);
        }
        // Settled rows were let go as they were settled: the release finds none still held.
        assertThat(released.inPlace()).isEqualTo(released.updated());
        assertThat(received.updated()).isEqualTo(NUMBERS);
        assertThat(received.inPlace()).as("the receipt enters deliveries_receipted").isZero();
    }

    /**
     * Runs {@code step} in a transaction of its own and counts the ledger's rows it updated, and how many in place:
     * the counters read before and after it, inside the transaction, when PostgreSQL does not flush them (it may add
     * earlier transactions' counts that it has not flushed yet, the same to both readings).
     */
    private static Updates updates(Runnable step) {
        return transaction.execute(status -> {
            Updates before = counted();
            step.run();
            Updates after = counted();
            return new Updates(after.updated() - before.updated(), after.inPlace() - before.inPlace());
        });
    }

    private static Updates counted() {
        return plain.queryForObject("""
                select sum(pg_stat_get_xact_tuples_updated(i.inhrelid)),
                       sum(pg_stat_get_xact_tuples_hot_updated(i.inhrelid))
                  from pg_inherits i where i.inhparent = cast('deliveries' as regclass)""",
                (rs, n) -> new Updates(rs.getLong(1), rs.getLong(2)));
    }

    private record Updates(long updated, long inPlace) {
    }
}
