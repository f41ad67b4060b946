package io.smsnotifier.it.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows written per table, from PostgreSQL's own statistics: {@code n_tup_ins + n_tup_upd + n_tup_del} of every table
 * in {@code pg_stat_user_tables}. The difference of two {@link #settled} readings divided by the numbers sent is the
 * benchmark's "ledger writes per number".
 *
 * <p>PostgreSQL 15 keeps each backend's counts in the backend until it flushes them to shared memory, which is what
 * {@code pg_stat_user_tables} shows: at the end of a transaction at least 1 s ({@code PGSTAT_MIN_INTERVAL}) after the
 * backend's previous flush; otherwise 10 s ({@code PGSTAT_IDLE_INTERVAL}) after it went idle, or at its next
 * transaction end after that second; and when it exits. {@code pg_stat_force_next_flush()} works on the calling
 * session only. So a reading taken right after a burst of writes can miss the last of them for up to ~10 s, and two
 * readings a second apart can agree while counts are still held by an idle backend. A reading counts as settled when
 * <ul>
 *   <li>no other client backend is connected to the database and the counts have not moved for 1 s (a backend
 *       flushes as it exits, a moment after it leaves {@code pg_stat_activity}); or</li>
 *   <li>the counts of every table but {@code worker_instances} have not moved for 11 s (10 s + 1): a backend
 *       holding counts flushes them within 10 s, so 11 still seconds mean nothing is held. The worker's heartbeat
 *       updates {@code worker_instances} every second, so that table never stands still while it runs; its few
 *       rows are counted all the same.</li>
 * </ul>
 * The benchmark takes the reading before a measured window with the worker running (the second rule) and the one
 * after it once the worker has stopped (the first rule).
 */
final class LedgerWrites {

    private static final String HEARTBEATS = "worker_instances";
    private static final long QUIET_NANOS = 11_000_000_000L;
    private static final long ALONE_NANOS = 1_000_000_000L;
    private static final long GIVE_UP_NANOS = 90_000_000_000L;

    private LedgerWrites() {
    }

    /**
     * Rows written per table; {@code settled} false when the counts did not settle within 90 s; {@code how}: which
     * rule settled it and after how long.
     */
    record Reading(Map<String, Long> byTable, boolean settled, String how) {
    }

    /** Polls the statistics of the database at {@code jdbcUrl} until a reading is settled (see the class). */
    static Reading settled(String jdbcUrl) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement()) {
            long begin = System.nanoTime();
            Map<String, Long> last = read(statement);
            long lastMoved = System.nanoTime();
            long lastMovedButHeartbeats = lastMoved;
            while (System.nanoTime() - begin < GIVE_UP_NANOS) {
                BenchWorker.sleep(250);
                Map<String, Long> now = read(statement);
                long at = System.nanoTime();
                if (!now.equals(last)) {
                    lastMoved = at;
                    if (!withoutHeartbeats(now).equals(withoutHeartbeats(last))) {
                        lastMovedButHeartbeats = at;
                    }
                }
                last = now;
                String waited = String.format(Locale.ROOT, "%.1f s", (at - begin) / 1e9);
                if (at - lastMoved >= ALONE_NANOS && otherBackends(statement) == 0) {
                    return new Reading(now, true, "no other connection, still 1 s, after " + waited);
                }
                if (at - lastMovedButHeartbeats >= QUIET_NANOS) {
                    return new Reading(now, true, "still 11 s but heartbeats, after " + waited);
                }
            }
            return new Reading(last, false, "not settled after 90 s");
        } catch (SQLException e) {
            throw new IllegalStateException("could not read pg_stat_user_tables", e);
        }
    }

    /** Rows written from {@code before} to {@code after} per number: the total, then each table's share. */
    static String perNumber(Reading before, Reading after, long numbers) {
        List<String> tables = delta(before, after).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + String.format(Locale.ROOT, e.getValue() * 100 >= numbers ? "%.2f" : "%.4f",
                        (double) e.getValue() / numbers))
                .toList();
        return String.format(Locale.ROOT, "%.2f", total(before, after, numbers)) + " (" + String.join(", ", tables)
                + ")" + (before.settled() && after.settled() ? "" : " — statistics did not settle within 90 s");
    }

    /** The total of {@link #perNumber}. */
    static double total(Reading before, Reading after, long numbers) {
        return delta(before, after).values().stream().mapToLong(Long::longValue).sum() / (double) numbers;
    }

    private static Map<String, Long> delta(Reading before, Reading after) {
        Map<String, Long> delta = new TreeMap<>();
        after.byTable().forEach((table, rows) -> {
            long written = rows - before.byTable().getOrDefault(table, 0L);
            if (written != 0) {
                delta.put(table, written);
            }
        });
        return delta;
    }

    private static Map<String, Long> read(Statement statement) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        // Auto-commit: each query is its own transaction, so each sees the counts as they are now (PostgreSQL keeps
        // a transaction's first view of them with stats_fetch_consistency = cache). A partition's rows count as its
        // table's (the ledger is partitioned by day, V26).
        try (ResultSet rs = statement.executeQuery("""
                select coalesce(p.relname, s.relname), sum(s.n_tup_ins + s.n_tup_upd + s.n_tup_del)
                  from pg_stat_user_tables s
                  left join pg_inherits i on i.inhrelid = s.relid
                  left join pg_class p on p.oid = i.inhparent
                 group by 1""")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
        }
        return rows;
    }

    private static Map<String, Long> withoutHeartbeats(Map<String, Long> rows) {
        Map<String, Long> copy = new TreeMap<>(rows);
        copy.remove(HEARTBEATS);
        return copy;
    }

    private static int otherBackends(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("""
                select count(*) from pg_stat_activity
                 where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
                """)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
