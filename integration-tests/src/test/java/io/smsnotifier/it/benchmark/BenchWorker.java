package io.smsnotifier.it.benchmark;

import io.smsnotifier.it.AdminApiClient;
import io.smsnotifier.it.faults.WorkerProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker in a child JVM ({@link WorkerProcess}, the fault scenarios' launcher), so that its CPU time and heap can
 * be measured apart from the broker, the simulators and the producer (which run in the test JVM); output to
 * {@code target/benchmark/<name>.log}, GC log to {@code <name>.gc.log}.
 *
 * <ul>
 *   <li>CPU: {@link ProcessHandle.Info#totalCpuDuration()} of the child (user + system, all threads);</li>
 *   <li>heap: parsed from {@code -Xlog:gc} lines ({@code before->after(committed)}), only lines written inside the
 *       measured window;</li>
 *   <li>profile: a JFR recording ({@code settings=profile}) started and dumped with {@code jcmd} around the
 *       measured window.</li>
 * </ul>
 */
final class BenchWorker implements AutoCloseable {

    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final String name;
    private final WorkerProcess process;
    private final Path gcLog;

    private BenchWorker(String name, WorkerProcess process, Path gcLog) {
        this.name = name;
        this.process = process;
        this.gcLog = gcLog;
    }

    static Path dir() {
        return Path.of("target", "benchmark").toAbsolutePath();
    }

    /** Starts the worker with {@code args} (plus {@code --server.port}) and waits until its health is UP. */
    static BenchWorker start(String name, String heap, List<String> args, Duration readyWithin) {
        Path gcLog = dir().resolve(name + ".gc.log");
        try {
            Files.createDirectories(dir());
            Files.deleteIfExists(gcLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String gcOption = "-Xlog:gc:file=" + gcLog;
        try {
            WorkerProcess process = WorkerProcess.start(name, dir(), List.of("-Xmx" + heap, gcOption), args,
                    readyWithin);
            return new BenchWorker(name, process, gcLog);
        } catch (RuntimeException notHealthy) {
            // WorkerProcess.start leaves a worker that never became healthy running, where it would load the machine
            // for the rest of the benchmark: stop it, found by its GC log, which names this worker alone.
            ProcessHandle.current().children()
                    .filter(child -> child.info().arguments().map(List::of).orElse(List.of()).contains(gcOption))
                    .forEach(ProcessHandle::destroyForcibly);
            throw notHealthy;
        }
    }

    /** POSTs a CSV to {@code /api/directory/import}; returns the report. */
    String importCsv(String csv) {
        HttpResponse<String> response = process.admin().withTimeout(Duration.ofMinutes(5))
                .importDirectory("text/csv", csv);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("import answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    long pid() {
        return process.pid();
    }

    /** The worker's admin API, with the admin token of profile {@code it}. */
    AdminApiClient admin() {
        return process.admin();
    }

    Path log() {
        return process.log();
    }

    /** CPU time (user + system) the worker process used so far. */
    Duration cpu() {
        return process.handle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Lines in the GC log so far: a mark for {@link #heapSince(int)}. */
    int gcLogMark() {
        return gcLines().size();
    }

    /**
     * Heap figures from GC log lines after {@code mark}: the largest heap used after a collection, the largest used
     * before one (i.e. the peak occupancy) and the largest committed heap, in MB; {@code collections} counts them.
     */
    Heap heapSince(int mark) {
        List<String> lines = gcLines();
        long afterMax = 0;
        long beforeMax = 0;
        long committedMax = 0;
        int collections = 0;
        for (int i = mark; i < lines.size(); i++) {
            Matcher m = GC_LINE.matcher(lines.get(i));
            if (m.find()) {
                collections++;
                beforeMax = Math.max(beforeMax, Long.parseLong(m.group(1)));
                afterMax = Math.max(afterMax, Long.parseLong(m.group(2)));
                committedMax = Math.max(committedMax, Long.parseLong(m.group(3)));
            }
        }
        // No collection in the window (or a small one): what the heap holds now counts as used.
        Matcher used = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(jcmd("GC.heap_info"));
        if (used.find()) {
            beforeMax = Math.max(beforeMax, Long.parseLong(used.group(2)) / 1024);
            committedMax = Math.max(committedMax, Long.parseLong(used.group(1)) / 1024);
        }
        return new Heap(afterMax, beforeMax, committedMax, collections);
    }

    record Heap(long peakAfterGcMb, long peakUsedMb, long committedMb, int collections) {
    }

    private List<String> gcLines() {
        try {
            return Files.exists(gcLog) ? Files.readAllLines(gcLog) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Runs {@code jcmd <pid> <args>}; returns its output. */
    String jcmd(String... args) {
        Path jcmd = Path.of(WorkerProcess.javaBinary()).resolveSibling("jcmd");
        List<String> command = new ArrayList<>();
        command.add(jcmd.toString());
        command.add(String.valueOf(process.pid()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "jcmd failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    void startRecording() {
        jcmd("JFR.start", "name=bench", "settings=profile");
    }

    Path stopRecording() {
        Path file = dir().resolve(name + ".jfr");
        jcmd("JFR.stop", "name=bench", "filename=" + file);
        return file;
    }

    /** A graceful stop (SIGTERM), forcibly after 20 s. */
    @Override
    public void close() {
        process.close();
    }

    static void sleep(long millis) {
        WorkerProcess.sleep(millis);
    }
}
