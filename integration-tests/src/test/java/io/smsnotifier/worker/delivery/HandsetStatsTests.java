package io.smsnotifier.worker.delivery;

import io.smsnotifier.it.TestPostgres;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * The handset statistics' one statement on real PostgreSQL, over ledger rows written directly: which reports and
 * sends count for the last hour, the rate, the percentiles of the time from {@code sending_at} to the handset, the
 * rows still awaiting a report, and the few seconds the result is kept.
 */
class HandsetStatsTests {

    private static final AtomicInteger ROWS = new AtomicInteger();

    private NamedParameterJdbcTemplate jdbc;

    @BeforeEach
    void ledger() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestPostgres.freshDatabaseUrl());
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    @Test
    void rateTimesToHandsetAndAwaitingPerServiceOverTheLastHour() {
        // ali-1: ten DELIVERED 1 to 10 s after the send, two UNDELIVERED, within the hour.
        for (int seconds = 1; seconds <= 10; seconds++) {
            row("ali-1", "DELIVERED", 600, 600 - seconds, (double) seconds);
        }
        row("ali-1", "UNDELIVERED", 900, 300, 600.0);
        row("ali-1", "UNDELIVERED", 900, 60, null);
        // Not this hour's reports: received two hours ago; about a send older than the horizon.
        row("ali-1", "DELIVERED", 7_300, 7_200, 100.0);
        row("ali-1", "DELIVERED", 2 * 86_400, 10, 1.0);
        // Awaiting: three sent within the hour; one sent two hours ago is not counted.
        for (int i = 0; i < 3; i++) {
            row("ali-1", "SENT", 120, null, null);
        }
        row("ali-1", "SENT", 7_200, null, null);
        row("ali-1", "FAILED", 60, null, null);
        // tencent-1: no handset time (the report's arrival counts), and a vendor clock behind ours (zero).
        row("tencent-1", "DELIVERED", 100, 96, null);
        row("tencent-1", "DELIVERED", 100, 98, -2.0);
        // quiet-1: nothing within the hour.
        row("quiet-1", "DELIVERED", 7_300, 7_200, 5.0);
        row("quiet-1", "SENT", 7_200, null, null);

        List<HandsetStats.Service> services = new HandsetStats(jdbc).lastHour();

        assertThat(services).extracting(HandsetStats.Service::service).containsExactly("ali-1", "tencent-1");
        HandsetStats.Service ali = services.getFirst();
        assertThat(ali.delivered()).isEqualTo(10);
        assertThat(ali.undelivered()).isEqualTo(2);
        assertThat(ali.receipts()).isEqualTo(12);
        assertThat(ali.rate()).isCloseTo(10.0 / 12, offset(1e-9));
        assertThat(ali.p50()).as("the median of 1..10 s, UNDELIVERED left out").isEqualTo(Duration.ofMillis(5_500));
        assertThat(ali.p95()).as("interpolated: 1 + 0.95 × 9 s").isEqualTo(Duration.ofMillis(9_550));
        assertThat(ali.awaiting()).isEqualTo(3);
        HandsetStats.Service tencent = services.get(1);
        assertThat(tencent.rate()).isEqualTo(1.0);
        assertThat(tencent.p50()).isEqualTo(Duration.ofMillis(1_500));
        assertThat(tencent.awaiting()).isZero();
    }

    @Test
    void aServiceWithSendsAndNoReportHasNoRateNorTimes() {
        row("webhook-1", "SENT", 30, null, null);

        HandsetStats.Service webhook = new HandsetStats(jdbc).lastHour().getFirst();

        assertThat(webhook.receipts()).isZero();
        assertThat(webhook.rate()).isNull();
        assertThat(webhook.p50()).isNull();
        assertThat(webhook.p95()).isNull();
        assertThat(webhook.awaiting()).isEqualTo(1);
    }

    @Test
    void theResultIsKeptForAFewSeconds() {
        MutableClock clock = new MutableClock();
        HandsetStats stats = new HandsetStats(jdbc, clock);
        row("ali-1", "DELIVERED", 60, 30, 1.0);
        assertThat(stats.lastHour().getFirst().receipts()).isEqualTo(1);

        row("ali-1", "UNDELIVERED", 60, 30, null);
        clock.now = clock.now.plusSeconds(HandsetStats.CACHE_SECONDS);
        assertThat(stats.lastHour().getFirst().receipts()).as("kept").isEqualTo(1);
        clock.now = clock.now.plusSeconds(1);
        assertThat(stats.lastHour().getFirst().receipts()).as("read again").isEqualTo(2);
    }

    /**
     * A ledger row of {@code service}: made {@code createdAgo} seconds ago and sent a second later; a report
     * received {@code receivedAgo} seconds ago (none when null) saying the handset got it {@code handsetAfterSend}
     * seconds after the send (no handset time when null).
     */
    private void row(String service, String status, long createdAgo, @Nullable Integer receivedAgo,
                     @Nullable Double handsetAfterSend) {
        int n = ROWS.incrementAndGet();
        jdbc.update("""
                insert into deliveries (event_id, recipient_key, channel, kind, status, service, provider_message_id,
                                        created_at, sending_at, receipt_at, handset_at, outcome_published)
                select :eventId, :key, 'sms', 'sms.notify', :status, :service, :messageId, t.created,
                       t.created + interval '1 second', now() - cast(:receivedAgo as integer) * interval '1 second',
                       t.created + interval '1 second' + cast(:handset as double precision) * interval '1 second',
                       true
                  from (select now() - cast(:createdAgo as integer) * interval '1 second' as created) t
                """, new MapSqlParameterSource("eventId", "stats-" + n).addValue("key", "+86138000" + (10_000 + n))
                .addValue("status", status).addValue("service", service).addValue("messageId", "biz-" + n)
                .addValue("createdAgo", createdAgo).addValue("receivedAgo", receivedAgo)
                .addValue("handset", handsetAfterSend));
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");

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
