/**
 * The load generator behind {@code ./patrickdb bench}: how fast does a server answer, and how
 * long does a request wait?
 *
 * <h2>The idea</h2>
 * A benchmark client must not be the bottleneck it claims to measure. So this one is
 * <em>closed-loop</em> and asynchronous: N connections, and on each exactly P requests in
 * flight (the <em>pipeline depth</em>). It sends P requests, and every time a response arrives
 * it sends one more. With P = 1 a connection waits a full round trip per request, so the figure
 * is about latency; with P = 16 the server gets batches, and the figure is about how much work
 * the server does per request. The same key space, value size and get/set mix drive four
 * servers, so the numbers can be set side by side: Patrick-DB's binary protocol and its REST
 * API, Redis and memcached.
 *
 * <p>Latency is the time from writing a request to reading its response, recorded in
 * microseconds in an HdrHistogram recorder ({@link io.patrickdb.bench.core.Tally}): recording is
 * wait-free, and once a second the main thread swaps out the interval's histogram to print
 * progress, without a lock per operation. The mean hides what users feel, so the report gives
 * percentiles: the median (p50) and the tail (p99, p99.9).
 *
 * <p>The etcd generator (module {@code bench-etcd}) sends the same requests and prints the same
 * report. What the two share, and what does not depend on Netty, is in
 * {@link io.patrickdb.bench.core} (module {@code bench-core}): the options they have in common,
 * the request mix, the warm-up and measured seconds, and the report. (They cannot share more:
 * jetcd needs Netty 4.1, this package uses 4.2.)
 *
 * <h2>Reading map</h2>
 * <ol>
 *   <li>{@link io.patrickdb.bench.LoadGenerator}: the command, and the run's phases: connect,
 *       preload every key (so gets hit), warm up, measure, report (the last two are
 *       {@link io.patrickdb.bench.core.Measurement}'s).</li>
 *   <li>{@link io.patrickdb.bench.BenchOptions}: the command-line options and their
 *       defaults; those of the load itself are {@link io.patrickdb.bench.core.LoadSettings}.</li>
 *   <li>{@link io.patrickdb.bench.WireProtocol} and {@link io.patrickdb.bench.ResponseParser}:
 *       the one seam between the generator and a protocol. Four implementations, one per wire
 *       format: {@code PatrickDbProtocol} (binary frames with request ids, answered in any
 *       order), {@code RespProtocol} (Redis), {@code MemcachedProtocol} (memcached's text
 *       protocol) and {@code HttpProtocol} (Patrick-DB's REST API over HTTP/1.1).</li>
 *   <li>{@code Connection}: one Netty channel keeping its pipeline full; {@code InFlight}
 *       remembers when each request was sent; {@code Workload} spells the keys and values that
 *       {@link io.patrickdb.bench.core.RequestMix} picks.</li>
 *   <li>{@link io.patrickdb.bench.core.Report}: throughput and percentiles, as a table;
 *       {@code LoadGenerator.csvLine} adds the CSV line for scripts.</li>
 *   <li>{@code --cluster} (chapter 4): a {@code ClusterClient} instead of each connection, with
 *       a {@code NodeLink} to every node that serves slots. {@code SlotMap} is where it starts
 *       from, learned from the seed node ({@code RedisClusterSlots}: {@code CLUSTER SLOTS};
 *       {@code PatrickDbClusterMap}: the cluster map and each group's leader); each request goes
 *       to its key's slot's node, and a {@link io.patrickdb.bench.Redirect} ({@code MOVED},
 *       {@code NOT_LEADER}) changes the route and sends the request on. The same code drives a
 *       Redis Cluster and a Patrick-DB partitioned cluster, so the two can be set side by side
 *       ({@code scripts/bench-chapter4}).</li>
 * </ol>
 *
 * <h2>What a parser must do</h2>
 * TCP delivers bytes, not messages: one read may end in the middle of a response, or hold ten.
 * A parser consumes every <em>complete</em> response from the bytes received so far and leaves
 * the rest for the next read. The tests feed each parser real responses split at every byte
 * boundary to prove it.
 */
package io.patrickdb.bench;
