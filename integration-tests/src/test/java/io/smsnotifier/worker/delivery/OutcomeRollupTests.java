package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.SmsDelivered;
import io.smsnotifier.it.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's outcome counts on real PostgreSQL: what publishers counted reaches {@code outcome_minutes} at each
 * flush, added to (two instances, two flushes) rather than overwritten, and the chart reads the last hour's minutes
 * without the ledger.
 */
class OutcomeRollupTests {

    private NamedParameterJdbcTemplate jdbc;

    @BeforeEach
    void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestPostgres.freshDatabaseUrl());
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    @Test
    void countsFromTwoInstancesAndTwoFlushesAddUpAndTheChartReadsOnlyTheLastHour() throws Exception {
        OutcomeRollup one = new OutcomeRollup(jdbc);
        OutcomeRollup two = new OutcomeRollup(jdbc);
        // Counted from several threads at once, as rounds publish.
        CompletableFuture.allOf(IntStream.range(0, 8).mapToObj(thread -> CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 250; i++) {
                one.record(List.of(outcome(DeliveryStatus.SENT, "login.code", "aliyun-main")));
            }
        })).toArray(CompletableFuture[]::new)).get();
        one.record(List.of(outcome(DeliveryStatus.FAILED, "sms.notify", null)));
        one.flush();
        one.record(List.of(outcome(DeliveryStatus.SENT, "login.code", "aliyun-main"),
                outcome(DeliveryStatus.DELIVERED, "login.code", "aliyun-main")));
        two.record(List.of(outcome(DeliveryStatus.SENT, "login.code", "aliyun-main")));
        one.flush();
        two.flush();
        // Two hours ago: not the chart's hour.
        OutcomeRollup earlier = new OutcomeRollup(jdbc,
                Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC));
        earlier.record(List.of(outcome(DeliveryStatus.SENT, "login.code", "aliyun-main")));
        earlier.flush();

        List<OutcomeCounts.Count> counts = new OutcomeCounts(new JdbcTemplate(((DriverManagerDataSource)
                jdbc.getJdbcTemplate().getDataSource()))).within(Duration.ofHours(1));

        assertThat(counts).containsExactly(new OutcomeCounts.Count("SENT", "login.code", 2_002),
                new OutcomeCounts.Count("DELIVERED", "login.code", 1),
                new OutcomeCounts.Count("FAILED", "sms.notify", 1));
        assertThat(jdbc.getJdbcTemplate().queryForObject("select sum(count) from outcome_minutes", Long.class))
                .isEqualTo(2_005);
    }

    @Test
    void aFlushThatFailsKeepsItsCountsForTheNext() {
        OutcomeRollup rollup = new OutcomeRollup(jdbc);
        rollup.record(List.of(outcome(DeliveryStatus.SENT, "sms.notify", "tencent-main")));
        jdbc.getJdbcTemplate().execute("alter table outcome_minutes rename to outcome_minutes_away");
        rollup.flush();
        jdbc.getJdbcTemplate().execute("alter table outcome_minutes_away rename to outcome_minutes");

        rollup.flush();

        assertThat(jdbc.getJdbcTemplate().queryForObject("select sum(count) from outcome_minutes", Long.class))
                .isEqualTo(1);
    }

    @Test
    void minutesOlderThanADayArePurgedAsItFlushes() {
        new OutcomeRollup(jdbc, Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC)) {
            {
                record(List.of(outcome(DeliveryStatus.SENT, "sms.notify", "aliyun-main")));
                flush();
            }
        };
        OutcomeRollup now = new OutcomeRollup(jdbc);
        now.record(List.of(outcome(DeliveryStatus.SENT, "sms.notify", "aliyun-main")));

        now.flush();

        List<Instant> minutes = new ArrayList<>(jdbc.getJdbcTemplate().queryForList(
                "select minute from outcome_minutes", java.sql.Timestamp.class).stream()
                .map(java.sql.Timestamp::toInstant).toList());
        assertThat(minutes).singleElement().satisfies(minute ->
                assertThat(minute).isAfter(Instant.now().minus(Duration.ofMinutes(2))));
    }

    private static SmsDelivered outcome(DeliveryStatus status, String kind, String service) {
        return new SmsDelivered("e", kind, null, "+86138****0000", status, service, null, null, null, 1,
                Instant.now());
    }
}
