/**
 * A load generator for etcd, through its Java client jetcd, so that Patrick-DB's quorum group
 * can be measured against etcd on the same machine, with the same workload and the same report.
 *
 * <h2>The idea</h2>
 * {@code ./patrickdb bench} drives N connections, each keeping P requests in flight, over a key
 * space that it stores in full first, and reports throughput and latency percentiles. etcd speaks
 * gRPC, and jetcd multiplexes every request of a client over one HTTP/2 connection per member,
 * so a "connection" here is a <em>request stream</em>: a loop that keeps P requests in flight and
 * sends the next one as each answer arrives. The streams share a few jetcd clients, round-robin,
 * and each client spreads its requests over every endpoint (gRPC's {@code round_robin} policy,
 * jetcd's default), as an etcd application would.
 *
 * <p>etcd runs at its defaults: every write is fsynced by the raft log before it is acknowledged,
 * and a get is linearizable (the member confirms with the leader, by raft's ReadIndex, that it
 * has applied everything committed before it answers). Serializable reads would be faster, and
 * would compare with something Patrick-DB's quorum reads are not.
 *
 * <h2>Reading map</h2>
 * <ol>
 *   <li>{@link io.patrickdb.bench.etcd.EtcdLoad}: the load command: preload, warm up, measure,
 *       report; {@link io.patrickdb.bench.etcd.LoadOptions} are its options. The options it
 *       shares with {@code ./patrickdb bench}, the warm-up and measurement, and the table are
 *       that generator's own, from {@link io.patrickdb.bench.core} (module {@code bench-core},
 *       which has no Netty, so that this module can use it with jetcd's Netty 4.1).</li>
 *   <li>{@code RequestStream}: one stream keeping its pipeline full; {@code Workload} makes the
 *       keys and values for the requests that {@link io.patrickdb.bench.core.RequestMix} picks;
 *       {@code Outcomes} is where a stream reports each answer ({@code LoadOutcomes} counts
 *       them in a {@link io.patrickdb.bench.core.Tally}).</li>
 *   <li>{@link io.patrickdb.bench.etcd.EtcdGroup}: a 3-member etcd cluster on loopback, whose
 *       members can be killed with SIGKILL and restarted on their data;
 *       {@link io.patrickdb.bench.etcd.EtcdGroupMain} runs one for a shell script.</li>
 *   <li>{@link io.patrickdb.bench.etcd.EtcdFailover}: the failover window, measured as
 *       Patrick-DB's leader-kill test measures its own: from killing the leader to the first
 *       write sent after the kill that is acknowledged.</li>
 * </ol>
 */
package io.patrickdb.bench.etcd;
