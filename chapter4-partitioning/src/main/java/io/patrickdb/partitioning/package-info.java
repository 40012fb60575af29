/**
 * Partitioning: which node owns a key, so that data too big for one machine can be spread over
 * many, and a client can find each key's node without asking anyone.
 *
 * <h2>The idea</h2>
 * A {@link io.patrickdb.partitioning.Partitioner} is a pure function from a key to a node,
 * for a given set of nodes. It is immutable: a node joining or leaving gives a new partitioner,
 * so the two can be compared key by key. What makes one scheme better than another is how
 * evenly it spreads keys (balance), how many keys change owner when the set of nodes changes
 * (movement: ideally only the keys the newcomer takes, or the leaver had), what a lookup costs,
 * and how big its routing table is.
 *
 * <h2>The schemes</h2>
 * <ul>
 *   <li>{@link io.patrickdb.partitioning.ModuloPartitioner}: {@code hash(key) mod N}, the bad
 *       example: balanced, but almost every key moves when N changes;</li>
 *   <li>{@link io.patrickdb.partitioning.HashRing}: consistent hashing, nodes placed at many
 *       points (virtual nodes) on a ring of hashes; a key belongs to the first point after it;</li>
 *   <li>{@link io.patrickdb.partitioning.RendezvousPartitioner}: highest random weight, every
 *       node scores the key and the highest wins;</li>
 *   <li>{@link io.patrickdb.partitioning.JumpPartitioner}: Lamping and Veach's jump consistent
 *       hash, no table at all, but nodes can only be added or removed at the end;</li>
 *   <li>{@link io.patrickdb.partitioning.HashSlots}: Redis Cluster's way, a fixed 16,384 slots
 *       ({@code CRC16(key) mod 16384}, or of the key's {@code {hash tag}}) assigned to nodes, and
 *       only whole slots move;</li>
 *   <li>{@link io.patrickdb.partitioning.RangePartitioner}: the ordered key space cut at split
 *       points taken from a sample, so that a scan over a span of keys asks few nodes, in order.</li>
 * </ul>
 * Keys are hashed by {@link io.patrickdb.partitioning.KeyHash}, the same for every scheme but
 * hash slots, which use Redis's CRC16 so that a key lands in the slot Redis would put it in.
 *
 * <h2>Measuring them</h2>
 * {@link io.patrickdb.partitioning.SchemeComparison} runs every scheme over the same million keys
 * for 3 to 100 nodes, and under a Zipf workload; {@link io.patrickdb.partitioning.ScaleSimulation}
 * gives the same figures for 1,000 nodes and 100 million keys by sampling. The exercises are
 * {@code HashSlots.slotOf} (part 1), {@code HashRing.ownerOn} (part 2) and
 * {@code JumpPartitioner.bucket} (part 3).
 */
package io.patrickdb.partitioning;
