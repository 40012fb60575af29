/**
 * What the project's load generators have in common, so that their numbers can be set side by
 * side: the same options, the same mix of requests, the same seconds measured the same way, and
 * the same report.
 *
 * <h2>The idea</h2>
 * There are two generators. {@code ./patrickdb bench} (package {@code io.patrickdb.bench}, in
 * module {@code final}) drives Patrick-DB, Redis and memcached over Netty 4.2 connections.
 * {@code scripts/etcd-bench load} (package {@code io.patrickdb.bench.etcd}, in module
 * {@code bench-etcd}) drives etcd through its Java client jetcd, which needs Netty 4.1. Both
 * Nettys cannot be on one class path, so neither module can depend on the other. What they
 * share lives here instead, in a module with no Netty at all: each generator keeps only what
 * depends on its client (connecting, sending a request, the preload) and hands the rest to this
 * package.
 *
 * <p>A comparison is only fair if everything but the server is the same. Here that means: the
 * same option names and defaults ({@link io.patrickdb.bench.core.LoadSettings}), keys chosen
 * uniformly and gets mixed with writes at the same ratio
 * ({@link io.patrickdb.bench.core.RequestMix}), latencies recorded into the same HdrHistogram
 * and ticked off once a second ({@link io.patrickdb.bench.core.Tally},
 * {@link io.patrickdb.bench.core.Measurement}), and one table for all
 * ({@link io.patrickdb.bench.core.Report}).
 *
 * <h2>Reading map</h2>
 * <ol>
 *   <li>{@link io.patrickdb.bench.core.LoadCommand}: a generator's command line from the outside:
 *       {@code --help}, a bad option, the report, the exit code. A generator is a
 *       {@link io.patrickdb.bench.core.LoadCommand.Generator}: it measures, and spells its CSV
 *       line.</li>
 *   <li>{@link io.patrickdb.bench.core.LoadSettings}: the options both generators take, their
 *       defaults and usage lines; {@link io.patrickdb.bench.core.CommandLine} reads an option's
 *       value and {@link io.patrickdb.bench.core.UsageException} refuses a bad one.</li>
 *   <li>{@link io.patrickdb.bench.core.RequestMix}: get or write, which key, which value.</li>
 *   <li>{@link io.patrickdb.bench.core.Tally} is where the requests' answers are counted;
 *       {@link io.patrickdb.bench.core.Measurement} runs the warm-up and the measured seconds over
 *       it; {@link io.patrickdb.bench.core.Report} is what they came to.</li>
 * </ol>
 */
package io.patrickdb.bench.core;
