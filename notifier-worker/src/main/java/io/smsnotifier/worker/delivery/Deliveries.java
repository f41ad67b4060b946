package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import io.smsnotifier.events.PhoneMask;
import io.smsnotifier.worker.recipients.Recipient;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The delivery ledger in PostgreSQL: one row per (event, recipient, channel). */
@Repository
class Deliveries {

    static final String PENDING = "PENDING";
    static final String UNKNOWN = "UNKNOWN";

    /** The holder's instance (the token's first part, see ClaimHolders) has no recent heartbeat. */
    private static final String HOLDER_GONE = """
            not exists (select 1 from worker_instances w
                         where w.instance_id = split_part(deliveries.claim_token, '|', 1)
                           and w.heartbeat_at > now() - :expiryMillis * interval '1 millisecond')""";

    /** When a claim may take an open row: free, its own, or its holder's lease or heartbeat gone. */
    private static final String TAKEABLE = """
            deliveries.claim_token is null or deliveries.claim_token = excluded.claim_token
                                             or deliveries.claim_until < now()""" + " or " + HOLDER_GONE;

    private final NamedParameterJdbcTemplate jdbc;
    private final SharedWrites sharedWrites;

    Deliveries(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.sharedWrites = new SharedWrites(jdbc, this::settle);
    }

    /** One event's recipients to claim for one attempt. */
    record Claim(String eventId, String kind, String channel, List<Recipient> recipients, String claimToken) {
    }

    /**
     * Claims a row for every recipient that has none yet and returns every recipient's row, new or old, by event
     * id and recipient key. One round trip for all the events; their event ids must differ (one statement may not
     * touch a row twice).
     */
    Map<String, Map<String, LedgerEntry>> claim(List<Claim> claims, Duration lease,
                                                Duration instanceExpiry) {
        int size = claims.stream().mapToInt(claim -> claim.recipients().size()).sum();
        String[] eventIds = new String[size];
        String[] kinds = new String[size];
        String[] channels = new String[size];
        String[] tokens = new String[size];
        String[] keys = new String[size];
        String[] memberIds = new String[size];
        String[] masked = new String[size];
        Map<String, String> tokenByEvent = new HashMap<>(claims.size() * 2);
        int i = 0;
        for (Claim claim : claims) {
            tokenByEvent.put(claim.eventId(), claim.claimToken());
            for (Recipient recipient : claim.recipients()) {
                eventIds[i] = claim.eventId();
                kinds[i] = claim.kind();
                channels[i] = claim.channel();
                tokens[i] = claim.claimToken();
                keys[i] = recipient.key();
                memberIds[i] = recipient.memberId();
                masked[i] = PhoneMask.mask(recipient.phone() != null ? recipient.phone() : recipient.givenPhone());
                i++;
            }
        }
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("eventIds", eventIds).addValue("kinds", kinds).addValue("channels", channels)
                .addValue("tokens", tokens).addValue("keys", keys).addValue("memberIds", memberIds)
                .addValue("masked", masked).addValue("leaseMillis", lease.toMillis())
                .addValue("expiryMillis", instanceExpiry.toMillis());
        // Rows are taken in ledger-key order, as every other statement here takes them (LedgerStatements.lockedInKeyOrder).
        // "do update" makes RETURNING include rows that already existed. An open row goes to this claim when
        // nobody holds it, this same holder held it (a retry within one consumer generation), the holder's lease
        // ran out or its instance stopped its heartbeat (it died); the row lock serialises concurrent claims, so
        // two consumers never both own a row.
        Map<String, Map<String, LedgerEntry>> byEvent = new HashMap<>(claims.size() * 2);
        jdbc.query("""
                insert into deliveries (event_id, recipient_key, channel, kind, member_id, phone_masked, status,
                                        claim_token, claim_until)
                select r.event_id, r.key, r.channel, r.kind, r.member_id, r.masked, 'PENDING', r.token,
                       now() + :leaseMillis * interval '1 millisecond'
                  from unnest(cast(:eventIds as text[]), cast(:keys as text[]), cast(:channels as text[]),
                              cast(:kinds as text[]), cast(:memberIds as text[]), cast(:masked as text[]),
                              cast(:tokens as text[]))
                       as r(event_id, key, channel, kind, member_id, masked, token)
                 order by r.event_id, r.key, r.channel
                on conflict (event_id, recipient_key, channel) do update set
                    claim_token = case when deliveries.status in ('PENDING', 'UNKNOWN')
                                        and (%1$s)
                                       then excluded.claim_token else deliveries.claim_token end,
                    claim_until = case when deliveries.status in ('PENDING', 'UNKNOWN')
                                        and (%1$s)
                                       then excluded.claim_until else deliveries.claim_until end
                returning id, event_id, recipient_key, status, attempt, service, service_revision, request_out_id,
                          sending_at,
                          member_id, phone_masked, provider_message_id, error_code, provider_error_code, updated_at,
                          outcome_published, claim_token,
                          case when claim_token is null then false
                               when claim_until < now() then true
                               -- Rows this statement claimed carry exactly this lease: no heartbeat to look up.
                               when claim_until = now() + :leaseMillis * interval '1 millisecond' then false
                               else %2$s end as lease_over
                """.formatted(TAKEABLE, HOLDER_GONE.replace("deliveries.", "")), params, rs -> {
            String eventId = rs.getString("event_id");
            String status = rs.getString("status");
            boolean open = PENDING.equals(status) || UNKNOWN.equals(status);
            Timestamp sendingAt = rs.getTimestamp("sending_at");
            LedgerEntry.Settled settled = open ? null : new LedgerEntry.Settled(rs.getString("member_id"),
                    rs.getString("phone_masked"), rs.getString("provider_message_id"), rs.getString("error_code"),
                    rs.getString("provider_error_code"), rs.getTimestamp("updated_at").toInstant(),
                    rs.getBoolean("outcome_published"));
            String holder = rs.getString("claim_token");
            boolean claimedHere = holder == null || holder.equals(tokenByEvent.get(eventId))
                    || rs.getBoolean("lease_over");
            LedgerEntry entry = new LedgerEntry(rs.getLong("id"), rs.getString("recipient_key"),
                    open ? null : DeliveryStatus.valueOf(status), rs.getInt("attempt"), UNKNOWN.equals(status),
                    rs.getString("service"), rs.getObject("service_revision", Long.class), rs.getString("request_out_id"),
                    sendingAt == null ? null : sendingAt.toInstant(), settled, claimedHere);
            byEvent.computeIfAbsent(eventId, id -> new HashMap<>()).put(entry.recipientKey(), entry);
        });
        return byEvent;
    }

    /**
     * Settles claimed rows that their settlement's claim token still holds (a row another consumer took over is
     * that consumer's to settle); a row already settled keeps its first outcome. The claim holds until the outcome is
     * published ({@link #markPublished}), so that a concurrent copy does not publish it too.
     */
    void settle(List<Settlement> settlements) {
        int size = settlements.size();
        Long[] ids = new Long[size];
        String[] statuses = new String[size];
        String[] services = new String[size];
        String[] messageIds = new String[size];
        String[] errorCodes = new String[size];
        String[] providerErrorCodes = new String[size];
        String[] reasons = new String[size];
        Integer[] attempts = new Integer[size];
        String[] tokens = new String[size];
        for (int i = 0; i < size; i++) {
            Settlement settlement = settlements.get(i);
            ids[i] = settlement.ledgerId();
            statuses[i] = settlement.status().name();
            services[i] = settlement.service();
            messageIds[i] = settlement.providerMessageId();
            errorCodes[i] = settlement.errorCode();
            providerErrorCodes[i] = settlement.providerErrorCode();
            reasons[i] = settlement.reason();
            attempts[i] = settlement.attempt();
            tokens[i] = settlement.claimToken();
        }
        // One statement for the whole round: a thousand single-row updates cost PostgreSQL far more.
        jdbc.update(LedgerStatements.lockedInKeyOrder("""
                unnest(cast(:ids as bigint[]), cast(:statuses as text[]), cast(:services as text[]),
                       cast(:messageIds as text[]), cast(:errorCodes as text[]), cast(:providerErrorCodes as text[]),
                       cast(:reasons as text[]), cast(:attempts as integer[]), cast(:tokens as text[]))
                    as v(id, status, service, message_id, error_code, provider_error_code, reason, attempt, token)""",
                "d.status in ('PENDING', 'UNKNOWN') and d.claim_token is not distinct from v.token", """
                status = v.status, service = v.service, provider_message_id = v.message_id,
                error_code = v.error_code, provider_error_code = v.provider_error_code, reason = v.reason,
                attempt = v.attempt, updated_at = now(), outcome_published = false"""),
                new MapSqlParameterSource("ids", ids).addValue("statuses", statuses)
                .addValue("services", services).addValue("messageIds", messageIds)
                .addValue("errorCodes", errorCodes).addValue("providerErrorCodes", providerErrorCodes)
                .addValue("reasons", reasons).addValue("attempts", attempts).addValue("tokens", tokens));
    }

    /** The outcomes of these rows are on {@code sms.delivery}. */
    void markPublished(List<Long> ledgerIds) {
        if (!ledgerIds.isEmpty()) {
            jdbc.update(LedgerStatements.lockedInKeyOrder("unnest(cast(:ids as bigint[])) as v(id)", "true",
                            "outcome_published = true, claim_token = null, claim_until = null"),
                    new MapSqlParameterSource("ids", ledgerIds.toArray(Long[]::new)));
        }
    }

    /**
     * Marks rows as in flight to {@code service} with {@code outId} just before the request goes out, so that a
     * crash or a lost answer leaves them UNKNOWN rather than looking unsent; only rows the given claim token
     * still holds. Returns once the mark is committed; concurrent calls share statements ({@link SharedWrites}).
     */
    void markSending(Map<Long, String> tokenById, String service, @Nullable Long revision, String outId,
                     Duration lease, Lane lane) {
        sharedWrites.markSending(tokenById, service, revision, outId, lease, lane);
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
     * Lets go of rows this attempt still holds (open, or settled but not yet published), so that the next attempt,
     * from another record, may take them.
     *
     * @param tokenById the rows, each with the claim token it is held under
     */
    void release(Map<Long, String> tokenById) {
        if (tokenById.isEmpty()) {
            return;
        }
        jdbc.update(LedgerStatements.lockedInKeyOrder("unnest(cast(:ids as bigint[]), cast(:tokens as text[])) as v(id, token)",
                "d.claim_token = v.token", "claim_token = null, claim_until = null"),
                new MapSqlParameterSource("ids", tokenById.keySet().toArray(Long[]::new))
                .addValue("tokens", tokenById.values().toArray(String[]::new)));
    }

    /** The request certainly did not reach the vendor: the rows are plainly owed again. */
    void markNotSent(Map<Long, String> tokenById) {
        jdbc.update(LedgerStatements.lockedInKeyOrder("unnest(cast(:ids as bigint[]), cast(:tokens as text[])) as v(id, token)",
                "d.status = 'UNKNOWN' and d.claim_token is not distinct from v.token",
                "status = 'PENDING', request_out_id = null, sending_at = null, updated_at = now()"),
                new MapSqlParameterSource("ids", tokenById.keySet().toArray(Long[]::new))
                .addValue("tokens", tokenById.values().toArray(String[]::new)));
    }

    /** The outcome to store for one claimed row. */
    record Settlement(long ledgerId, DeliveryStatus status, @Nullable String service,
                      @Nullable String providerMessageId, @Nullable String errorCode,
                      @Nullable String providerErrorCode, @Nullable String reason, int attempt, String claimToken) {
    }
}
