package io.smsnotifier.it.benchmark;

import io.smsnotifier.events.EventJson;
import io.smsnotifier.it.faults.WorkerProcess;
import io.smsnotifier.worker.NotifierApplication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker ({@link NotifierApplication}) in a child JVM, so that its CPU time and heap can be measured apart from
 * the broker, the simulators and the producer (which run in the test JVM). Adapted from
 * {@code io.smsnotifier.it.faults.WorkerProcess}: same {@code java} binary and classpath as the test JVM, output to
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

    static final String ADMIN_TOKEN = "it-admin-token-0123456789";
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final Path gcLog;

    private BenchWorker(String name, int port, Process process, Path log, Path gcLog) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.gcLog = gcLog;
    }

    static Path dir() {
        return Path.of("target", "benchmark").toAbsolutePath();
    }

    /** Starts the worker with {@code args} (plus {@code --server.port}) and waits until its health is UP. */
    static BenchWorker start(String name, String heap, List<String> args, Duration readyWithin) {
        int port = WorkerProcess.freePort();
        Path log = dir().resolve(name + ".log");
        Path gcLog = dir().resolve(name + ".gc.log");
        List<String> all = new ArrayList<>();
        all.add("--server.port=" + port);
        all.addAll(args);
        List<String> jvm = List.of("-Xmx" + heap, "-Xlog:gc:file=" + gcLog,
                "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + dir().resolve("worker.jsa"));
        try {
            Files.createDirectories(dir());
            Files.deleteIfExists(gcLog);
            Path argFile = dir().resolve(name + ".args");
            Files.writeString(argFile, "-cp \"" + WorkerProcess.classpath() + "\"\n");
            List<String> command = new ArrayList<>();
            command.add(javaBinary());
            command.addAll(jvm);
            command.add("@" + argFile);
            command.add(NotifierApplication.class.getName());
            command.addAll(all);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            BenchWorker worker = new BenchWorker(name, port, process, log, gcLog);
            worker.awaitHealthy(readyWithin);
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private void awaitHealthy(Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker " + name + " exited with " + process.exitValue()
                        + " before it was healthy; see " + log);
            }
            String body = get("/actuator/health");
            if (body != null && "UP".equals(EventJson.mapper().readTree(body).path("status").asString(""))) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("worker " + name + " not healthy within " + within + "; see " + log);
    }

    private String get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** POSTs a CSV to {@code /api/directory/import}; returns the report. */
    String importCsv(String csv) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/directory/import"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .header("Content-Type", "text/csv")
                    .timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("import answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** CPU time (user + system) the worker process used so far. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
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
        Path jcmd = Path.of(javaBinary()).resolveSibling("jcmd");
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
        WorkerProcess.stopGracefully(process);
    }

    static void sleep(long millis) {
        WorkerProcess.sleep(millis);
    }
}
