/**
 * Replication, part A: one leader, followers that copy its log, in the manner of Redis.
 *
 * <p>The idea fits in a paragraph. The store's log (chapter 1) already orders every write by a
 * sequence number, so it is a replication log as it is: a follower that has every record up to
 * sequence N needs only the records after N. The leader gives its history an id; a follower
 * asks "history H, after N" ({@link io.patrickdb.replication.protocol.Fetch}), and gets either the
 * next records, straight from the leader's log (a <em>partial resync</em>), or, when the leader
 * does not know H or no longer has every record after N, a snapshot and then the log after it
 * (a <em>full resync</em>). Each fetch also acknowledges what the follower has, which is all
 * {@code WAIT}, min-replicas and the leader's compaction floor need. A promoted follower starts a
 * new history that continues its old one, so the other followers continue from it.
 *
 * <p>Read in this order:
 * <ol>
 *   <li>{@link io.patrickdb.replication.ReplicationState}: what a node keeps about its history and role;</li>
 *   <li>{@link io.patrickdb.replication.Leader}: answering fetches, snapshots, acknowledgements;</li>
 *   <li>{@link io.patrickdb.replication.FollowerLink}: fetching and applying, and starting over;</li>
 *   <li>{@link io.patrickdb.replication.ReplicatedNode}: the roles, and the handler table that adds
 *       all this to chapter 2's server without changing it;</li>
 *   <li>{@link io.patrickdb.replication.ReplicatedClient}: writes that find the leader, reads that
 *       say when a follower answered.</li>
 * </ol>
 *
 * <p>What it does not promise: a write is acknowledged by the leader alone, so a leader that
 * dies takes its followers' lag with it, and a read from a follower may be old. The chapter's
 * tests measure both; part B (Raft) is the answer.
 */
package io.patrickdb.replication;
