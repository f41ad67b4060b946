package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.worker.recipients.Recipient;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The delivery ledger in PostgreSQL: one row per (event, recipient, channel). A number sent on the first try costs
 * two row writes: the row is inserted as its request leaves ({@link #markSending}: in flight, to which service,
 * under which out-id) and updated once with the vendor's answer ({@link #settle}, which also lets the claim go and
 * records that the outcome is on {@code sms.delivery}, published just before). The claim writes nothing for a
 * recipient without a row: it reserves the row's id. Rows already there (a redelivery, a replay, a retry) are
 * claimed by an update, as before.
 */
@Repository
class Deliveries {

    static final String PENDING = "PENDING";
    static final String UNKNOWN = "UNKNOWN";

    private final NamedParameterJdbcTemplate jdbc;
    private final SharedWrites sharedWrites;
    private final ClaimStatement claimStatement;
    private final KeyLookups keyLookups;

    Deliveries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.keyLookups = new KeyLookups(jdbc);
        this.sharedWrites = new SharedWrites(jdbc, keyLookups);
        this.claimStatement = new ClaimStatement(jdbc);
    }

    /**
     * One event's recipients to claim for one attempt.
     *
     * @param ledgerDay the event's day ({@link LedgerDays#of}): its rows are there, or in the ledger from before
     *                  partitions ({@link LedgerDays#BEFORE_PARTITIONS})
     */
    record Claim(String eventId, String ledgerDay, String kind, String channel, List<Recipient> recipients,
                 String claimToken) {
    }

    /**
     * Returns every recipient's row by event id and recipient key: a row that exists, claimed for this attempt when
     * it is open and free (nobody holds it, this same holder held it — a retry within one consumer generation —, the
     * holder's lease ran out or its instance stopped its heartbeat); or, for a recipient without a row, the id its
     * row will have, with nothing written. One round trip for all the events; their event ids must differ.
     */
    Map<String, Map<String, LedgerEntry>> claim(List<Claim> claims, Duration lease, Duration instanceExpiry) {
        int size = claims.stream().mapToInt(claim -> claim.recipients().size()).sum();
        String[] eventIds = new String[size];
        String[] days = new String[size];
        String[] channels = new String[size];
        String[] tokens = new String[size];
        String[] keys = new String[size];
        Map<String, String> tokenByEvent = new HashMap<>(claims.size() * 2);
        int i = 0;
        for (Claim claim : claims) {
            tokenByEvent.put(claim.eventId(), claim.claimToken());
            for (Recipient recipient : claim.recipients()) {
                eventIds[i] = claim.eventId();
                days[i] = claim.ledgerDay();
                channels[i] = claim.channel();
                tokens[i] = claim.claimToken();
                keys[i] = recipient.key();
                i++;
            }
        }
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("eventIds", eventIds).addValue("days", days).addValue("channels", channels)
                .addValue("tokens", tokens)
                .addValue("keys", keys).addValue("leaseMillis", lease.toMillis())
                .addValue("expiryMillis", instanceExpiry.toMillis());
        Map<String, Map<String, LedgerEntry>> byEvent = new HashMap<>(claims.size() * 2);
        String sql = claimStatement.sql();
        params.addValue("dayList", claimStatement.dayList(days));
        keyLookups.run(() -> {
            jdbc.query(sql, params, rs -> {
                String eventId = rs.getString("event_id");
                boolean written = rs.getBoolean("written");
                String status = rs.getString("status");
                boolean open = !written || PENDING.equals(status) || UNKNOWN.equals(status);
                Timestamp sendingAt = rs.getTimestamp("sending_at");
                LedgerEntry.Settled settled = open ? null : new LedgerEntry.Settled(rs.getString("member_id"),
                        rs.getString("phone_masked"), rs.getString("provider_message_id"), rs.getString("error_code"),
                        rs.getString("provider_error_code"), rs.getTimestamp("updated_at").toInstant(),
                        rs.getBoolean("outcome_published"));
                String holder = rs.getString("claim_token");
                // A settled row is this attempt's to republish when nobody holds it (an older version of the worker
                // held settled rows until their outcome was out).
                boolean claimedHere = !written || rs.getBoolean("taken")
                        || (!open && (holder == null || holder.equals(tokenByEvent.get(eventId))));
                LedgerEntry entry = new LedgerEntry(rs.getLong("id"), rs.getString("key"), written,
                        open ? null : DeliveryStatus.valueOf(status), rs.getInt("attempt"), UNKNOWN.equals(status),
                        rs.getString("service"), rs.getObject("service_revision", Long.class),
                        rs.getString("request_out_id"), sendingAt == null ? null : sendingAt.toInstant(), settled,
                        rs.getString("ledger_day"), claimedHere);
                byEvent.computeIfAbsent(eventId, id -> new HashMap<>()).put(entry.recipientKey(), entry);
            });
            return null;
        });
        return byEvent;
    }

    /**
     * Settles rows in one statement: a written row only while its settlement's claim token still holds it open (a
     * row another consumer took over is that consumer's to settle; a settled row keeps its first outcome), a row
     * not written yet by inserting it settled (unless another copy of the event wrote it meanwhile). The claim is
     * let go: the outcome is published before, or the row says it is not ({@code outcome_published}) and the
     * event's next attempt publishes it.
     */
    void settle(List<Settlement> settlements) {
        sharedWrites.writeSettlements(settlements);
    }

    /**
     * Settles rows as {@link #settle} does, sharing the statement with concurrent callers: for settling each
     * request's numbers as soon as its answer is in, so that a crash leaves in doubt only the requests in flight.
     */
    void settleNow(List<Settlement> settlements, Lane lane) {
        if (!settlements.isEmpty()) {
            sharedWrites.settle(settlements, lane);
        }
    }

    /**
     * Marks rows as in flight to {@code service} with {@code outId} just before the request goes out, so that a
     * crash or a lost answer leaves them UNKNOWN rather than looking unsent: a row not written yet is inserted so,
     * a written one updated while the claim token still holds it open. Returns once the mark is committed, with the
     * ids of the rows marked; a row missing there is another copy's, and nothing may be sent to it. Concurrent
     * calls share statements ({@link SharedWrites}).
     */
    Set<Long> markSending(List<LedgerRow> rows, String service, @Nullable Long revision, String outId,
                         Duration lease, Lane lane) {
        return sharedWrites.markSending(rows, service, revision, outId, lease, lane);
    }

    /** The outcomes of these settled rows, which had not reached {@code sms.delivery}, are there now. */
    void markPublished(Collection<LedgerRow> rows) {
        byKey(rows, "true", "outcome_published = true, claim_token = null, claim_until = null");
    }

    /** Lets go of rows this attempt still holds open, so that the next attempt, from another record, may take them. */
    void release(Collection<LedgerRow> rows) {
        byKey(rows, "d.claim_token = v.token", "claim_token = null, claim_until = null");
    }

    /** The request certainly did not reach the vendor: the rows are plainly owed again. */
    void markNotSent(Collection<LedgerRow> rows) {
        byKey(rows, "d.status = 'UNKNOWN' and d.claim_token is not distinct from v.token",
                "status = 'PENDING', request_out_id = null, sending_at = null, updated_at = now()");
    }

    /** Changes written rows found by their key (each in its day's partition), where {@code condition} holds. */
    private void byKey(Collection<LedgerRow> rows, String condition, String update) {
        if (rows.isEmpty()) {
            return;
        }
        RowColumns columns = new RowColumns(rows.size());
        int i = 0;
        for (LedgerRow row : rows) {
            columns.set(i++, row);
        }
        keyLookups.run(() -> jdbc.update(LedgerStatements.lockedInKeyOrder("unnest(%s) as v(%s)".formatted(
                RowColumns.ARRAYS, RowColumns.NAMES), condition, update), columns.params()));
    }

    /**
     * The outcome to store for one claimed row.
     *
     * @param published whether the outcome is on {@code sms.delivery} already
     */
    record Settlement(LedgerRow row, DeliveryStatus status, @Nullable String service,
                      @Nullable String providerMessageId, @Nullable String errorCode,
                      @Nullable String providerErrorCode, @Nullable String reason, int attempt, boolean published) {

        long ledgerId() {
            return row.id();
        }

        Settlement published(boolean isPublished) {
            return isPublished == published ? this : new Settlement(row, status, service, providerMessageId,
                    errorCode, providerErrorCode, reason, attempt, isPublished);
        }
    }
}
