package io.smsnotifier.worker.delivery;

import io.smsnotifier.it.TestPostgres;
import io.smsnotifier.worker.recipients.Recipient;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim's plan on a day of 50,000 settled rows (issue 21): a claim of 500 numbers, half of them of events the day
 * holds, reads each number's row through the key, planned for its parameters and generically, and never reads the
 * day. With the old ledger's day as an {@code or} beside the event's, and the rows' state as a filter, PostgreSQL
 * joined the whole day by hash for each claim, and a backlog drained at 20 SMS/s (the delivery benchmark's workload
 * d). Rows read, not times.
 */
class ClaimPlanTests {

    private static final int DAY_ROWS = 50_000;
    private static final int NUMBERS = 500;

    @Test
    void aClaimReadsItsNumbersThroughTheKeyAndNeverTheDay() {
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(TestPostgres.freshDatabaseUrl(), true);
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate plain = new JdbcTemplate(dataSource);
        String today = LedgerDays.of(Instant.now());
        plain.update("""
                insert into deliveries (event_id, ledger_day, recipient_key, channel, kind, status, service, attempt)
                select 'ev-' || g / 10, cast(? as date), '+86137' || lpad(g::text, 8, '0'), 'sms', 'sms.notify',
                       'SENT', 'svc', 1
                  from generate_series(0, ? - 1) g""", today, DAY_ROWS);
        plain.execute("analyze deliveries");
        PlanRecorder recorder = new PlanRecorder(dataSource);
        Deliveries deliveries = new Deliveries(new NamedParameterJdbcTemplate(recorder));
        List<Deliveries.Claim> claims = new ArrayList<>();
        for (int event = 0; event < NUMBERS / 10; event++) {
            // Even events are the day's (a redelivery: their rows are there), odd ones new.
            String eventId = event % 2 == 0 ? "ev-" + event * 100 : "new-" + event;
            List<Recipient> recipients = new ArrayList<>();
            for (int n = 0; n < 10; n++) {
                recipients.add(Recipient.reachable(null, "+86137%08d".formatted(event * 1000 + n)));
            }
            claims.add(new Deliveries.Claim(eventId, today, "sms.notify", "sms", recipients, "test|m#1|t/0/1"));
        }

        PlanRecorder.Captured captured = recorder.capture(() -> deliveries.claim(claims, Duration.ofSeconds(60),
                Duration.ofSeconds(5)), true);

        for (List<PlanRecorder.Plan> plans : List.of(captured.custom(), captured.generic())) {
            String text = String.join("\n", plans.stream().map(PlanRecorder.Plan::text).toList());
            assertThat(plans.stream().mapToLong(plan -> plan.rowsRead("deliveries")).sum())
                    .as("rows read: each number's once for the rows there, twice more for the lock\n%s", text)
                    .isLessThanOrEqualTo(3L * NUMBERS);
        }
    }
}
