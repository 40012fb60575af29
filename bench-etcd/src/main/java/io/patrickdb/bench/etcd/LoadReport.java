package io.patrickdb.bench.etcd;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What an {@link EtcdLoad} run measured, printed in the format of {@code ./patrickdb bench}'s
 * report, so that one script can read both.
 *
 * <p>{@link #csvLine}'s fields, in order: the word {@code csv}, {@code etcd}, connections
 * (request streams), pipeline, get ratio, operations per second, p50, p99 and p99.9 in
 * microseconds, and errors.
 *
 * @param options    the run's settings
 * @param operations requests answered without error while measuring
 * @param seconds    how long the measurement took
 * @param p50Micros  median latency
 * @param p99Micros  99th percentile latency
 * @param p999Micros 99.9th percentile latency
 * @param errors     failed requests during the load (warm-up included)
 */
public record LoadReport(LoadOptions options, long operations, double seconds, long p50Micros, long p99Micros,
                         long p999Micros, long errors) {

    /** The report of a measurement whose latencies (in microseconds) are in {@code latencies}. */
    static LoadReport of(LoadOptions options, Histogram latencies, double seconds, long errors) {
        return new LoadReport(options, latencies.getTotalCount(), seconds, latencies.getValueAtPercentile(50),
                latencies.getValueAtPercentile(99), latencies.getValueAtPercentile(99.9), errors);
    }

    /** Throughput: answered requests per second. */
    public double opsPerSecond() {
        return operations / seconds;
    }

    /** The settings on one line, then a Markdown table of the results. */
    public String table() {
        LoadOptions o = options;
        return String.format(Locale.ROOT, """
                etcd at %s: %d connections, pipeline %d, %.0f%% gets, %d-byte values, %,d keys, %d s measured after %d s warm-up

                | ops/s | p50 us | p99 us | p99.9 us | errors |
                |------:|-------:|-------:|---------:|-------:|
                | %,.0f | %,d | %,d | %,d | %,d |
                """, o.server(), o.connections(), o.pipeline(), 100 * o.getRatio(), o.valueSize(), o.keys(),
                o.durationSeconds(), o.warmupSeconds(), opsPerSecond(), p50Micros, p99Micros, p999Micros, errors);
    }

    /** One comma-separated line for scripts (fields in the class comment). */
    public String csvLine() {
        LoadOptions o = options;
        return String.format(Locale.ROOT, "csv,etcd,%d,%d,%s,%.0f,%d,%d,%d,%d", o.connections(), o.pipeline(),
                o.getRatio(), opsPerSecond(), p50Micros, p99Micros, p999Micros, errors);
    }
}
