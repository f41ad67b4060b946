package io.smsnotifier.it.faults;

import io.smsnotifier.events.EventJson;
import io.smsnotifier.worker.NotifierApplication;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
 * JVM, Spring Boot arguments from the caller, output to a log file under {@code target/faults/}. {@link #kill()}
 * is {@code destroyForcibly()}, i.e. SIGKILL on Linux: no shutdown hook, no graceful stop, no last commit.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private WorkerProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts the worker with {@code args} (plus {@code --server.port}) and waits until its health is UP. */
    static WorkerProcess start(String name, List<String> args, Duration readyWithin) {
        int port = freePort();
        List<String> all = new ArrayList<>();
        all.add("--server.port=" + port);
        all.addAll(args);
        // A class-data archive (created when the first worker exits normally) shortens later starts.
        Path log = Path.of("target", "faults", name + ".log");
        Process process = launch(name, NotifierApplication.class.getName(), List.of("-Xmx768m", "-XX:+UseSerialGC",
                "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + Path.of("target", "faults", "worker.jsa")
                        .toAbsolutePath()), all, log);
        WorkerProcess worker = new WorkerProcess(name, port, process, log);
        worker.awaitHealthy(readyWithin);
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
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(jvmOptions);
            command.add("@" + argFile.toAbsolutePath());
            command.add(mainClass);
            command.addAll(args);
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    // Components are shown to an authenticated caller only (profile it's admin token).
                    .header("Authorization", "Bearer it-admin-token-0123456789")
                    .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
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
