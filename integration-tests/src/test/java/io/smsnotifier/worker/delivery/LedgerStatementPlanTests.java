package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.it.TestPostgres;
import io.smsnotifier.worker.recipients.Recipient;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plans PostgreSQL picks for the ledger statements of large rounds: each row is found once through the primary
 * key. A statement that joined the new values with the locked rows as two sources was planned, once PostgreSQL
 * had switched it to a generic plan that expects ten rows, as one scan of the locked rows per value: 10,000 ×
 * 10,000 comparisons for a round of 10,000 numbers, which stalled approval fan-outs for minutes. The plan shows
 * it whatever the machine's speed.
 */
class LedgerStatementPlanTests {

    private static final int EVENTS = 4;
    private static final int NUMBERS = 500;
    /** More than the five runs after which PostgreSQL may plan a prepared statement for any parameters. */
    private static final int ROUNDS = 8;

    private static final List<JsonNode> plans = new ArrayList<>();
    private static Deliveries deliveries;
    private static JdbcTemplate plain;

    /** Runs every ledger update under {@code EXPLAIN ANALYZE} (which executes it) and keeps its plan. */
    private static final class ExplainingJdbc extends NamedParameterJdbcTemplate {
        private final ObjectMapper json = new ObjectMapper();

        ExplainingJdbc(SingleConnectionDataSource dataSource) {
            super(dataSource);
        }

        @Override
        public int update(String sql, SqlParameterSource params) {
            String plan = queryForObject("explain (analyze, format json) " + sql, params, String.class);
            plans.add(json.readTree(plan).get(0).get("Plan"));
            return 0;
        }

        /** The sending mark is an insert that returns the rows it marked: explained too (the claim is not). */
        @Override
        public void query(String sql, SqlParameterSource params, RowCallbackHandler handler) {
            if (sql.strip().startsWith("insert")) {
                update(sql, params);
            } else {
                super.query(sql, params, handler);
            }
        }
    }

    @BeforeAll
    static void migrate() {
        // One connection, as a pooled one is: its prepared statements, and the generic plans PostgreSQL switches
        // them to after five runs, live as long as it does.
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(TestPostgres.freshDatabaseUrl(), true);
        Flyway.configure().dataSource(dataSource).load().migrate();
        deliveries = new Deliveries(new ExplainingJdbc(dataSource));
        plain = new JdbcTemplate(dataSource);
    }

    @Test
    void largeRoundsFindEachLedgerRowOnceWhenTheyMarkSettlePublishAndRelease() {
        for (int round = 0; round < ROUNDS; round++) {
            deliverRound("plan-" + round + "-");
        }

        assertThat(plans).hasSize(5 * ROUNDS);
        for (JsonNode plan : plans) {
            assertThat(rowsRemovedByJoinFilters(plan)).as("rows compared and thrown away by a join\n%s", plan)
                    .isZero();
        }
    }

    private static void deliverRound(String prefix) {
        String token = "holder|m#1|approval.reached/0/" + UUID.randomUUID();
        List<Deliveries.Claim> claims = new ArrayList<>();
        for (int event = 0; event < EVENTS; event++) {
            List<Recipient> recipients = new ArrayList<>();
            for (int number = 0; number < NUMBERS; number++) {
                recipients.add(Recipient.reachable(null, "+86138%08d".formatted(event * NUMBERS + number)));
            }
            claims.add(new Deliveries.Claim(prefix + event, today(), "approval.reached", "sms", recipients, token));
        }
        List<LedgerRow> rows = new ArrayList<>();
        deliveries.claim(claims, Duration.ofSeconds(60), Duration.ofSeconds(5)).forEach((eventId, entries) ->
                entries.values().forEach(entry -> rows.add(new LedgerRow(entry.id(), eventId, entry.ledgerDay(),
                        entry.recipientKey(), "sms", "approval.reached", null, null, token, entry.written()))));
        // As autovacuum does on a busy ledger.
        plain.execute("analyze deliveries");
        List<LedgerRow> held = rows.stream().map(LedgerRow::asWritten).toList();
        List<Deliveries.Settlement> settlements = rows.stream()
                .map(row -> new Deliveries.Settlement(row.asWritten(), DeliveryStatus.SENT, "svc", "m-" + row.id(),
                        null, null, null, 1, false)).toList();

        deliveries.markSending(rows, "svc", null, "out-1", Duration.ofSeconds(60), Lane.BULK);
        deliveries.markNotSent(held);
        deliveries.settle(settlements);
        deliveries.markPublished(held);
        deliveries.release(held);
    }

    private static long rowsRemovedByJoinFilters(JsonNode node) {
        long removed = node.path("Rows Removed by Join Filter").asLong(0);
        for (JsonNode child : node.path("Plans")) {
            removed += rowsRemovedByJoinFilters(child);
        }
        return removed;
    }

    private static String today() {
        return LedgerDays.of(java.time.Instant.now());
    }
}
