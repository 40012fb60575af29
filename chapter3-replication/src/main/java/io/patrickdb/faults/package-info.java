/**
 * Faults on the network between nodes, made on purpose: a {@link io.patrickdb.faults.FaultProxy}
 * sits on a link and delays, drops, stalls, cuts or swallows what passes through it, on command.
 *
 * <p>A replicated database is correct only if it stays correct when the network misbehaves, and
 * the network misbehaves rarely, briefly and never when you are watching. A test therefore puts a
 * proxy on every link (node A reaches node B only through the proxy for A to B, and a client
 * reaches a node only through the proxy for that client), so that it can break exactly the link
 * it means to, in exactly one direction, at exactly the moment it wants, while the nodes run as
 * they would in production: real processes, real sockets, real timeouts. Each fault stands for
 * something networks do:
 *
 * <ul>
 *   <li><b>delay</b> (latency and jitter): a slow or congested link, a link to another data centre.
 *       Timeouts fire, heartbeats arrive late, a follower falls behind; nothing is lost.</li>
 *   <li><b>drop</b>: a lossy link, or a middlebox that eats packets, in one direction. TCP would
 *       retransmit a lost packet; a proxy that drops bytes mid-stream is harsher, and checks that a
 *       node notices a broken stream (a checksum, a length that does not add up) rather than act
 *       on half a message.</li>
 *   <li><b>blackhole</b>: a network partition. Connections still open, packets go nowhere; the
 *       other side is not dead, only unreachable, and nothing tells you which.</li>
 *   <li><b>pause</b>: a stalled peer or a full receive buffer. Bytes wait and then arrive all at
 *       once, late but complete: what a node sees of a peer stopped by a long garbage collection
 *       (the whole process stalls: {@code ChildJvm.pause()} in the test kit).</li>
 *   <li><b>reset</b> and <b>down</b>: a crashed connection, a peer that crashed and rebooted, a
 *       firewall that timed a connection out. The peer learns at once that the connection is gone,
 *       and every request in flight on it has an unknown outcome.</li>
 *   <li><b>heal</b>: the network recovers, which is when most bugs show: two leaders, a stale read,
 *       a write acknowledged and then lost.</li>
 * </ul>
 *
 * <p>The idea and its names come from etcd's test proxy ({@code pkg/proxy} in etcd-io/etcd), which
 * etcd's failure-injection ("functional") tests put in front of each member.
 */
package io.patrickdb.faults;
