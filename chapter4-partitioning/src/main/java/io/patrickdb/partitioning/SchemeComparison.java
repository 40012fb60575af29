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
 * {@code scripts/compare-partitioning}: every scheme over the same keys and node sets, for N
 * from 3 to 100, printed as a Markdown table: the load imbalance (most keys on one node over the
 * mean) and its spread across seeds; the fraction of keys that move when a node joins and when
 * one leaves, against the ideal 1/(N+1) and 1/N; whether any key moved between two nodes that
 * both stayed; the time of one lookup; and the routing table's size.
 *
 * <p>Arguments: {@code [KEYS [SEEDS]]}, default 1,000,000 keys and 3 seeds (node names and keys
 * are drawn from each seed).
 */
public final class SchemeComparison {
    private static final int[] SIZES = {3, 5, 10, 30, 100};

    /**
     * Where a scheme puts a whole set of keys: for a {@link Partitioner} each key on its own, for
     * {@link BoundedLoads} all of them in order.
     */
    private interface Placement {
        String[] owners(byte[][] keys);

        Placement with(String node);

        Placement without(String node);

        /** The routing table's entries: what a client must hold to route. */
        long tableEntries();

        static Placement of(Partitioner p) {
            return new Placement() {
                @Override
                public String[] owners(byte[][] keys) {
                    String[] owners = new String[keys.length];
                    for (int i = 0; i < keys.length; i++) {
                        owners[i] = p.ownerOf(keys[i]);
                    }
                    return owners;
                }

                @Override
                public Placement with(String node) {
                    return of(p.withNode(node));
                }

                @Override
                public Placement without(String node) {
                    return of(p.withoutNode(node));
                }

                @Override
                public long tableEntries() {
                    if (p instanceof HashRing) {
                        return ((HashRing) p).points();
                    }
                    if (p instanceof AllocatedRing) {
                        return ((AllocatedRing) p).points();
                    }
                    if (p instanceof HashSlots) {
                        return HashSlots.SLOTS;
                    }
                    if (p instanceof RangePartitioner) {
                        return ((RangePartitioner) p).ranges();
                    }
                    return p.nodes().size(); // the list of nodes
                }
            };
        }

        static Placement of(BoundedLoads b) {
            return new Placement() {
                @Override
                public String[] owners(byte[][] keys) {
                    return b.place(keys);
                }

                @Override
                public Placement with(String node) {
                    return of(b.withNode(node));
                }

                @Override
                public Placement without(String node) {
                    return of(b.withoutNode(node));
                }

                @Override
                public long tableEntries() {
                    return (long) b.points() * b.nodes().size();
                }
            };
        }
    }

    private record Scheme(String name, Function<List<String>, Placement> build) {
    }

    /** 200,000 keys drawn as the measured ones are (from another seed): where range partitioning cuts. */
    private static final List<byte[]> SAMPLE = sample(200_000);

    private static final List<Scheme> SCHEMES = List.of(
            new Scheme("modulo", nodes -> Placement.of(new ModuloPartitioner(nodes))),
            new Scheme("ring, 1 point per node", nodes -> Placement.of(new HashRing(nodes, 1))),
            new Scheme("ring, 256 points per node", nodes -> Placement.of(new HashRing(nodes, 256))),
            new Scheme("ring, 256 points placed (token allocation)", nodes -> Placement.of(AllocatedRing.of(nodes, 256))),
            new Scheme("ring, 256 points, bounded loads (epsilon 0.1)", nodes -> Placement.of(new BoundedLoads(nodes, 256, 0.1))),
            new Scheme("rendezvous", nodes -> Placement.of(new RendezvousPartitioner(nodes))),
            new Scheme("jump", nodes -> Placement.of(new JumpPartitioner(nodes))),
            new Scheme("hash slots (16,384)", nodes -> Placement.of(new HashSlots(nodes))),
            new Scheme("range, 16 per node, split at a sample",
                    nodes -> Placement.of(RangePartitioner.fromSample(nodes, SAMPLE, 16))));

    /** What one scheme did at one N, for one seed. */
    private record Run(double imbalance, double joinMoved, double leaveMoved, long betweenStayers, double lookupNanos) {
    }

    private SchemeComparison() {
    }

    private static List<byte[]> sample(int count) {
        return List.of(keys(new SplittableRandom(-1), count));
    }

    /** {@code n} node names drawn from {@code random}. */
    private static List<String> nodes(SplittableRandom random, int n) {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add("node-" + Long.toHexString(random.nextLong()));
        }
        return nodes;
    }

    /** {@code count} keys like "key:-4317042345", drawn from {@code random}: every run measures keys of one kind. */
    private static byte[][] keys(SplittableRandom random, int count) {
        byte[][] keys = new byte[count][];
        for (int i = 0; i < count; i++) {
            keys[i] = ("key:" + random.nextLong()).getBytes(StandardCharsets.UTF_8);
        }
        return keys;
    }

    public static void main(String[] args) {
        int keyCount = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(Locale.ROOT, "%,d keys, %d seeds; imbalance = most keys on one node / mean (median over seeds, min-max);"
                + " moved = fraction of keys whose owner changed (ideal: 1/(N+1) on a join, 1/N on a leave)%n%n", keyCount, seeds);
        System.out.println("| scheme | N | imbalance | join: moved (ideal) | leave: moved (ideal) | moved between stayers | lookup ns | table entries |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Scheme scheme : SCHEMES) {
            for (int n : SIZES) {
                List<Run> runs = new ArrayList<>();
                for (int seed = 1; seed <= seeds; seed++) {
                    runs.add(run(scheme, n, keyCount, seed));
                }
                print(scheme, n, runs);
            }
        }        zipf(keyCount);
    }

    /** Zipf's exponent for the skewed workload: close to what caches and web traffic show. */
    private static final double ZIPF = 0.99;

    /**
     * The same schemes under a skewed workload: the key of rank r is asked for with weight
     * 1 / r^0.99. A scheme spreads keys, not requests, so the node that draws the hottest keys
     * carries more than its share, and no scheme can split a single key's requests.
     */
    private static void zipf(int keyCount) {
        double[] weight = new double[keyCount];
        double total = 0;
        for (int r = 0; r < keyCount; r++) {
            weight[r] = 1 / Math.pow(r + 1, ZIPF);
            total += weight[r];
        }
        System.out.printf(Locale.ROOT, "%nZipf workload (exponent %.2f) over the same %,d keys, seed 1: the busiest node's share of the"
                + " requests over the mean share, and the hottest key's alone%n%n", ZIPF, keyCount);
        System.out.println("| scheme | N | busiest node / mean | hottest key / mean |");
        System.out.println("|---|---:|---:|---:|");
        for (Scheme scheme : SCHEMES) {
            for (int n : new int[] {10, 100}) {
                SplittableRandom random = new SplittableRandom(1_000_003L + n);
                List<String> nodes = nodes(random, n);
                byte[][] keys = keys(random, keyCount);
                String[] owners = scheme.build().apply(nodes).owners(keys); // key i has rank i: the keys are random anyway
                Map<String, Double> load = new HashMap<>();
                for (int i = 0; i < keyCount; i++) {
                    load.merge(owners[i], weight[i], Double::sum);
                }
                double mean = total / n;
                double busiest = load.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f |%n", scheme.name(), n, busiest / mean, weight[0] / mean);
            }
        }
    }

    private static Run run(Scheme scheme, int n, int keyCount, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + n);
        List<String> nodes = nodes(random, n);
        byte[][] keys = keys(random, keyCount);
        Placement before = scheme.build().apply(nodes);
        long start = System.nanoTime();
        String[] owners = before.owners(keys);
        double lookupNanos = (System.nanoTime() - start) / (double) keyCount;
        String leaver = nodes.get(nodes.size() - 1); // the last: jump hash can remove no other
        String[] joined = before.with("newcomer").owners(keys);
        String[] left = before.without(leaver).owners(keys);
        long joinMoved = 0;
        long leaveMoved = 0;
        long betweenStayers = 0;
        for (int i = 0; i < keyCount; i++) {
            String afterJoin = joined[i];
            if (!afterJoin.equals(owners[i])) {
                joinMoved++;
                betweenStayers += afterJoin.equals("newcomer") ? 0 : 1;
            }
            String afterLeave = left[i];
            if (!afterLeave.equals(owners[i])) {
                leaveMoved++;
                betweenStayers += owners[i].equals(leaver) ? 0 : 1;
            }
        }
        return new Run(imbalance(owners, n), joinMoved / (double) keyCount, leaveMoved / (double) keyCount, betweenStayers,
                lookupNanos);
    }

    private static double imbalance(String[] owners, int n) {
        Map<String, Integer> load = new HashMap<>();
        for (String owner : owners) {
            load.merge(owner, 1, Integer::sum);
        }
        return load.values().stream().mapToInt(Integer::intValue).max().orElseThrow() / (owners.length / (double) n);
    }

    private static void print(Scheme scheme, int n, List<Run> runs) {
        List<Double> imbalances = runs.stream().map(Run::imbalance).sorted().toList();
        System.out.printf(Locale.ROOT, "| %s | %d | %.3f (%.3f-%.3f) | %.4f (%.4f) | %.4f (%.4f) | %,d | %.0f | %,d |%n",
                scheme.name(), n, median(imbalances), imbalances.get(0), imbalances.get(imbalances.size() - 1),
                median(runs.stream().map(Run::joinMoved).sorted().toList()), 1.0 / (n + 1),
                median(runs.stream().map(Run::leaveMoved).sorted().toList()), 1.0 / n,
                runs.stream().mapToLong(Run::betweenStayers).sum(),
                median(runs.stream().map(Run::lookupNanos).sorted().toList()), scheme.build().apply(names(n)).tableEntries());
    }

    private static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("n" + i);
        }
        return names;
    }

    private static double median(List<Double> sorted) {
        int size = sorted.size();
        return size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
    }
}
