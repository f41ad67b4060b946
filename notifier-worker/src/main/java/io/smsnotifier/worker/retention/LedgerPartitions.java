package io.smsnotifier.worker.retention;

import io.smsnotifier.worker.delivery.LedgerDays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Keeps the ledger's day partitions (decision 0014): every day {@link LedgerDays} accepts events for, and two
 * ahead, exists; a day a day past the retention is dropped whole, which is the ledger's retention: no row is
 * deleted one by one. The ledger from before partitions ({@code deliveries_before_partitions}, V26) goes once its
 * newest row is past the retention. Runs as the worker starts (before any event is taken) and hourly, on one
 * instance at a time (an advisory lock; the others skip the run). A partition is created on its own and then
 * attached, and dropped after a concurrent detach: neither holds delivery's statements for more than a moment,
 * and none waits longer than the lock timeout for them (a busy ledger is tried again the next hour).
 */
@Component
class LedgerPartitions implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(LedgerPartitions.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'deliveries_'yyyyMMdd");
    private static final String BEFORE_PARTITIONS = "deliveries_before_partitions";
    /** Any number, the same on every instance: pg_try_advisory_lock's key for this job. */
    private static final long LOCK_KEY = 0x5_1ED6E4L;

    /** What one run did. */
    record Changes(List<String> created, List<String> dropped) {
    }

    private final JdbcTemplate jdbc;
    private final LedgerDays days;
    private final RetentionProperties retention;

    LedgerPartitions(JdbcTemplate jdbc, LedgerDays days, RetentionProperties retention) {
        this.jdbc = jdbc;
        this.days = days;
        this.retention = retention;
    }

    @Override
    public void afterSingletonsInstantiated() {
        keepOnSchedule();
    }

    @Scheduled(fixedDelayString = "${notifier.retention.partitions-every:1h}", initialDelayString = "PT1H")
    void keepOnSchedule() {
        try {
            Changes changes = keep();
            if (!changes.created().isEmpty() || !changes.dropped().isEmpty()) {
                log.info("ledger partitions created {} dropped {}", changes.created(), changes.dropped());
            }
        } catch (RuntimeException e) {
            log.warn("ledger partitions not kept this time, next try in an hour: {}", e.toString());
        }
    }

    /** Creates the days missing and drops the days past the retention; nothing when another instance is at it. */
    Changes keep() {
        return jdbc.execute((ConnectionCallback<Changes>) connection -> {
            try (Statement statement = connection.createStatement()) {
                if (!locked(statement)) {
                    return new Changes(List.of(), List.of());
                }
                try {
                    statement.execute("set lock_timeout = '5s'");
                    return keep(statement);
                } finally {
                    statement.execute("reset lock_timeout");
                    statement.execute("select pg_advisory_unlock(" + LOCK_KEY + ")");
                }
            }
        });
    }

    private Changes keep(Statement statement) throws SQLException {
        LocalDate today = days.today();
        LocalDate firstKept = today.minusDays(days.keptDays() + 1L);
        TreeSet<String> existing = partitions(statement);
        List<String> created = new ArrayList<>();
        for (LocalDate day = firstKept; !day.isAfter(today.plusDays(2)); day = day.plusDays(1)) {
            String name = NAME.format(day);
            if (!existing.contains(name)) {
                statement.execute("create table if not exists " + name
                        + " (like deliveries including defaults including constraints) with (fillfactor = 80)");
                statement.execute("alter table deliveries attach partition " + name + " for values from ('" + day
                        + "') to ('" + day.plusDays(1) + "')");
                created.add(name);
            }
        }
        List<String> dropped = new ArrayList<>();
        for (String name : existing.headSet(NAME.format(firstKept))) {
            if (name.matches("deliveries_\\d{8}")) {
                drop(statement, name);
                dropped.add(name);
            }
        }
        if (existing.contains(BEFORE_PARTITIONS) && beforePartitionsPast(statement)) {
            drop(statement, BEFORE_PARTITIONS);
            dropped.add(BEFORE_PARTITIONS);
        }
        return new Changes(created, dropped);
    }

    private static boolean locked(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("select pg_try_advisory_lock(" + LOCK_KEY + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static TreeSet<String> partitions(Statement statement) throws SQLException {
        TreeSet<String> names = new TreeSet<>();
        try (ResultSet rs = statement.executeQuery("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                 where i.inhparent = 'deliveries'::regclass""")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Its newest row (deliveries_created, read backwards: one index entry) is past the retention. */
    private boolean beforePartitionsPast(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("select coalesce(max(created_at) < now() - interval '"
                + retention.deliveries().toSeconds() + " seconds', true) from " + BEFORE_PARTITIONS)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Detached concurrently (delivery's statements go on meanwhile), then dropped: it is no longer the ledger's. A
     * detach an earlier run began and did not finish (the worker stopped in it) is finished instead.
     */
    private static void drop(Statement statement, String name) throws SQLException {
        boolean pending;
        try (ResultSet rs = statement.executeQuery("select i.inhdetachpending from pg_inherits i"
                + " where i.inhparent = 'deliveries'::regclass and i.inhrelid = '" + name + "'::regclass")) {
            pending = rs.next() && rs.getBoolean(1);
        }
        statement.execute("alter table deliveries detach partition " + name
                + (pending ? " finalize" : " concurrently"));
        statement.execute("drop table " + name);
    }
}
