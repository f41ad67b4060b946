package io.smsnotifier.it.benchmark;

import io.smsnotifier.it.faults.WorkerProcess;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@link HandWrittenPipeline} in a child JVM, as {@link BenchWorker} runs the worker: the same {@code java} binary and
 * classpath, the same heap limit; output to {@code target/benchmark/<name>.log}. {@link #run} starts it from the
 * benchmark; {@link #main}, in the child, delivers the records before {@code measureFrom} (the worker's warm-up, not
 * measured), then those up to {@code to} (offsets per partition, {@code 0:120,1:98,...}) while measuring, and writes
 * its figures to the file {@code result}.
 */
public final class HandWrittenPipelineProcess {

    private HandWrittenPipelineProcess() {
    }

    /** The child: {@code key=value} arguments, the pipeline's settings and the three above. */
    public static void main(String[] argv) {
        try {
            measure(argv);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0); // the SDKs' HTTP clients keep threads that would hold the JVM up for a minute
    }

    private static void measure(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            args.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        // The process's CPU time, user + system, all threads: what ProcessHandle reports for the worker.
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Properties figures = new Properties();
        try (HandWrittenPipeline pipeline = new HandWrittenPipeline(args)) {
            pipeline.runUntil(offsets(args.get("measureFrom")));
            HandWrittenPipeline.Counts before = pipeline.counts();
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            pipeline.runUntil(offsets(args.get("to")));
            HandWrittenPipeline.Counts after = pipeline.counts();
            figures.setProperty("seconds", String.valueOf((System.nanoTime() - start) / 1e9));
            figures.setProperty("cpuSeconds", String.valueOf((os.getProcessCpuTime() - cpuBefore) / 1e9));
            figures.setProperty("measuredRecords", String.valueOf(after.records() - before.records()));
            figures.setProperty("measuredNumbers", String.valueOf(after.sent() - before.sent()));
            figures.setProperty("numbers", String.valueOf(after.sent()));
            figures.setProperty("repeats", String.valueOf(after.repeats()));
            figures.setProperty("failed", String.valueOf(after.failed()));
        }
        try (Writer out = Files.newBufferedWriter(Path.of(args.get("result")))) {
            figures.store(out, "ceiling (iii)");
        }
    }

    /**
     * What the pipeline measured in its measured range: records, numbers sent, wall time (its first poll to its last
     * commit) and its process's CPU time (user + system, all threads, as the worker's); over the whole run, numbers
     * sent, repeats (numbers already in its ledger) and FAILED numbers.
     */
    record Result(long measuredRecords, long measuredNumbers, double seconds, double cpuSeconds, long numbers,
                  long repeats, long failed) {

        double numbersPerSecond() {
            return measuredNumbers / seconds;
        }

        double cpuMillisPerNumber() {
            return cpuSeconds * 1000 / measuredNumbers;
        }
    }

    /** Offsets per partition as the pipeline takes them: {@code 0:120,1:98}. */
    static String offsets(Map<Integer, Long> offsets) {
        return offsets.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    /** {@code 0:120,1:98} → partition → offset. */
    static Map<Integer, Long> offsets(String text) {
        Map<Integer, Long> offsets = new HashMap<>();
        for (String pair : text.split(",")) {
            offsets.put(Integer.parseInt(pair.substring(0, pair.indexOf(':'))),
                    Long.parseLong(pair.substring(pair.indexOf(':') + 1)));
        }
        return offsets;
    }

    /** Starts the pipeline with {@code args} ({@code key=value}, see its class), waits for it to finish. */
    static Result run(String name, String heap, Map<String, String> args, Duration within) {
        Path dir = BenchWorker.dir();
        Path log = dir.resolve(name + ".log");
        Path result = dir.resolve(name + ".result");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(result);
            // An argument file keeps a long (surefire) classpath off the command line, as for the worker.
            Path argFile = dir.resolve(name + ".args");
            Files.writeString(argFile, "-cp \"" + WorkerProcess.classpath() + "\"\n");
            List<String> command = new ArrayList<>(List.of(WorkerProcess.javaBinary(), "-Xmx" + heap,
                    "@" + argFile, HandWrittenPipelineProcess.class.getName()));
            args.forEach((key, value) -> command.add(key + "=" + value));
            command.add("result=" + result);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                WorkerProcess.stopGracefully(process);
                throw new IllegalStateException("ceiling (iii) did not finish within " + within + "; see " + log);
            }
            if (process.exitValue() != 0 || !Files.exists(result)) {
                throw new IllegalStateException("ceiling (iii) exited with " + process.exitValue() + "; see " + log);
            }
            Properties figures = new Properties();
            try (Reader in = Files.newBufferedReader(result)) {
                figures.load(in);
            }
            return new Result(Long.parseLong(figures.getProperty("measuredRecords")),
                    Long.parseLong(figures.getProperty("measuredNumbers")),
                    Double.parseDouble(figures.getProperty("seconds")),
                    Double.parseDouble(figures.getProperty("cpuSeconds")),
                    Long.parseLong(figures.getProperty("numbers")), Long.parseLong(figures.getProperty("repeats")),
                    Long.parseLong(figures.getProperty("failed")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
