package io.patrickdb.bench.core;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What a run measured: throughput over the measured seconds, and latency percentiles. Every
 * generator prints the same table, so that one reader (a person, or a script) can set them side
 * by side.
 *
 * <p>A CSV line for scripts is each generator's own (its settings differ), and ends in
 * {@link #csvResults}: operations per second, p50, p99 and p99.9 in microseconds, and errors.
 *
 * @param target     what was driven, as the table's first line names it: {@code patrickdb at 127.0.0.1:7379}
 * @param load       the run's settings
 * @param operations requests answered without error while measuring
 * @param seconds    how long the measurement took
 * @param p50Micros  median latency
 * @param p99Micros  99th percentile latency
 * @param p999Micros 99.9th percentile latency
 * @param errors     failed requests during the load (warm-up included)
 */
public record Report(String target, LoadSettings load, long operations, double seconds, long p50Micros, long p99Micros,
                     long p999Micros, long errors) {

    /** The report of a measurement whose latencies (in microseconds) are in {@code latencies}. */
    public static Report of(String target, LoadSettings load, Histogram latencies, double seconds, long errors) {
        return new Report(target, load, latencies.getTotalCount(), seconds, latencies.getValueAtPercentile(50),
                latencies.getValueAtPercentile(99), latencies.getValueAtPercentile(99.9), errors);
    }

    /** Throughput: answered requests per second. */
    public double opsPerSecond() {
        return operations / seconds;
    }

    /** The settings on one line, then a Markdown table of the results. */
    public String table() {
        LoadSettings l = load;
        return String.format(Locale.ROOT, """
                %s: %d connections, pipeline %d, %.0f%% gets, %d-byte values, %,d keys, %d s measured after %d s warm-up

                | ops/s | p50 us | p99 us | p99.9 us | errors |
                |------:|-------:|-------:|---------:|-------:|
                | %,.0f | %,d | %,d | %,d | %,d |
                """, target, l.connections(), l.pipeline(), 100 * l.getRatio(), l.valueSize(), l.keys(),
                l.durationSeconds(), l.warmupSeconds(), opsPerSecond(), p50Micros, p99Micros, p999Micros, errors);
    }

    /** The results' end of a CSV line, comma-separated: ops/s, p50, p99, p99.9 (microseconds), errors. */
    public String csvResults() {
        return String.format(Locale.ROOT, "%.0f,%d,%d,%d,%d", opsPerSecond(), p50Micros, p99Micros, p999Micros, errors);
    }
}
