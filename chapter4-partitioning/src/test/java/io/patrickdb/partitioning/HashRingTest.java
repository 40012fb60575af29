package io.patrickdb.partitioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Consistent hashing's lookup: a key belongs to the node of the first point at or after its hash,
 * and past the last point, to the first. Checked against the points themselves, recomputed here
 * the way the ring places them (the hash of "node#i").
 */
@Tag("chapter4.part2")
class HashRingTest {
    private static final List<String> NODES = List.of("a", "b", "c", "d");

    @Test
    void aKeyBelongsToTheFirstPointAtOrAfterItsHashGoingRound() {
        HashRing ring = new HashRing(NODES, 8);
        TreeMap<Long, String> points = new TreeMap<>(Long::compareUnsigned);
        NODES.forEach(n -> {
            for (int i = 0; i < 8; i++) {
                points.put(KeyHash.of(n + "#" + i), n);
            }
        });
        SplittableRandom random = new SplittableRandom(1);
        int wrapped = 0;
        for (int k = 0; k < 20_000; k++) {
            byte[] key = ("key:" + random.nextLong()).getBytes(StandardCharsets.UTF_8);
            Map.Entry<Long, String> next = points.ceilingEntry(KeyHash.of(key));
            if (next == null) {
                wrapped++;
                next = points.firstEntry();
            }
            assertThat(ring.ownerOf(key)).isEqualTo(next.getValue());
        }
        assertThat(wrapped).as("keys hashed past the last point, owned by the first").isPositive();
    }

    @Test
    void aKeyOnAPointBelongsToThatPointsNode() {
        HashRing ring = new HashRing(NODES, 8);
        // "c#3" hashes exactly onto one of c's points: a key of the same bytes has that hash.
        assertThat(ring.ownerOf("c#3".getBytes(StandardCharsets.UTF_8))).isEqualTo("c");
    }

    @Test
    void aJoinMovesKeysOnlyToTheNewcomerAndAboutItsShare() {
        HashRing before = new HashRing(NODES, 256);
        Partitioner after = before.withNode("e");
        SplittableRandom random = new SplittableRandom(2);
        Map<String, Integer> movedTo = new HashMap<>();
        int keys = 50_000;
        for (int k = 0; k < keys; k++) {
            byte[] key = ("key:" + random.nextLong()).getBytes(StandardCharsets.UTF_8);
            if (!before.ownerOf(key).equals(after.ownerOf(key))) {
                movedTo.merge(after.ownerOf(key), 1, Integer::sum);
            }
        }
        assertThat(movedTo.keySet()).containsExactly("e");
        assertThat(movedTo.get("e") / (double) keys).as("a fifth, give or take a ring of random points' spread")
                .isBetween(0.14, 0.26);
    }

    @Test
    void manyPointsPerNodeBalanceBetterThanOne() {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            nodes.add("node-" + i);
        }
        double one = PartitionerPropertiesTest.imbalance(new HashRing(nodes, 1), keys(100_000));
        double many = PartitionerPropertiesTest.imbalance(new HashRing(nodes, 256), keys(100_000));
        assertThat(one).isGreaterThan(1.5);
        assertThat(many).isLessThan(1.25);
    }

    private static List<byte[]> keys(int count) {
        SplittableRandom random = new SplittableRandom(3);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(("key:" + random.nextLong()).getBytes(StandardCharsets.UTF_8));
        }
        return keys;
    }
}
