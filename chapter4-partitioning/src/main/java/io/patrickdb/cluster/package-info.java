/**
 * A partitioned cluster: the 16,384 hash slots of {@link io.patrickdb.partitioning.HashSlots}
 * divided between replica groups, each a quorum group of chapter 3, and a client that sends every
 * key to its slot's group.
 *
 * <h2>The idea</h2>
 * Every group owns some slots and stores every key of them; its Raft log makes them survive a
 * minority of failures, as in chapter 3. Who owns what is the {@link io.patrickdb.cluster.ClusterMap}:
 * slot to group, each group's nodes, and an epoch that grows with every change. The map is a value
 * in every group's own store, written through its log, so it is exactly as durable and as
 * replicated as the data.
 *
 * <pre>
 *   client (PartitionedClient, its cached map)
 *      | key -> slot (CRC16) -> group -> that group's leader (chapter 3's QuorumClient)
 *      v
 *   node: SlotGuard -- slot not ours? --> MOVED slot, owner, owner's nodes, epoch
 *      | ours
 *      v
 *   chapter 3's QuorumNode: the Raft log, the store
 * </pre>
 *
 * A node's {@link io.patrickdb.cluster.SlotGuard} refuses every key whose slot its group does not
 * own, with a {@link io.patrickdb.cluster.Moved} redirect; a client with an older map fetches the
 * newer one and goes to the owner. A client follows at most
 * {@link io.patrickdb.cluster.PartitionedClient#MAX_REDIRECTS} redirects: more means the groups'
 * maps disagree, and it says so ({@link io.patrickdb.cluster.RoutingException}) rather than guess.
 * A group with no leader makes only its own slots unavailable
 * ({@link io.patrickdb.cluster.GroupUnavailableException} names them); no other group takes them.
 *
 * <h2>Routing, three ways</h2>
 * A client can route itself (this package, and Redis Cluster's smart clients), ask any node that
 * forwards (a node's REST API here: it runs a partitioned client), or go through a proxy (twemproxy,
 * Envoy). The first costs the client a map and saves a hop; the others keep clients simple.
 *
 * <p>The exercises: {@code SlotGuard.refusal} (part 4), the redirect branch of
 * {@code PartitionedClient.attempt} (part 5), {@code PartitionedClient.fill} (part 6). Part B will
 * move slots between groups while clients write; part A moves none.
 */
package io.patrickdb.cluster;
