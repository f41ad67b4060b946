package io.smsnotifier.worker.delivery;

import io.smsnotifier.worker.support.ReadDatabase;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the ledger for ops: "did this approver get the SMS?". Numbers come out masked, as the ledger keeps them
 * for display; the full number is only ever a search key. An event id, a number or a member is found through an
 * index however old; status, kind and service have none (an index on them would cost every settle its in-place
 * update, V9), so a search by those alone reads the ledger by time, and is held to a window: the
 * {@link #DEFAULT_WINDOW} before {@code to} (or now) unless {@code from} is given, at most {@link #MAX_WINDOW}
 * (the callers refuse a wider one). Pages go at most {@link #MAX_OFFSET} rows deep by number; further, a page's
 * {@link Page#next()} continues where it ended, at the cost of one page. Thread-safe.
 */
@Repository
public class DeliverySearch {

    /** The most rows one event's page lists: the recipients cap of one event. */
    public static final int MAX_EVENT_ROWS = 10_000;
    /** What a search without an event id, number or member covers when it names no {@code from}. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    /** The widest window a search without an event id, number or member may name. */
    public static final Duration MAX_WINDOW = Duration.ofDays(7);
    /** The most rows a page may skip ({@code page × size}): each one skipped is read. */
    public static final int MAX_OFFSET = 10_000;

    private static final RowMapper<Found> ROW = (rs, n) -> new Found(rs.getLong("id"), new Row(
            rs.getString("event_id"), rs.getString("kind"),
            rs.getString("channel"), rs.getString("member_id"), rs.getString("phone_masked"), rs.getString("status"),
            rs.getString("service"), rs.getString("provider_message_id"), rs.getString("request_out_id"),
            rs.getString("error_code"), rs.getString("provider_error_code"), rs.getString("reason"),
            rs.getInt("attempt"), instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")),
            rs.getString("receipt_code"), rs.getString("receipt_message"), instant(rs.getTimestamp("handset_at")),
            instant(rs.getTimestamp("receipt_at"))));

    private static final String COLUMNS = """
            select id, event_id, kind, channel, member_id, phone_masked, status, service, provider_message_id,
                   request_out_id, error_code, provider_error_code, reason, attempt, created_at, updated_at,
                   receipt_code, receipt_message, handset_at, receipt_at
              from deliveries
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    /** On the read replica when there is one: a row just written may show a moment later. */
    @Autowired
    DeliverySearch(ReadDatabase reads) {
        this(reads.jdbc());
    }

    DeliverySearch(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
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

        /** An event id, a number or a member: an index finds the rows, however old. */
        public boolean keyed() {
            return eventId != null || recipientKey != null || memberId != null;
        }

        /**
         * Whether the window fits: a query with a key may name any, one without may reach at most
         * {@link #MAX_WINDOW} back from {@code to} (or {@code now}).
         */
        public boolean windowAllowed(Instant now) {
            return keyed() || from == null || !from.isBefore((to != null ? to : now).minus(MAX_WINDOW));
        }
    }

    /**
     * A page of rows, newest first; {@code hasMore} when another page follows, and {@code next} then continues
     * after its last row ({@code before} of the next call). {@code from} and {@code to} are the window searched:
     * as asked, or the default one of a search without an event id, number or member; null where open.
     */
    public record Page(List<Row> items, int page, int size, boolean hasMore, @Nullable String next,
                       @Nullable Instant from, @Nullable Instant to) {
    }

    /** Where a page ended: the newest first order's position of its last row. */
    public record Cursor(Instant createdAt, long id) {

        /** As it travels in a URL: opaque, URL-safe. */
        public String token() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((micros + "." + id).getBytes(StandardCharsets.US_ASCII));
        }

        /** @throws IllegalArgumentException when {@code token} is not one {@link #token()} made */
        public static Cursor parse(String token) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII)
                        .split("\\.", -1);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("not a cursor");
                }
                return new Cursor(Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS),
                        Long.parseLong(parts[1]));
            } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
                throw new IllegalArgumentException("not a cursor", e);
            }
        }
    }

    /** {@link #find(Query, Cursor, int, int)} from the newest row. */
    public Page find(Query query, int page, int size) {
        return find(query, null, page, size);
    }

    /**
     * The rows matching every field of {@code query} that is set, newest first, after {@code before} when given:
     * page {@code page} (from 0) of {@code size} rows. A query without an event id, number or member and without
     * {@code from} searches the {@link #DEFAULT_WINDOW} before {@code to} (or now). The caller checks its input (the
     * API and the console both do): a {@code size}, {@code page} or window out of range is not refused here.
     */
    public Page find(Query query, @Nullable Cursor before, int page, int size) {
        Instant from = query.from();
        if (from == null && !query.keyed()) {
            from = (query.to() != null ? query.to() : clock.instant()).minus(DEFAULT_WINDOW);
        }
        List<String> where = new ArrayList<>();
        MapSqlParameterSource params = new MapSqlParameterSource();
        condition(where, params, "event_id", "eventId", query.eventId());
        condition(where, params, "recipient_key", "recipientKey", query.recipientKey());
        condition(where, params, "member_id", "memberId", query.memberId());
        condition(where, params, "status", "status", query.status());
        condition(where, params, "kind", "kind", query.kind());
        condition(where, params, "service", "service", query.service());
        if (from != null) {
            where.add("created_at >= :from");
            params.addValue("from", Timestamp.from(from));
        }
        if (query.to() != null) {
            where.add("created_at < :to");
            params.addValue("to", Timestamp.from(query.to()));
        }
        if (before != null) {
            // Spelled so that the time alone bounds the index scan; the id only breaks ties within one instant.
            where.add("created_at <= :beforeAt and (created_at < :beforeAt or id < :beforeId)");
            params.addValue("beforeAt", Timestamp.from(before.createdAt())).addValue("beforeId", before.id());
        }
        // One row more than the page tells whether another page follows, without counting every match.
        params.addValue("limit", size + 1).addValue("offset", (long) page * size);
        List<Found> rows = jdbc.query(COLUMNS + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by created_at desc, id desc limit :limit offset :offset", params, ROW);
        boolean hasMore = rows.size() > size;
        List<Found> shown = hasMore ? rows.subList(0, size) : rows;
        String next = hasMore ? shown.getLast().cursor().token() : null;
        return new Page(shown.stream().map(Found::row).toList(), page, size, hasMore, next, from, query.to());
    }

    /** Every recipient of one event, in the order they were claimed, at most {@value #MAX_EVENT_ROWS}. */
    public List<Row> ofEvent(String eventId) {
        return jdbc.query(COLUMNS + " where event_id = :eventId order by id limit :limit",
                new MapSqlParameterSource("eventId", eventId).addValue("limit", MAX_EVENT_ROWS), ROW)
                .stream().map(Found::row).toList();
    }

    /** A row with its id, which only the cursor needs. */
    private record Found(long id, Row row) {

        Cursor cursor() {
            return new Cursor(row.createdAt(), id);
        }
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
