package io.smsnotifier.worker.delivery;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link JdbcTemplate} on one connection whose every statement PostgreSQL explains as it runs it: the
 * {@code auto_explain} module writes {@code EXPLAIN (ANALYZE, BUFFERS)} of each statement executed, with the SQL
 * text and bind parameters the code sent, and sends it back as a notice, which this template keeps. The code under
 * test is built on it and called as the application calls it, so there is no copy of its SQL to drift. Each call
 * runs twice: once planned for its parameters, as the first runs of a statement are, and once with the generic plan
 * a pooled connection may switch to after five runs of a prepared statement ({@code plan_cache_mode}). A call that
 * writes (a purge, a claim) runs in a transaction that is rolled back, so that it changes nothing; one that only
 * reads runs without one: PostgreSQL ends a query's portal, and so explains it, when its transaction ends or the next
 * statement comes, which inside a transaction would pin the notice on the next statement.
 */
final class PlanRecorder extends JdbcTemplate {

    private static final Pattern DURATION = Pattern.compile("^duration: ([0-9.]+) ms");
    private static final Pattern NODE = Pattern.compile("(Seq Scan|Index Only Scan|Index Scan|Bitmap Heap Scan|"
            + "Bitmap Index Scan)( Backward)?(?: using (\\S+))? on (\\S+).*actual time=\\S+ rows=(\\d+) loops=(\\d+)");
    private static final Pattern REMOVED = Pattern.compile("Rows Removed by (?:Filter|Index Recheck): (\\d+)");
    private static final Pattern BUFFERS = Pattern.compile("Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?");

    private final List<String> notices = new ArrayList<>();
    private final TransactionTemplate rolledBack;

    PlanRecorder(SingleConnectionDataSource dataSource) {
        super(dataSource);
        this.rolledBack = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        // Superuser only (LOAD): the benchmark's own database on the test server.
        execute("load 'auto_explain'");
        execute("set auto_explain.log_min_duration = 0");
        execute("set auto_explain.log_analyze = on");
        execute("set auto_explain.log_buffers = on");
        execute("set auto_explain.log_timing = on");
        execute("set auto_explain.log_level = notice");
        execute("set auto_explain.log_format = text");
    }

    @Override
    protected void handleWarnings(Statement statement) throws SQLException {
        for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
            if (warning.getMessage() != null && warning.getMessage().startsWith("duration:")) {
                notices.add(warning.getMessage());
            }
        }
        super.handleWarnings(statement);
    }

    /**
     * The plans of every statement {@code call} runs, planned for its parameters and generically, after a first run
     * that is not kept: a query asked again finds the pages the last one read in the cache.
     */
    Captured capture(Runnable call, boolean writes) {
        run(call, writes, "force_custom_plan");
        return new Captured(run(call, writes, "force_custom_plan"), run(call, writes, "force_generic_plan"));
    }

    /** The plans of every statement {@code call} runs, once, as a statement's first runs are planned. */
    List<Plan> once(Runnable call, boolean writes) {
        return run(call, writes, "auto");
    }

    private List<Plan> run(Runnable call, boolean writes, String planCacheMode) {
        notices.clear();
        execute("set plan_cache_mode = " + planCacheMode);
        try {
            if (writes) {
                rolledBack.executeWithoutResult(status -> {
                    call.run();
                    status.setRollbackOnly();
                });
            } else {
                call.run();
            }
        } finally {
            execute("reset plan_cache_mode");
        }
        return notices.stream().map(PlanRecorder::parse).toList();
    }

    static Plan parse(String notice) {
        Matcher duration = DURATION.matcher(notice);
        double millis = duration.find() ? Double.parseDouble(duration.group(1)) : Double.NaN;
        List<Scan> scans = new ArrayList<>();
        long hit = -1;
        long read = 0;
        // Whether the last node is a scan of a table: a filter under another node (a CTE scan, a join) is not one.
        boolean underScan = false;
        for (String line : notice.split("\n")) {
            Matcher node = NODE.matcher(line);
            if (node.find()) {
                scans.add(new Scan(node.group(1) + (node.group(2) == null ? "" : node.group(2)), node.group(3),
                        node.group(4), Long.parseLong(node.group(5)), Long.parseLong(node.group(6))));
                underScan = true;
                continue;
            }
            if (line.contains("->") || line.contains("(cost=")) {
                underScan = false;
            }
            Matcher removed = REMOVED.matcher(line);
            if (removed.find() && underScan && !scans.isEmpty()) {
                scans.set(scans.size() - 1, scans.getLast().removing(Long.parseLong(removed.group(1))));
            }
            Matcher buffers = BUFFERS.matcher(line);
            if (hit < 0 && buffers.find()) {
                // The first Buffers line is the top node's, which counts every node under it.
                hit = buffers.group(1) == null ? 0 : Long.parseLong(buffers.group(1));
                read = buffers.group(2) == null ? 0 : Long.parseLong(buffers.group(2));
            }
        }
        return new Plan(millis, scans, Math.max(hit, 0), read, notice);
    }

    /** What one call ran: each statement's plan, as planned for its parameters and generically. */
    record Captured(List<Plan> custom, List<Plan> generic) {
    }

    /** One statement's plan: its duration, its scans, the shared buffers it hit and read, the text. */
    record Plan(double millis, List<Scan> scans, long buffersHit, long buffersRead, String text) {

        /** Rows every scan of {@code table} (or of its partitions) read, the ones its filter threw away included. */
        long rowsRead(String table) {
            return scans.stream().filter(scan -> scan.table().equals(table) || scan.table().startsWith(table + "_"))
                    .mapToLong(Scan::rowsRead).sum();
        }

        /**
         * "Index Scan Backward using deliveries_created on deliveries", each scan once, in plan order; the ledger's day
         * partitions as one ({@code deliveries_<day>}).
         */
        String shape() {
            return String.join("; ", scans.stream().filter(scan -> !scan.type().equals("Bitmap Index Scan"))
                    .map(scan -> scan.toString().replaceAll("deliveries_\\d{8}", "deliveries_<day>")).distinct()
                    .toList());
        }
    }

    /** A scan node: per loop it returned {@code rows} and threw away {@code removed}. */
    record Scan(String type, String index, String table, long rows, long loops, long removed) {

        Scan(String type, String index, String table, long rows, long loops) {
            this(type, index, table, rows, loops, 0);
        }

        Scan removing(long removedPerLoop) {
            return new Scan(type, index, table, rows, loops, removed + removedPerLoop);
        }

        long rowsRead() {
            return (rows + removed) * loops;
        }

        @Override
        public String toString() {
            return type + (index == null ? "" : " using " + index) + " on " + table;
        }
    }
}
