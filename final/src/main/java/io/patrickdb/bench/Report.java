package io.patrickdb.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What a run measured: throughput over the measured seconds, and latency percentiles.
 *
 * <p>{@link #csvLine} is for scripts. Its fields, in order: the word {@code csv}, protocol,
 * server, connections, pipeline, get ratio, value size, keys, seconds measured, operations per
 * second, p50, p99 and p99.9 in microseconds, and errors.
 *
 * @param options     the run's settings
 * @param operations  requests answered without error while measuring
 * @param seconds     how long the measurement took
 * @param p50Micros   median latency
 * @param p99Micros   99th percentile latency
 * @param p999Micros  99.9th percentile latency
 * @param errors      error responses during the load (warm-up included)
 */
public record Report(BenchOptions options, long operations, double seconds, long p50Micros, long p99Micros,
                     long p999Micros, long errors) {

    /** The report of a measurement whose latencies are in {@code latencies}. */
    static Report of(BenchOptions options, Histogram latencies, double seconds, long errors) {
        return new Report(options, latencies.getTotalCount(), seconds, latencies.getValueAtPercentile(50),
                latencies.getValueAtPercentile(99), latencies.getValueAtPercentile(99.9), errors);
    }

    /** Throughput: answered requests per second. */
    public double opsPerSecond() {
        return operations / seconds;
    }

    /** The settings on one line, then a Markdown table of the results. */
    public String table() {
        BenchOptions o = options;
        return String.format(Locale.ROOT, """
                %s at %s: %d connections, pipeline %d, %.0f%% gets, %d-byte values, %,d keys, %d s measured after %d s warm-up

                | ops/s | p50 us | p99 us | p99.9 us | errors |
                |------:|-------:|-------:|---------:|-------:|
                | %,.0f | %,d | %,d | %,d | %,d |
                """, o.protocol(), o.server(), o.connections(), o.pipeline(), 100 * o.getRatio(), o.valueSize(), o.keys(),
                o.durationSeconds(), o.warmupSeconds(), opsPerSecond(), p50Micros, p99Micros, p999Micros, errors);
    }

    /** One comma-separated line for scripts (fields in the class comment). */
    public String csvLine() {
        BenchOptions o = options;
        return String.format(Locale.ROOT, "csv,%s,%s,%d,%d,%s,%d,%d,%.3f,%.0f,%d,%d,%d,%d", o.protocol(), o.server(),
                o.connections(), o.pipeline(), o.getRatio(), o.valueSize(), o.keys(), seconds, opsPerSecond(), p50Micros,
                p99Micros, p999Micros, errors);
    }
}
