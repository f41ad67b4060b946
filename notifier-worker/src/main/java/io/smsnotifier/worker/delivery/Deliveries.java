package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.worker.recipients.Recipient;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The delivery ledger in PostgreSQL: one row per (event, recipient, channel). */
@Repository
class Deliveries {

    static final String PENDING = "PENDING";
    static final String UNKNOWN = "UNKNOWN";

    private final NamedParameterJdbcTemplate jdbc;

    Deliveries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims a row for every recipient that has none yet and returns every recipient's row, new or old, by
     * recipient key. One round trip for the whole event.
     */
    Map<String, LedgerEntry> claim(String eventId, String kind, String channel, List<Recipient> recipients,
                                   String claimToken, java.time.Duration lease) {
        String[] keys = recipients.stream().map(Recipient::key).toArray(String[]::new);
        String[] memberIds = recipients.stream().map(Recipient::memberId).toArray(String[]::new);
        String[] masked = recipients.stream()
                .map(recipient -> PhoneMask.mask(recipient.phone() != null ? recipient.phone() : recipient.givenPhone()))
                .toArray(String[]::new);
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("eventId", eventId).addValue("kind", kind).addValue("channel", channel)
                .addValue("keys", keys).addValue("memberIds", memberIds).addValue("masked", masked)
                .addValue("token", claimToken).addValue("leaseMillis", lease.toMillis());
        // "do update" makes RETURNING include rows that already existed. An open row goes to this claim when
        // nobody holds it, this same record held it (a retry), or the holder's lease ran out (its worker died);
        // the row lock serialises concurrent claims, so two copies of an event never both own a row.
        List<LedgerEntry> rows = jdbc.query("""
                insert into deliveries (event_id, recipient_key, channel, kind, member_id, phone_masked, status,
                                        claim_token, claim_until)
                select :eventId, r.key, :channel, :kind, r.member_id, r.masked, 'PENDING', :token,
                       now() + :leaseMillis * interval '1 millisecond'
                  from unnest(cast(:keys as text[]), cast(:memberIds as text[]), cast(:masked as text[]))
                       as r(key, member_id, masked)
                on conflict (event_id, recipient_key, channel) do update set
                    claim_token = case when deliveries.status in ('PENDING', 'UNKNOWN')
                                        and (deliveries.claim_token is null or deliveries.claim_token = excluded.claim_token
                                             or deliveries.claim_until < now())
                                       then excluded.claim_token else deliveries.claim_token end,
                    claim_until = case when deliveries.status in ('PENDING', 'UNKNOWN')
                                        and (deliveries.claim_token is null or deliveries.claim_token = excluded.claim_token
                                             or deliveries.claim_until < now())
                                       then excluded.claim_until else deliveries.claim_until end
                returning id, recipient_key, status, attempt, service, request_out_id, sending_at, member_id,
                          phone_masked, provider_message_id, error_code, provider_error_code, updated_at,
                          outcome_published,
                          (claim_token is null or claim_token = :token or claim_until < now()) as claimed_here
                """, params, (rs, row) -> {
            String status = rs.getString("status");
            boolean open = PENDING.equals(status) || UNKNOWN.equals(status);
            java.sql.Timestamp sendingAt = rs.getTimestamp("sending_at");
            LedgerEntry.Settled settled = open ? null : new LedgerEntry.Settled(rs.getString("member_id"),
                    rs.getString("phone_masked"), rs.getString("provider_message_id"), rs.getString("error_code"),
                    rs.getString("provider_error_code"), rs.getTimestamp("updated_at").toInstant(),
                    rs.getBoolean("outcome_published"));
            return new LedgerEntry(rs.getLong("id"), rs.getString("recipient_key"),
                    open ? null : DeliveryStatus.valueOf(status), rs.getInt("attempt"), UNKNOWN.equals(status),
                    rs.getString("service"), rs.getString("request_out_id"),
                    sendingAt == null ? null : sendingAt.toInstant(), settled,
                    rs.getBoolean("claimed_here"));
        });
        Map<String, LedgerEntry> byKey = new HashMap<>(rows.size() * 2);
        rows.forEach(entry -> byKey.put(entry.recipientKey(), entry));
        return byKey;
    }

    /**
     * Settles claimed rows; a row already settled keeps its first outcome. The claim holds until the outcome is
     * published ({@link #markPublished}), so that a concurrent copy does not publish it too.
     */
    void settle(List<Settlement> settlements) {
        SqlParameterSource[] batch = settlements.stream().map(s -> new MapSqlParameterSource()
                .addValue("id", s.ledgerId()).addValue("status", s.status().name())
                .addValue("service", s.service()).addValue("messageId", s.providerMessageId())
                .addValue("errorCode", s.errorCode()).addValue("providerErrorCode", s.providerErrorCode())
                .addValue("reason", s.reason()).addValue("attempt", s.attempt()))
                .toArray(SqlParameterSource[]::new);
        jdbc.batchUpdate("""
                update deliveries set status = :status, service = :service, provider_message_id = :messageId,
                       error_code = :errorCode, provider_error_code = :providerErrorCode, reason = :reason,
                       attempt = :attempt, updated_at = now(), outcome_published = false
                 where id = :id and status in ('PENDING', 'UNKNOWN')
                """, batch);
    }

    /** The outcomes of these rows are on {@code sms.delivery}. */
    void markPublished(List<Long> ledgerIds) {
        if (!ledgerIds.isEmpty()) {
            jdbc.update("""
                    update deliveries set outcome_published = true, claim_token = null, claim_until = null
                     where id = any(:ids)
                    """,
                    new MapSqlParameterSource("ids", ledgerIds.toArray(Long[]::new)));
        }
    }

    /**
     * Marks rows as in flight to {@code service} with {@code outId} just before the request goes out, so that a
     * crash or a lost answer leaves them UNKNOWN rather than looking unsent.
     */
    void markSending(List<Long> ledgerIds, String service, String outId, java.time.Duration lease) {
        jdbc.update("""
                update deliveries set status = 'UNKNOWN', service = :service, request_out_id = :outId,
                       sending_at = now(), updated_at = now(), claim_until = now() + :leaseMillis * interval '1 millisecond'
                 where id = any(:ids) and status in ('PENDING', 'UNKNOWN')
                """, new MapSqlParameterSource("ids", ledgerIds.toArray(Long[]::new)).addValue("service", service)
                .addValue("outId", outId).addValue("leaseMillis", lease.toMillis()));
    }

    /**
     * Lets go of what this claim still holds (rows open, or settled but not yet published), so that the next
     * attempt, from another record, may take them.
     */
    void release(String eventId, String claimToken) {
        jdbc.update("""
                update deliveries set claim_token = null, claim_until = null
                 where event_id = :eventId and claim_token = :token
                """, new MapSqlParameterSource("eventId", eventId).addValue("token", claimToken));
    }

    /** The request certainly did not reach the vendor: the rows are plainly owed again. */
    void markNotSent(List<Long> ledgerIds) {
        jdbc.update("""
                update deliveries set status = 'PENDING', request_out_id = null, sending_at = null, updated_at = now()
                 where id = any(:ids) and status = 'UNKNOWN'
                """, new MapSqlParameterSource("ids", ledgerIds.toArray(Long[]::new)));
    }

    /** The outcome to store for one claimed row. */
    record Settlement(long ledgerId, DeliveryStatus status, @Nullable String service,
                      @Nullable String providerMessageId, @Nullable String errorCode,
                      @Nullable String providerErrorCode, @Nullable String reason, int attempt) {
    }
}
