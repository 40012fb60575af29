/**
 * Replication, part B: Raft, as a core without I/O.
 *
 * <p>The idea: a group of nodes keeps one log, and an entry counts (is <em>committed</em>) once a
 * majority has it. Time is cut into <em>terms</em>, each with at most one leader, elected by a
 * majority; a node votes only for a candidate whose log is at least as up to date as its own, so
 * every leader already holds every committed entry. The leader sends its entries to the others,
 * and a follower accepts them only where its log agrees with the leader's on the entry before
 * them, so logs that agree at one index agree on everything before it. Every node applies the
 * committed entries, in order, to its state machine (the key-value store); two majorities always
 * share a node, and that is why a write acknowledged once committed survives any minority of
 * failures.
 *
 * <p>{@link io.patrickdb.replication.raft.RaftCore} is that algorithm and nothing else: one thread,
 * no clock, no sockets, no disk. Its inputs are messages, ticks and proposals; its outputs, which
 * the caller collects with {@link io.patrickdb.replication.raft.RaftCore#ready()}, are what to write
 * to disk, what to send, and what to apply. That is the shape of etcd's raft library, and it is
 * what lets the tests run the same code on a simulated network and clock, thousands of times, with
 * every message dropped, duplicated or delayed as a seed decides.
 *
 * <p>Read in this order:
 * <ol>
 *   <li>{@link io.patrickdb.replication.raft.Entry} and {@link io.patrickdb.replication.raft.RaftMessage}:
 *       what is stored and what is sent;</li>
 *   <li>{@link io.patrickdb.replication.raft.RaftLog}: the log in memory, after the last snapshot;</li>
 *   <li>{@link io.patrickdb.replication.raft.Membership}: voters and learners, changed one server at a time;</li>
 *   <li>{@link io.patrickdb.replication.raft.RaftCore}: elections (with pre-vote and check-quorum),
 *       replication, commitment, snapshots, linearizable reads (ReadIndex), membership changes;</li>
 *   <li>{@link io.patrickdb.replication.raft.Ready}: the contract with whoever drives the core:
 *       persist, then send, then apply;</li>
 *   <li>{@link io.patrickdb.replication.raft.ClientSessions}: why a client's retry is applied once.</li>
 * </ol>
 */
package io.patrickdb.replication.raft;
