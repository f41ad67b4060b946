package io.smsnotifier.it.faults;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Kafka broker ({@link BrokerMain}) in a child JVM that can be killed and started again on the same port
 * and data directory: a restart, not a new broker. {@link #kill()} is SIGKILL; {@link #restart()} starts a new
 * process on the same directory (not formatted again), cluster id and ports.
 */
final class BrokerProcess implements AutoCloseable {

    private final Path directory;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int port = WorkerProcess.freePort();
    private final int controllerPort = WorkerProcess.freePort();
    private int starts;
    private Process process;

    private BrokerProcess(Path directory) {
        this.directory = directory;
    }

    static BrokerProcess start() {
        try {
            Files.createDirectories(Path.of("target", "faults"));
            BrokerProcess broker = new BrokerProcess(Files.createTempDirectory(Path.of("target", "faults"), "kafka-")
                    .toAbsolutePath());
            broker.launch(true, Duration.ofSeconds(90));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    /** kill -9 and wait until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the broker again on the same directory and ports; returns when it serves clients. */
    void restart() {
        launch(false, Duration.ofSeconds(90));
    }

    private void launch(boolean format, Duration within) {
        starts++;
        Path log = Path.of("target", "faults", "broker-" + starts + ".log");
        process = WorkerProcess.launch("broker-" + starts, BrokerMain.class.getName(), List.of("-Xmx512m"),
                List.of(directory.toString(), clusterId, String.valueOf(port), String.valueOf(controllerPort),
                        String.valueOf(format)), log);
        Instant deadline = Instant.now().plus(within);
        try {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("broker exited with " + process.exitValue() + "; see "
                            + log.toAbsolutePath());
                }
                if (Files.exists(log) && Files.readString(log).contains(BrokerMain.READY)) {
                    return;
                }
                WorkerProcess.sleep(200);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("broker not ready within " + within + "; see " + log.toAbsolutePath());
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("[faults] could not delete " + directory + ": " + e.getMessage());
        }
    }
}
