package io.smsnotifier.it.benchmark;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static io.smsnotifier.it.benchmark.DeliveryBenchmark.fmt;

/** {@link ScaleBenchmark}'s figures: one row per instance count, and the Markdown table of them. */
final class ScaleTable {

    private ScaleTable() {
    }

    /**
     * One run's figures.
     *
     * @param cpuSeconds            worker CPU over the window, summed over the instances
     * @param cpuWindowSeconds      the window over which {@code cpuSeconds} was taken
     * @param idleCores             cores the instances used together while idle, just before the window
     * @param cpuMsPerSmsByInstance each instance's CPU over the window / the SMS it sent
     * @param writes                {@link LedgerWrites#perNumber}: the total and each table's share
     * @param missing               numbers (warm-up included) that never reached the simulator
     * @param repeated              numbers that reached it more than once
     */
    record Row(int instances, long sms, double seconds, double cpuSeconds, double cpuWindowSeconds,
               double idleCores, List<Double> cpuMsPerSmsByInstance, List<Long> smsByInstance, double writesPerSms,
               String writes, long missing, long repeated) {

        double smsPerSecond() {
            return sms / seconds;
        }

        double cpuMsPerSms() {
            return cpuSeconds * 1000 / sms;
        }

        /** CPU per SMS less what the instances would have used idle over the window. */
        double cpuMsPerSmsLessIdle() {
            return (cpuSeconds - idleCores * cpuWindowSeconds) * 1000 / sms;
        }

        double meanInstanceCpuMsPerSms() {
            return cpuMsPerSmsByInstance.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    /** The table, each figure with its ratio to the first row's in brackets, then the writes by table. */
    static String markdown(List<Row> rows, int events) {
        Row first = rows.getFirst();
        StringBuilder out = new StringBuilder("\n[benchmark] scale: the same " + events + " login codes through n "
                + "instances (ratio to the " + first.instances() + "-instance row in brackets)\n\n"
                + "| instances | SMS | SMS/s | worker CPU s (sum) | **CPU ms / SMS** | CPU ms / SMS per instance, mean "
                + "(min-max) | SMS per instance | idle CPU, cores (sum) | CPU ms / SMS less idle | **writes / SMS** "
                + "| received twice |\n"
                + "|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            List<Double> perInstance = row.cpuMsPerSmsByInstance();
            out.append(String.format(Locale.ROOT, "| %d | %,d | %s (%s) | %.1f | %s (%s) | %s (%s) %s-%s | %s | "
                            + "%.3f | %s (%s) | %.2f (%s) | %d |%n", row.instances(), row.sms(),
                    fmt(row.smsPerSecond()), ratio(row.smsPerSecond(), first.smsPerSecond()), row.cpuSeconds(),
                    ms(row.cpuMsPerSms()),
                    ratio(row.cpuMsPerSms(), first.cpuMsPerSms()), ms(row.meanInstanceCpuMsPerSms()),
                    ratio(row.meanInstanceCpuMsPerSms(), first.meanInstanceCpuMsPerSms()),
                    ms(perInstance.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN)),
                    ms(perInstance.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)),
                    row.smsByInstance().stream().map(String::valueOf).collect(Collectors.joining(" / ")),
                    row.idleCores(), ms(row.cpuMsPerSmsLessIdle()),
                    ratio(row.cpuMsPerSmsLessIdle(), first.cpuMsPerSmsLessIdle()),
                    row.writesPerSms(), ratio(row.writesPerSms(), first.writesPerSms()), row.repeated()));
        }
        rows.forEach(row -> out.append("\nwrites per SMS, ").append(row.instances()).append(" instances: ")
                .append(row.writes()));
        return out.append('\n').toString();
    }

    static String ratio(double value, double reference) {
        return String.format(Locale.ROOT, "×%.2f", value / reference);
    }

    static String ms(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
