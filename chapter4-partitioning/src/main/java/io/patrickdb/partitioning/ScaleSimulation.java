package io.patrickdb.partitioning;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The analysis at internet scale, by sampling: 1,000 nodes and 100,000,000 keys, without hashing
 * 100 million keys through every scheme (rendezvous alone would hash each key against all 1,000
 * nodes: 10^11 hashes).
 *
 * <p>What makes that possible: a scheme decides only each node's <em>share</em> of the keys, and
 * the keys, hashed, fall into the shares at random. So a node's load among K keys is a binomial
 * count of mean K x share, which is drawn here directly (normally approximated: at 100,000 keys a
 * node, the approximation is exact to far more digits than are printed). The shares are exact for
 * the schemes with a table (a ring's arcs, the slots' counts), exactly 1/N for the schemes without
 * one (modulo, jump, rendezvous: each node is equally likely for every key), and estimated from a
 * sample of keys for ranges, whose split points come from a sample too. What moves on a join is
 * measured on a sample of keys, and so is whether any key moves between two nodes that stay.
 */
public final class ScaleSimulation {
    private static final int NODES = 1_000;
    private static final long KEYS = 100_000_000L;
    private static final int MOVE_SAMPLE = 200_000;
    private static final int RANGE_SAMPLE = 2_000_000;
    /** Keys counted into the ranges to estimate their shares: others than those the split points came from. */
    private static final int SHARE_SAMPLE = 10_000_000;

    private record Scheme(String name, Function<List<String>, Partitioner> build, String shares) {
    }

    private ScaleSimulation() {
    }

    public static void main(String[] args) {
        SplittableRandom random = new SplittableRandom(2026);
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            nodes.add("node-" + Long.toHexString(random.nextLong()));
        }
        byte[][] moveSample = keys(random, MOVE_SAMPLE);
        byte[][] rangeSample = keys(random, RANGE_SAMPLE);
        List<Scheme> schemes = List.of(
                new Scheme("modulo", ModuloPartitioner::new, "1/N"),
                new Scheme("ring, 256 random points per node", n -> new HashRing(n, 256), "exact (arcs)"),
                new Scheme("ring, 256 placed points per node", n -> AllocatedRing.of(n, 256), "exact (arcs)"),
                new Scheme("rendezvous", RendezvousPartitioner::new, "1/N"),
                new Scheme("jump", JumpPartitioner::new, "1/N"),
                new Scheme("hash slots (16,384)", HashSlots::new, "exact (slots)"),
                new Scheme("range, 16 per node", n -> RangePartitioner.fromSample(n, List.of(rangeSample), 16),
                        "sampled (" + SHARE_SAMPLE / 1_000_000 + "M other keys)"));
        System.out.printf(Locale.ROOT, "%,d nodes, %,d keys by sampling: imbalance = most keys on one node / mean; join: the share"
                + " of a %,d-key sample that moved (ideal 1/(N+1) = %.5f)%n%n", NODES, KEYS, MOVE_SAMPLE, 1.0 / (NODES + 1));
        System.out.println("| scheme | shares | imbalance, 100M keys | join: moved | moved between stayers | build ms | table entries |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (Scheme scheme : schemes) {
            long start = System.nanoTime();
            Partitioner p = scheme.build().apply(nodes);
            long buildMillis = (System.nanoTime() - start) / 1_000_000;
            Map<String, Double> shares = shares(p, random.split());
            double imbalance = imbalanceOf(shares, random);
            Partitioner joined = p.withNode("newcomer");
            long moved = 0;
            long betweenStayers = 0;
            for (byte[] key : moveSample) {
                String was = p.ownerOf(key);
                String is = joined.ownerOf(key);
                if (!was.equals(is)) {
                    moved++;
                    betweenStayers += is.equals("newcomer") ? 0 : 1;
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.5f | %,d | %,d | %,d |%n", scheme.name(), scheme.shares(), imbalance,
                    moved / (double) MOVE_SAMPLE, betweenStayers, buildMillis, tableEntries(p));
            System.out.flush();
        }
    }

    /**
     * Each node's share of the keys: from the table where there is one, 1/N where there is none,
     * else counted over {@link #SHARE_SAMPLE} keys drawn from {@code random} (which adds its own
     * noise, about 1% at 10,000 keys a node, to the imbalance printed).
     */
    private static Map<String, Double> shares(Partitioner p, SplittableRandom random) {
        Map<String, Double> shares = new HashMap<>();
        if (p instanceof HashRing ring) {
            return ring.exactShares();
        }
        if (p instanceof AllocatedRing ring) {
            return ring.exactShares();
        }
        if (p instanceof HashSlots slots) {
            for (int slot = 0; slot < HashSlots.SLOTS; slot++) {
                shares.merge(slots.ownerOfSlot(slot), 1.0 / HashSlots.SLOTS, Double::sum);
            }
            return shares;
        }
        if (p instanceof RangePartitioner) {
            for (int i = 0; i < SHARE_SAMPLE; i++) {
                shares.merge(p.ownerOf(("key:" + random.nextLong()).getBytes(StandardCharsets.UTF_8)), 1.0 / SHARE_SAMPLE, Double::sum);
            }
            return shares;
        }
        p.nodes().forEach(n -> shares.put(n, 1.0 / p.nodes().size()));
        return shares;
    }

    /** The imbalance of {@link #KEYS} keys falling into {@code shares}: each node's count drawn as the binomial it is. */
    private static double imbalanceOf(Map<String, Double> shares, SplittableRandom random) {
        java.util.Random gaussian = new java.util.Random(random.nextLong());
        double max = 0;
        for (double share : shares.values()) {
            double mean = KEYS * share;
            max = Math.max(max, mean + Math.sqrt(mean * (1 - share)) * gaussian.nextGaussian());
        }
        return max / ((double) KEYS / shares.size());
    }

    private static long tableEntries(Partitioner p) {
        if (p instanceof HashRing ring) {
            return ring.points();
        }
        if (p instanceof AllocatedRing ring) {
            return ring.points();
        }
        if (p instanceof HashSlots) {
            return HashSlots.SLOTS;
        }
        if (p instanceof RangePartitioner range) {
            return range.ranges();
        }
        return p.nodes().size();
    }

    private static byte[][] keys(SplittableRandom random, int count) {
        byte[][] keys = new byte[count][];
        for (int i = 0; i < count; i++) {
            keys[i] = ("key:" + random.nextLong()).getBytes(StandardCharsets.UTF_8);
        }
        return keys;
    }
}
