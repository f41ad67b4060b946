package io.smsnotifier.it.benchmark;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker instances of one {@link ScaleBenchmark} run: each a child JVM of its own ({@link BenchWorker}: its own
 * {@code --server.port}, log and GC log), all on one database and one broker. They start together, so that no
 * instance drains the work alone while the others are still starting. Each instance names itself in
 * {@code worker_instances} with an id it draws at start ({@code Instances}: a random UUID), so two never share one;
 * {@link #registeredInstances} counts them to show it.
 */
final class ScaleFleet implements AutoCloseable {

    /** The worker's SMS outcomes published, by status: {@code notifier.outcomes} on {@code /actuator/prometheus}. */
    private static final Pattern SENT =
            Pattern.compile("(?m)^notifier_outcomes_total\\{[^}]*status=\"SENT\"[^}]*} (\\S+)$");

    private final List<BenchWorker> workers;

    private ScaleFleet(List<BenchWorker> workers) {
        this.workers = workers;
    }

    /** Starts {@code count} instances named {@code <name>-i<k>} at once; returns when every one is healthy. */
    static ScaleFleet start(String name, int count, String heap, List<String> args, Duration readyWithin) {
        List<Future<BenchWorker>> starts = new ArrayList<>();
        try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int k = 1; k <= count; k++) {
                String instance = name + "-i" + k;
                starts.add(starters.submit(() -> BenchWorker.start(instance, heap, args, readyWithin)));
            }
        }
        List<BenchWorker> started = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<BenchWorker> start : starts) {
            try {
                started.add(start.get());
            } catch (ExecutionException | InterruptedException e) {
                failure = failure != null ? failure : new IllegalStateException("an instance did not start", e);
            }
        }
        ScaleFleet fleet = new ScaleFleet(started);
        if (failure != null) {
            fleet.close();
            throw failure;
        }
        return fleet;
    }

    List<BenchWorker> workers() {
        return workers;
    }

    /**
     * Waits until consumer group {@code group} is stable with {@code members} members that hold every one of
     * {@code partitions} partitions: then each instance has its share, and a measurement starting now does not
     * start with a rebalance.
     */
    static void awaitGroup(String bootstrapServers, String group, int members, int partitions, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "not described";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                        .describedGroups().get(group).get();
                int assigned = description.members().stream().map(MemberDescription::assignment)
                        .mapToInt(assignment -> assignment.topicPartitions().size()).sum();
                last = description.groupState() + ", " + description.members().size() + " members, " + assigned
                        + " partitions";
                if (description.groupState() == GroupState.STABLE && description.members().size() == members
                        && assigned == partitions) {
                    return;
                }
                BenchWorker.sleep(250);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not describe group " + group, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("group " + group + " not stable with " + members + " members within "
                + within + "; last: " + last);
    }

    /** Each instance's CPU time so far, in instance order. */
    List<Duration> cpu() {
        return workers.stream().map(BenchWorker::cpu).toList();
    }

    /** Each instance's SMS outcomes {@code SENT} so far, in instance order ({@code -1} where unreadable). */
    List<Long> sent() {
        List<Long> sent = new ArrayList<>();
        for (BenchWorker worker : workers) {
            try {
                Matcher lines = SENT.matcher(worker.admin().get("/actuator/prometheus").body());
                double total = 0;
                while (lines.find()) {
                    total += Double.parseDouble(lines.group(1));
                }
                sent.add(Math.round(total));
            } catch (RuntimeException e) {
                sent.add(-1L);
            }
        }
        return sent;
    }

    /** Rows in {@code worker_instances} of the database at {@code jdbcUrl}: one per running instance. */
    static int registeredInstances(String jdbcUrl) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(distinct instance_id) from worker_instances")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read worker_instances", e);
        }
    }

    /** Stops every instance gracefully at once (each flushes its statistics to PostgreSQL as it goes). */
    @Override
    public void close() {
        try (ExecutorService stoppers = Executors.newVirtualThreadPerTaskExecutor()) {
            workers.forEach(worker -> stoppers.submit(worker::close));
        }
    }
}
