package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.it.TestPostgres;
import io.smsnotifier.worker.recipients.Recipient;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger statements of concurrent rounds on real PostgreSQL: copies of the same events handled at once by
 * different consumers (one copy claims while another marks, settles and releases the same rows, each in its own
 * order) wait for each other and never deadlock. A deadlock aborts one statement after a second; when the
 * aborted one was a settle, numbers a vendor had accepted were left in doubt and resent (the duplicate that
 * {@code FaultDuplicateEventsTests.copiesOfOneEventHandledAtOnceOnDifferentPartitions} caught now and then).
 */
class LedgerLockOrderTests {

    private static final int COPIES = 3;
    private static final int EVENTS = 60;
    private static final int ROUNDS = 15;

    private static Deliveries deliveries;

    @BeforeAll
    static void migrate() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestPostgres.freshDatabaseUrl());
        Flyway.configure().dataSource(dataSource).load().migrate();
        deliveries = new Deliveries(new NamedParameterJdbcTemplate(dataSource));
    }

    @Test
    void concurrentCopiesClaimingAndSettlingTheSameRowsInDifferentOrdersNeverDeadlock() throws Exception {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int round = 0; round < ROUNDS; round++) {
            String prefix = "lock-" + UUID.randomUUID() + "-";
            CyclicBarrier start = new CyclicBarrier(COPIES);
            try (ExecutorService copies = Executors.newFixedThreadPool(COPIES)) {
                List<Future<?>> running = new ArrayList<>();
                for (int copy = 0; copy < COPIES; copy++) {
                    int seed = round * COPIES + copy;
                    running.add(copies.submit(() -> {
                        start.await();
                        handleCopy(prefix, "copy-" + seed, new Random(seed));
                        return null;
                    }));
                }
                for (Future<?> copy : running) {
                    try {
                        copy.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add(e.getCause());
                    }
                }
            }
        }
        assertThat(failures).as("statements aborted by PostgreSQL (deadlock detected is SQLSTATE 40P01)")
                .isEmpty();
    }

    /** One copy's round: claim every event (in its own order), then mark, settle and let go of what it holds. */
    private static void handleCopy(String prefix, String token, Random random) {
        List<Deliveries.Claim> claims = new ArrayList<>();
        for (int event = 0; event < EVENTS; event++) {
            List<Recipient> recipients = new ArrayList<>();
            for (int n = 0; n < 4; n++) {
                recipients.add(Recipient.reachable(null, String.format("+86137%04d%04d", event, n)));
            }
            Collections.shuffle(recipients, random);
            claims.add(new Deliveries.Claim(prefix + event, today(), "sms.notify", "sms", recipients, token));
        }
        Collections.shuffle(claims, random);
        Map<String, Map<String, LedgerEntry>> ledger = deliveries.claim(claims, Duration.ofSeconds(60),
                Duration.ofSeconds(5));
        List<LedgerRow> mine = new ArrayList<>();
        ledger.forEach((eventId, rows) -> rows.values().stream().filter(LedgerEntry::claimedHere)
                .forEach(entry -> mine.add(new LedgerRow(entry.id(), eventId, entry.ledgerDay(),
                        entry.recipientKey(), "sms", "sms.notify", null, null, token, entry.written()))));
        Collections.shuffle(mine, random);
        Set<Long> marked = deliveries.markSending(mine, "svc", null, token, Duration.ofSeconds(60), Lane.BULK);
        List<LedgerRow> held = new ArrayList<>();
        List<Deliveries.Settlement> settlements = new ArrayList<>();
        for (LedgerRow row : mine) {
            if (marked.contains(row.id())) {
                held.add(row.asWritten());
                settlements.add(new Deliveries.Settlement(row.asWritten(), DeliveryStatus.SENT, "svc",
                        "m-" + row.id(), null, null, null, 1, true));
            }
        }
        Collections.shuffle(settlements, random);
        deliveries.settle(settlements);
        deliveries.release(held);
    }

    private static String today() {
        return LedgerDays.of(java.time.Instant.now());
    }
}
