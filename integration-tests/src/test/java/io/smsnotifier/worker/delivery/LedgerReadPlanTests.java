package io.smsnotifier.worker.delivery;

import io.smsnotifier.it.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plans of the ledger's reads that a person or a timer starts, on 1,000,000 rows over 30 days, a partition a day
 * of about 33,000 ({@link LedgerFill}; with a tenth of it, partitions small enough to read whole for less than their
 * indexes cost made plans no larger ledger has), as {@link LedgerQueryBenchmark} explains them on 10,000,000: a search without an event id,
 * number or member reads its window and no more, a page after a cursor reads one page, the handset statistics read
 * the hour's reports through their index, and a receipt pull's run after the first reads what came since. Rows
 * read, not times: the plan shows it whatever the machine's speed.
 */
class LedgerReadPlanTests {

    private static final int ROWS = 1_000_000;

    private static JdbcTemplate plain;
    private static PlanRecorder recorder;
    private static NamedParameterJdbcTemplate jdbc;

    @BeforeAll
    static void ledgerOf1000000Rows() {
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(TestPostgres.freshDatabaseUrl(), true);
        Flyway.configure().dataSource(dataSource).load().migrate();
        plain = new JdbcTemplate(dataSource);
        LedgerFill.deliveries(plain, ROWS);
        plain.execute("vacuum analyze deliveries");
        recorder = new PlanRecorder(dataSource);
        jdbc = new NamedParameterJdbcTemplate(recorder);
    }

    @Test
    void aSearchByKindAloneReadsTheLast24HoursAndNoMore() {
        DeliverySearch search = new DeliverySearch(jdbc);
        long lastDay = count("created_at > now() - interval '24 hours'");

        List<PlanRecorder.Plan> plans = recorder.once(() -> search.find(new DeliverySearch.Query(null, null, null,
                null, "api.send", null, null, null), 0, 50), false);

        assertThat(rowsRead(plans)).as("rows read\n%s", text(plans)).isPositive()
                .isLessThanOrEqualTo(lastDay + 1 + partitionSlack());
    }

    @Test
    void aPageAfterACursorReadsThatPageAlone() {
        DeliverySearch search = new DeliverySearch(jdbc);
        DeliverySearch.Query week = new DeliverySearch.Query(null, null, null, null, null, null,
                Instant.now().minus(DeliverySearch.MAX_WINDOW), null);
        DeliverySearch.Page first = search.find(week, 0, 50);

        List<PlanRecorder.Plan> plans = recorder.once(() -> search.find(week,
                DeliverySearch.Cursor.parse(first.next()), 0, 50), false);

        // The page and one more row, the cursor's own row (thrown away) and the next one the sort looks at.
        assertThat(rowsRead(plans)).as("rows read\n%s", text(plans)).isLessThanOrEqualTo(51 + 2 + partitionSlack());
    }

    @Test
    void handsetStatisticsReadTheHoursReportsThroughTheirIndexAndTwoHoursOfSends() {
        long bound = count("receipt_at > now() - interval '1 hour'") + count("created_at > now() - interval '2 hours'");

        List<PlanRecorder.Plan> plans = recorder.once(() -> new HandsetStats(jdbc).lastHour(), false);

        assertThat(text(plans)).as("deliveries_receipted, on each day").contains("_receipt_at_idx");
        assertThat(rowsRead(plans)).as("rows read\n%s", text(plans)).isLessThanOrEqualTo(bound + 1 + partitionSlack());
    }

    @Test
    void aReceiptPullRunAfterTheFirstReadsOnlyWhatCameSinceUntilTheNextFullPass() {
        MovableClock clock = new MovableClock();
        ReceiptPulls pulls = new ReceiptPulls(jdbc, clock);
        Duration after = Duration.ofMinutes(5);
        Duration horizon = Duration.ofHours(72);
        long recent = count("created_at > now() - interval '20 minutes'");
        // webhook-gw: every report came, nothing is due; its rows are 10 % of the window's.
        Runnable claim = () -> pulls.claim("webhook-gw", after, horizon, 50);
        Runnable mark = () -> pulls.markNoReceipt("webhook-gw", horizon, 1000);

        List<PlanRecorder.Plan> firstClaimPlans = recorder.once(claim, true);
        long firstClaim = rowsRead(firstClaimPlans);
        long firstMark = rowsRead(recorder.once(mark, true));
        List<PlanRecorder.Plan> nextClaimPlans = recorder.once(claim, true);
        long nextClaim = rowsRead(nextClaimPlans);
        long nextMark = rowsRead(recorder.once(mark, true));
        clock.now = clock.now.plus(ReceiptPulls.FULL_PASS_EVERY).plusSeconds(1);
        long fullClaim = rowsRead(recorder.once(claim, true));

        long window = count("created_at > now() - interval '71 hours' and created_at < now() - interval '1 hour'");
        assertThat(firstClaim).as("the window, 72 hours\n%s", text(firstClaimPlans)).isGreaterThan(window);
        assertThat(firstMark).as("the window past the horizon").isGreaterThan(count(
                "created_at < now() - interval '73 hours' and created_at > now() - interval '143 hours'"));
        assertThat(nextClaim).as("since the last run, less the margin\n%s", text(nextClaimPlans))
                .isLessThanOrEqualTo(recent);
        assertThat(nextMark).as("since the last run, less the margin").isLessThanOrEqualTo(recent);
        assertThat(fullClaim).as("a full pass again").isGreaterThan(window);
    }

    /**
     * What reading a window by days costs beyond the window's rows: a merge of the days' index scans (newest first)
     * reads one row of each day it does not need, and today's partition, small just after midnight, may be read
     * whole rather than through an index.
     */
    private static long partitionSlack() {
        return count("ledger_day = (now() at time zone 'UTC')::date") + LedgerFill.DAYS + 3;
    }

    private static long count(String where) {
        Long count = plain.queryForObject("select count(*) from deliveries where " + where, Long.class);
        return count == null ? 0 : count;
    }

    private static long rowsRead(List<PlanRecorder.Plan> plans) {
        return plans.stream().mapToLong(plan -> plan.rowsRead("deliveries")).sum();
    }

    private static String text(List<PlanRecorder.Plan> plans) {
        return String.join("\n", plans.stream().map(PlanRecorder.Plan::text).toList());
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
