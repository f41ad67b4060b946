package io.smsnotifier.worker.delivery;

import io.smsnotifier.events.DeliveryStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements behind {@link Receipts}: a receipt's row found by number (the {@code deliveries_recipient} index),
 * service and the vendor's message id; the early receipts kept in {@code early_receipts}. Call inside a transaction.
 */
@Repository
class ReceiptLedger {

    /** The receipts as a relation {@code r}, with their index in the list as {@code idx}. */
    private static final String RECEIPTS = """
            unnest(cast(:services as text[]), cast(:bizIds as text[]), cast(:keys as text[]), cast(:statuses as text[]),
                   cast(:codes as text[]), cast(:messages as text[]), cast(cast(:handsetAts as text[]) as timestamptz[]),
                   cast(:idx as integer[]))
                as r(service, biz_id, recipient_key, status, code, message, handset_at, idx)""";

    /** Only a SENT row that its round let go of and whose SENT outcome is out changes: one change, in order. */
    private static final String CHANGEABLE = "d.status = 'SENT' and d.claim_token is null and d.outcome_published";

    private final NamedParameterJdbcTemplate jdbc;

    ReceiptLedger(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A row a receipt changed, with the receipt's index in the list given.
     *
     * @param sentAt    when its request went out ({@code sending_at}), for the time to handset
     * @param handsetAt as the vendor reported it, or null
     */
    record Changed(int idx, String eventId, String kind, @Nullable String memberId, @Nullable String phoneMasked,
                   DeliveryStatus status, String service, String providerMessageId, int attempt, Instant at,
                   @Nullable Instant sentAt, @Nullable Instant handsetAt) {
    }

    /**
     * Turns each matching SENT row into DELIVERED or UNDELIVERED, locking rows in ledger-key order as every multi-row
     * statement does ({@link LedgerStatements#lockedInKeyOrder}). The rows stay marked published: the caller publishes their
     * outcomes before it commits, so a failed publish rolls the change back.
     *
     * @param receipts at most one per (service, message id, number)
     */
    List<Changed> change(List<Receipts.Receipt> receipts) {
        return jdbc.query("""
                with r as (select * from %s),
                     locked as (select d.id, r.* from deliveries d
                                  join r on d.recipient_key = r.recipient_key and d.service = r.service
                                        and d.provider_message_id = r.biz_id
                                 where %2$s
                                 order by d.event_id, d.recipient_key, d.channel for no key update of d)
                update deliveries d set status = v.status, receipt_code = v.code, receipt_message = v.message,
                                        handset_at = v.handset_at, receipt_at = now(), updated_at = now()
                  from locked v
                 where d.id = v.id and %2$s
                returning v.idx, d.event_id, d.kind, d.member_id, d.phone_masked, d.status, d.service,
                          d.provider_message_id, d.attempt, d.receipt_at, d.sending_at, d.handset_at
                """.formatted(RECEIPTS, CHANGEABLE), params(receipts), (rs, row) -> new Changed(rs.getInt("idx"),
                rs.getString("event_id"), rs.getString("kind"), rs.getString("member_id"),
                rs.getString("phone_masked"), DeliveryStatus.valueOf(rs.getString("status")), rs.getString("service"),
                rs.getString("provider_message_id"), rs.getInt("attempt"),
                rs.getTimestamp("receipt_at").toInstant(), instant(rs.getTimestamp("sending_at")),
                instant(rs.getTimestamp("handset_at"))));
    }

    /** What a receipt that changed nothing is. */
    enum Verdict {
        /** Its row already has a receipt: a repeat, or a second report for the same message. */
        DUPLICATE,
        /** A send to that number at that service is not settled yet (or its outcome not out): keep it. */
        EARLY,
        /** Nothing it could be about. */
        UNMATCHED
    }

    /** Each receipt's verdict by its index; call for receipts that {@link #change} did not apply. */
    Map<Integer, Verdict> classify(List<Receipts.Receipt> receipts) {
        Map<Integer, Verdict> verdicts = new HashMap<>();
        // A lateral lookup by number (deliveries_recipient: a number has few rows) whatever the statistics say: with
        // an exists over the status, a planner that believes no row is DELIVERED yet (right after V20, until
        // autovacuum analyzes) scanned every receipted row for each push.
        jdbc.query("""
                select r.idx,
                       case when bool_or(d.status in ('DELIVERED', 'UNDELIVERED') and d.provider_message_id = r.biz_id)
                                 then 'DUPLICATE'
                            when bool_or(d.status = 'UNKNOWN'
                                         or (d.status = 'SENT' and d.provider_message_id = r.biz_id)) then 'EARLY'
                            else 'UNMATCHED' end as verdict
                  from %s
                  left join lateral (select d.status, d.provider_message_id from deliveries d
                                      where d.recipient_key = r.recipient_key and d.service = r.service) d on true
                 group by r.idx
                """.formatted(RECEIPTS), params(receipts),
                rs -> { verdicts.put(rs.getInt("idx"), Verdict.valueOf(rs.getString("verdict"))); });
        return verdicts;
    }

    /** Keeps early receipts while fewer than {@code max} are kept; returns how many it kept. */
    int keep(List<Receipts.Receipt> receipts, int max) {
        if (receipts.isEmpty()) {
            return 0;
        }
        // The count is read once per statement: concurrent pushes may pass the bound by one push's worth, no more.
        return jdbc.update("""
                insert into early_receipts (service, biz_id, recipient_key, status, code, message, handset_at)
                select r.service, r.biz_id, r.recipient_key, r.status, r.code, r.message, r.handset_at
                  from %s
                 where r.idx < :max - (select count(*) from early_receipts)
                """.formatted(RECEIPTS), params(receipts).addValue("max", max));
    }

    /** A kept early receipt. */
    record Kept(long id, Receipts.Receipt receipt, Instant receivedAt) {
    }

    /** The oldest kept receipts, locked for this transaction; ones another instance holds are skipped. */
    List<Kept> takeKept(int limit) {
        return jdbc.query("""
                select * from early_receipts order by id limit :limit for update skip locked
                """, new MapSqlParameterSource("limit", limit), (rs, row) -> new Kept(rs.getLong("id"),
                new Receipts.Receipt(rs.getString("service"), rs.getString("biz_id"), rs.getString("recipient_key"),
                        DeliveryStatus.DELIVERED.name().equals(rs.getString("status")), rs.getString("code"),
                        rs.getString("message"), rs.getTimestamp("handset_at") == null ? null
                        : rs.getTimestamp("handset_at").toInstant()), rs.getTimestamp("received_at").toInstant()));
    }

    void drop(List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.update("delete from early_receipts where id = any(cast(:ids as bigint[]))",
                    new MapSqlParameterSource("ids", ids.toArray(Long[]::new)));
        }
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static MapSqlParameterSource params(List<Receipts.Receipt> receipts) {
        int size = receipts.size();
        String[] services = new String[size];
        String[] bizIds = new String[size];
        String[] keys = new String[size];
        String[] statuses = new String[size];
        String[] codes = new String[size];
        String[] messages = new String[size];
        String[] handsetAts = new String[size];
        Integer[] idx = new Integer[size];
        for (int i = 0; i < size; i++) {
            Receipts.Receipt receipt = receipts.get(i);
            services[i] = receipt.service();
            bizIds[i] = receipt.bizId();
            keys[i] = receipt.recipientKey();
            statuses[i] = receipt.status().name();
            codes[i] = receipt.code();
            messages[i] = receipt.message();
            handsetAts[i] = receipt.handsetAt() == null ? null : receipt.handsetAt().toString();
            idx[i] = i;
        }
        return new MapSqlParameterSource("services", services).addValue("bizIds", bizIds).addValue("keys", keys)
                .addValue("statuses", statuses).addValue("codes", codes).addValue("messages", messages)
                .addValue("handsetAts", handsetAts).addValue("idx", idx);
    }
}
