package io.smsnotifier.it.faults;

import io.smsnotifier.events.EventJson;
import io.smsnotifier.it.AdminApiClient;
import io.smsnotifier.worker.NotifierApplication;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The worker ({@link NotifierApplication}) in a child JVM: the same {@code java} binary and classpath as this test
 * JVM, JVM options and Spring Boot arguments from the caller, output to {@code <dir>/<name>.log}. The one launcher
 * of the fault scenarios and the benchmark. {@link #kill()} is {@code destroyForcibly()}, i.e. SIGKILL on Linux: no
 * shutdown hook, no graceful stop, no last commit.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final Path FAULTS = Path.of("target", "faults");

    private final String name;
    private final Process process;
    private final Path log;
    private final AdminApiClient admin;

    private WorkerProcess(String name, Process process, Path log, AdminApiClient admin) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.admin = admin;
    }

    /** Starts the worker as the fault scenarios run it (768 MB heap, serial GC, logs under {@code target/faults}). */
    static WorkerProcess start(String name, List<String> args, Duration readyWithin) {
        return start(name, FAULTS, List.of("-Xmx768m", "-XX:+UseSerialGC"), args, readyWithin);
    }

    /**
     * Starts the worker with {@code jvmOptions} and {@code args} (plus {@code --server.port}), its log, argument file
     * and class-data archive in {@code dir}, and waits until its health is UP.
     */
    public static WorkerProcess start(String name, Path dir, List<String> jvmOptions, List<String> args,
                                      Duration readyWithin) {
        int port = freePort();
        List<String> all = new ArrayList<>();
        all.add("--server.port=" + port);
        all.addAll(args);
        // A class-data archive (created when the first worker exits normally) shortens later starts.
        List<String> jvm = new ArrayList<>(jvmOptions);
        jvm.add("-XX:+AutoCreateSharedArchive");
        jvm.add("-XX:SharedArchiveFile=" + dir.resolve("worker.jsa").toAbsolutePath());
        Path log = dir.resolve(name + ".log");
        Process process = launch(name, NotifierApplication.class.getName(), jvm, all, log);
        WorkerProcess worker = new WorkerProcess(name, process, log, AdminApiClient.at("http://127.0.0.1:" + port));
        try {
            worker.awaitHealthy(readyWithin);
        } catch (RuntimeException e) {
            // Nothing stops a worker the test never got: left running, it kept sending and loading the machine.
            process.destroyForcibly();
            throw e;
        }
        return worker;
    }

    /** Starts {@code mainClass} in a child JVM with this JVM's java binary and classpath, output to {@code log}. */
    static Process launch(String name, String mainClass, List<String> jvmOptions, List<String> args, Path log) {
        try {
            Files.createDirectories(log.getParent());
            // An argument file keeps a long (surefire) classpath off the command line.
            Path argFile = log.resolveSibling(name + ".args");
            Files.writeString(argFile, "-cp \"" + classpath() + "\"\n");
            List<String> command = new ArrayList<>();
            command.add(javaBinary());
            command.addAll(jvmOptions);
            command.add("@" + argFile.toAbsolutePath());
            command.add(mainClass);
            command.addAll(args);
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code java} binary of this JVM. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Surefire may run tests from a manifest-only jar; its real classpath is then in this property. */
    public static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void awaitHealthy(Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker " + name + " exited with " + process.exitValue()
                        + " before it was healthy; see " + log.toAbsolutePath());
            }
            if ("UP".equals(healthStatus())) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("worker " + name + " not healthy within " + within + "; last health: "
                + health(Duration.ofSeconds(10)) + "; see " + log.toAbsolutePath());
    }

    /** The overall status on {@code /actuator/health}, or {@code "UNREACHABLE"}. */
    String healthStatus() {
        return healthStatus(null);
    }

    /** The status of {@code component} ({@code null}: overall) on {@code /actuator/health}, or "UNREACHABLE". */
    String healthStatus(String component) {
        String body = health(Duration.ofSeconds(10));
        if (body == null) {
            return "UNREACHABLE";
        }
        JsonNode health = EventJson.mapper().readTree(body);
        JsonNode node = component == null ? health : health.path("components").path(component);
        return node.path("status").asString("?");
    }

    /** The body of {@code /actuator/health} (200 or 503), or {@code null} when no answer came within {@code timeout}. */
    String health(Duration timeout) {
        // Components are shown to an authenticated caller only: the client has profile it's admin token.
        return admin.tryGet("/actuator/health", timeout).map(HttpResponse::body).orElse(null);
    }

    /** The worker's admin API, with the admin token. */
    public AdminApiClient admin() {
        return admin;
    }

    public long pid() {
        return process.pid();
    }

    /** The child process, for what the JVM can tell of it (CPU time). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** kill -9: SIGKILL, then waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("worker " + name + " did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A graceful stop (SIGTERM), forcibly after 20 s. */
    @Override
    public void close() {
        stopGracefully(process);
    }

    /** SIGTERM, then SIGKILL when {@code process} has not ended within 20 s. */
    public static void stopGracefully(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
