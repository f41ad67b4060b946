package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.it.TestPostgres;
import io.smsnotifier.worker.recipients.Recipient;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who owns a ledger row when a rebalance hands a record that is still being sent to another consumer (a session
 * timeout, a poll past {@code max.poll.interval.ms}): the same record under a new consumer generation is another
 * holder and waits, and takes over only once the first holder's lease or its instance's heartbeat has gone. A
 * holder that lost its rows cannot mark or settle them any more. Real PostgreSQL; before, the token was the
 * record's topic/partition/offset alone, so the new consumer won at once and both sent.
 */
class ClaimTakeoverTests {

    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration EXPIRY = Duration.ofSeconds(5);
    private static final String RECORD = "|sms.notify/0/5";
    private static final String PHONE = "+8613700000042";

    private NamedParameterJdbcTemplate jdbc;
    private Deliveries deliveries;
    private String eventId;

    @BeforeEach
    void ledger() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(TestPostgres.freshDatabaseUrl());
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new NamedParameterJdbcTemplate(dataSource);
        deliveries = new Deliveries(jdbc);
        eventId = "takeover-" + UUID.randomUUID();
        jdbc.getJdbcTemplate().update("insert into worker_instances (instance_id) values ('inst-a'), ('inst-b')");
    }

    @Test
    void theSameRecordUnderANewConsumerGenerationWaitsWhileTheFirstHolderIsAlive() {
        String first = "inst-a|member-1#1" + RECORD;
        String afterRebalance = "inst-a|member-2#2" + RECORD;
        LedgerEntry reserved = claim(first);
        assertThat(reserved.claimedHere()).isTrue();
        assertThat(reserved.written()).as("the claim writes nothing for a number without a row").isFalse();
        assertThat(deliveries.markSending(List.of(row(reserved, first)), "svc", null, "out-1", LEASE, Lane.BULK))
                .as("the request's mark writes the row, held by its claim").containsExactly(reserved.id());

        LedgerEntry seenAfterRebalance = claim(afterRebalance);
        assertThat(seenAfterRebalance.claimedHere()).as("the first consumer may still be sending").isFalse();
        LedgerEntry again = claim(first);
        assertThat(again.claimedHere()).as("a retry within the first generation").isTrue();

        assertThat(deliveries.markSending(List.of(row(seenAfterRebalance, afterRebalance)), "svc", null, "out-2",
                LEASE, Lane.BULK)).as("the consumer without the claim marks nothing").isEmpty();
        deliveries.settle(List.of(settlement(seenAfterRebalance, afterRebalance)));
        assertThat(row()).as("the consumer without the claim changed nothing")
                .containsEntry("status", "UNKNOWN").containsEntry("request_out_id", "out-1")
                .containsEntry("claim_token", first);
    }

    @Test
    void aCopyThatFoundNoRowSendsNothingWhenAnotherCopyWroteItMeanwhile() {
        String first = "inst-a|member-1#1" + RECORD;
        String second = "inst-b|member-3#3" + RECORD;
        LedgerEntry firstSees = claim(first);
        LedgerEntry secondSees = claim(second);
        assertThat(secondSees.written()).isFalse();
        assertThat(secondSees.id()).as("each reserves its own id").isNotEqualTo(firstSees.id());

        assertThat(deliveries.markSending(List.of(row(firstSees, first)), "svc", null, "out-1", LEASE, Lane.BULK))
                .containsExactly(firstSees.id());
        assertThat(deliveries.markSending(List.of(row(secondSees, second)), "svc", null, "out-2", LEASE, Lane.BULK))
                .as("the second copy's request must not leave").isEmpty();
        deliveries.settle(List.of(settlement(secondSees, second)));
        assertThat(row()).containsEntry("status", "UNKNOWN").containsEntry("request_out_id", "out-1")
                .containsEntry("claim_token", first);
        assertThat(jdbc.getJdbcTemplate().queryForObject("select count(*) from deliveries where event_id = ?",
                Integer.class, eventId)).isOne();
    }

    @Test
    void anotherInstanceTakesOverOnceTheHoldersHeartbeatHasGoneAndTheOldHolderCanNoLongerSettle() {
        String dead = "inst-a|member-1#1" + RECORD;
        String survivor = "inst-b|member-3#3" + RECORD;
        LedgerEntry held = claim(dead);
        deliveries.markSending(List.of(row(held, dead)), "svc", null, "out-1", LEASE, Lane.BULK);
        assertThat(claim(survivor).claimedHere()).isFalse();

        jdbc.getJdbcTemplate().update(
                "update worker_instances set heartbeat_at = now() - interval '1 minute' where instance_id = 'inst-a'");
        LedgerEntry taken = claim(survivor);
        assertThat(taken.claimedHere()).as("the holder's instance stopped its heartbeat").isTrue();
        assertThat(taken.inDoubt()).as("its request went out: the survivor resolves it").isTrue();

        deliveries.settle(List.of(settlement(held, dead)));
        assertThat(row()).containsEntry("status", "UNKNOWN").containsEntry("claim_token", survivor);
        deliveries.settle(List.of(settlement(taken, survivor)));
        assertThat(row()).containsEntry("status", "SENT");
    }

    private LedgerEntry claim(String token) {
        return deliveries.claim(List.of(new Deliveries.Claim(eventId, today(), "sms.notify", "sms",
                List.of(Recipient.reachable(null, PHONE)), token)), LEASE, EXPIRY).get(eventId).get(PHONE);
    }

    private LedgerRow row(LedgerEntry entry, String token) {
        return new LedgerRow(entry.id(), eventId, entry.ledgerDay(), PHONE, "sms", "sms.notify", null, "137****0042", token,
                entry.written());
    }

    private Deliveries.Settlement settlement(LedgerEntry entry, String token) {
        return new Deliveries.Settlement(row(entry, token).asWritten(), DeliveryStatus.SENT, "svc", "m-1", null, null,
                null, 1, true);
    }

    private Map<String, Object> row() {
        return jdbc.getJdbcTemplate().queryForMap(
                "select status, claim_token, request_out_id from deliveries where event_id = ?", eventId);
    }

    private static String today() {
        return LedgerDays.of(java.time.Instant.now());
    }
}
