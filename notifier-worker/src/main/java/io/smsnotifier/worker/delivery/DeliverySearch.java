package io.smsnotifier.worker.delivery;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ledger for ops: "did this approver get the SMS?". Numbers come out masked, as the ledger keeps them
 * for display; the full number is only ever a search key. Thread-safe.
 */
@Repository
public class DeliverySearch {

    /** The most rows one event's page lists: the recipients cap of one event. */
    public static final int MAX_EVENT_ROWS = 10_000;

    private static final RowMapper<Row> ROW = (rs, n) -> new Row(rs.getString("event_id"), rs.getString("kind"),
            rs.getString("channel"), rs.getString("member_id"), rs.getString("phone_masked"), rs.getString("status"),
            rs.getString("service"), rs.getString("provider_message_id"), rs.getString("request_out_id"),
            rs.getString("error_code"), rs.getString("provider_error_code"), rs.getString("reason"),
            rs.getInt("attempt"), instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")),
            rs.getString("receipt_code"), rs.getString("receipt_message"), instant(rs.getTimestamp("handset_at")),
            instant(rs.getTimestamp("receipt_at")));

    private static final String COLUMNS = """
            select event_id, kind, channel, member_id, phone_masked, status, service, provider_message_id,
                   request_out_id, error_code, provider_error_code, reason, attempt, created_at, updated_at,
                   receipt_code, receipt_message, handset_at, receipt_at
              from deliveries
            """;

    private final NamedParameterJdbcTemplate jdbc;

    DeliverySearch(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One ledger row as ops see it.
     *
     * @param receiptCode    the vendor's handset report ({@code DELIVERED}, a carrier code), once one came
     * @param receiptMessage the report's text
     * @param handsetAt      when the handset got it (or the carrier gave up), as the vendor reports it
     * @param receiptAt      when the report reached the worker
     */
    public record Row(String eventId, String kind, String channel, @Nullable String memberId, @Nullable String phone,
               String status, @Nullable String service, @Nullable String providerMessageId,
               @Nullable String outId, @Nullable String errorCode, @Nullable String providerErrorCode,
               @Nullable String reason, int attempt, @Nullable Instant createdAt, @Nullable Instant updatedAt,
               @Nullable String receiptCode, @Nullable String receiptMessage, @Nullable Instant handsetAt,
               @Nullable Instant receiptAt) {
    }

    /**
     * What to look for; every field is optional and they combine with "and".
     *
     * @param recipientKey the E.164 number (the ledger's recipient key for a reachable number)
     */
    public record Query(@Nullable String eventId, @Nullable String recipientKey, @Nullable String memberId,
                 @Nullable String status, @Nullable String kind, @Nullable String service, @Nullable Instant from,
                 @Nullable Instant to) {
    }

    /** A page of rows, newest first; {@code hasMore} when another page follows. */
    public record Page(List<Row> items, int page, int size, boolean hasMore) {
    }

    /**
     * The rows matching every field of {@code query} that is set, newest first: page {@code page} (from 0) of
     * {@code size} rows. The caller checks its input (the API and the console both do): a {@code size} or
     * {@code page} out of range is the database's problem here.
     */
    public Page find(Query query, int page, int size) {
        List<String> where = new ArrayList<>();
        MapSqlParameterSource params = new MapSqlParameterSource();
        condition(where, params, "event_id", "eventId", query.eventId());
        condition(where, params, "recipient_key", "recipientKey", query.recipientKey());
        condition(where, params, "member_id", "memberId", query.memberId());
        condition(where, params, "status", "status", query.status());
        condition(where, params, "kind", "kind", query.kind());
        condition(where, params, "service", "service", query.service());
        if (query.from() != null) {
            where.add("created_at >= :from");
            params.addValue("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.add("created_at < :to");
            params.addValue("to", Timestamp.from(query.to()));
        }
        // One row more than the page tells whether another page follows, without counting every match.
        params.addValue("limit", size + 1).addValue("offset", (long) page * size);
        List<Row> rows = jdbc.query(COLUMNS + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by created_at desc, id desc limit :limit offset :offset", params, ROW);
        boolean hasMore = rows.size() > size;
        return new Page(hasMore ? rows.subList(0, size) : rows, page, size, hasMore);
    }

    /** Every recipient of one event, in the order they were claimed, at most {@value #MAX_EVENT_ROWS}. */
    public List<Row> ofEvent(String eventId) {
        return jdbc.query(COLUMNS + " where event_id = :eventId order by id limit :limit",
                new MapSqlParameterSource("eventId", eventId).addValue("limit", MAX_EVENT_ROWS), ROW);
    }

    private static void condition(List<String> where, MapSqlParameterSource params, String column, String name,
                                  @Nullable String value) {
        if (value != null) {
            where.add(column + " = :" + name);
            params.addValue(name, value);
        }
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
