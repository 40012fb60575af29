/**
 * Chapter 3's operations on the wire, one file each: the request and response records, the
 * layout (in the file's comment and in its codec), registered with chapter 2's protocol in
 * {@link io.patrickdb.replication.protocol.ReplicationProtocol}. Nothing in chapter 2 changes:
 * a chapter 2 client still speaks to a replicated node, and a replicated node's errors
 * ({@code NOT_LEADER}, {@code NOT_ENOUGH_REPLICAS}) reach it with their messages.
 *
 * <ul>
 *   <li>{@link io.patrickdb.replication.protocol.Fetch} and
 *       {@link io.patrickdb.replication.protocol.FetchSnapshot}: how a follower pulls the leader's log;</li>
 *   <li>{@link io.patrickdb.replication.protocol.Wait}: how many followers have a write;</li>
 *   <li>{@link io.patrickdb.replication.protocol.ReplicationStatus} and
 *       {@link io.patrickdb.replication.protocol.ReplicaOf}: what an operator sees and changes.</li>
 * </ul>
 */
package io.patrickdb.replication.protocol;
