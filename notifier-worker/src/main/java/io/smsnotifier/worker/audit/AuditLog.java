package io.smsnotifier.worker.audit;

import io.smsnotifier.worker.support.LogSafe;
import io.smsnotifier.worker.support.ReadDatabase;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who changed what through the admin API: one row per change in {@code admin_audit}. A change and its entry
 * commit together when the caller runs in a transaction; without one the entry commits on its own. Callers name
 * what changed in {@code changes} and keep out of it what the log must never hold: secrets, phone numbers and
 * message text. Pages are read from the read replica when there is one ({@link ReadDatabase}): an entry just
 * written may show a moment later. Thread-safe.
 */
@Service
public class AuditLog {

    /** Longest actor, action or target kept; the rest is cut. */
    static final int MAX_TEXT = 200;
    /** Longest {@code changes} kept, as JSON; a longer one is replaced by a note of its size. */
    static final int MAX_CHANGES = 16_000;
    static final int MAX_PAGE_SIZE = 500;
    /** The most matches a page counts; beyond, its total says "at least this many". */
    public static final int COUNT_LIMIT = 10_000;
    /** The most entries a page may skip ({@code page × size}): each one skipped is read. */
    public static final int MAX_OFFSET = 10_000;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final NamedParameterJdbcTemplate jdbc;
    /** Where the pages are read: the read replica when there is one, else {@link #jdbc}. */
    private final NamedParameterJdbcTemplate reads;
    private final JsonMapper json;
    private final RowMapper<AuditEntry> entries;

    @Autowired
    AuditLog(NamedParameterJdbcTemplate jdbc, ReadDatabase reads, JsonMapper json) {
        this(jdbc, reads.jdbc(), json);
    }

    AuditLog(NamedParameterJdbcTemplate jdbc, JsonMapper json) {
        this(jdbc, jdbc, json);
    }

    private AuditLog(NamedParameterJdbcTemplate jdbc, NamedParameterJdbcTemplate reads, JsonMapper json) {
        this.jdbc = jdbc;
        this.reads = reads;
        this.json = json;
        this.entries = (rs, n) -> new AuditEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
                rs.getString("actor"), rs.getString("action"), rs.getString("target"),
                json.readValue(rs.getString("changes"), MAP));
    }

    /**
     * Records one change in the caller's transaction when there is one (the {@code DataSource}'s JDBC joins
     * Spring's transaction). Control characters in {@code actor}, {@code action} and {@code target} are written
     * as {@code \\uXXXX} and each is cut at {@value #MAX_TEXT} characters.
     *
     * @param changes JSON-serialisable values by name; {@code {}} for none
     * @throws IllegalArgumentException when {@code actor}, {@code action} or {@code target} is blank
     */
    public void record(String actor, String action, String target, Map<String, ?> changes) {
        jdbc.update("""
                insert into admin_audit (actor, action, target, changes)
                values (:actor, :action, :target, cast(:changes as jsonb))
                """, new MapSqlParameterSource("actor", bounded("actor", actor))
                .addValue("action", bounded("action", action)).addValue("target", bounded("target", target))
                .addValue("changes", changesJson(changes)));
    }

    /**
     * The entries matching every filter given, newest first. {@code from} is inclusive, {@code to} exclusive;
     * {@code size} is held to 1..{@value #MAX_PAGE_SIZE} and {@code page} to 0..the last that skips at most
     * {@value #MAX_OFFSET} entries (older ones are reached with {@code to}). The total is exact up to
     * {@value #COUNT_LIMIT} entries and "at least that many" beyond ({@link AuditPage#totalExact()}).
     */
    public AuditPage list(@Nullable String actor, @Nullable String action, @Nullable String target,
                          @Nullable Instant from, @Nullable Instant to, int page, int size) {
        int pageSize = Math.clamp(size, 1, MAX_PAGE_SIZE);
        int pageNo = Math.clamp(page, 0, MAX_OFFSET / pageSize);
        List<String> where = new ArrayList<>();
        MapSqlParameterSource params = new MapSqlParameterSource();
        condition(where, params, "actor", actor);
        condition(where, params, "action", action);
        condition(where, params, "target", target);
        if (from != null) {
            where.add("at >= :from");
            params.addValue("from", Timestamp.from(from));
        }
        if (to != null) {
            where.add("at < :to");
            params.addValue("to", Timestamp.from(to));
        }
        String filter = where.isEmpty() ? "" : " where " + String.join(" and ", where);
        long offset = (long) pageNo * pageSize;
        // One entry more than the page tells whether another page follows.
        params.addValue("limit", pageSize + 1).addValue("offset", offset);
        List<AuditEntry> rows = reads.query("select id, at, actor, action, target, changes::text as changes"
                + " from admin_audit" + filter + " order by at desc, id desc limit :limit offset :offset",
                params, entries);
        boolean hasMore = rows.size() > pageSize;
        List<AuditEntry> items = hasMore ? rows.subList(0, pageSize) : rows;
        if (!hasMore && (!items.isEmpty() || offset == 0)) {
            // The last page: the total is known without counting.
            return new AuditPage(pageNo, pageSize, offset + items.size(), true, false, items);
        }
        // Counting every match cost a scan of all of them on each page; the count stops past the limit instead.
        params.addValue("countLimit", COUNT_LIMIT + 1);
        Long counted = reads.queryForObject("select count(*) from (select 1 from admin_audit" + filter
                + " limit :countLimit) matched", params, Long.class);
        long total = counted == null ? 0 : counted;
        return new AuditPage(pageNo, pageSize, Math.min(total, COUNT_LIMIT), total <= COUNT_LIMIT, hasMore, items);
    }

    private String changesJson(@Nullable Map<String, ?> changes) {
        if (changes == null || changes.isEmpty()) {
            return "{}";
        }
        String written = json.writeValueAsString(changes);
        return written.length() <= MAX_CHANGES ? written
                : json.writeValueAsString(Map.of("omitted", "changes of " + written.length()
                + " characters; the audit log keeps " + MAX_CHANGES));
    }

    private static String bounded(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an audit entry needs a " + field);
        }
        String safe = LogSafe.text(value.strip());
        return safe.length() <= MAX_TEXT ? safe : safe.substring(0, MAX_TEXT - 3) + "...";
    }

    private static void condition(List<String> where, MapSqlParameterSource params, String column,
                                  @Nullable String value) {
        if (value != null && !value.isEmpty()) {
            where.add(column + " = :" + column);
            params.addValue(column, value);
        }
    }
}
