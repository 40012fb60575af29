package io.patrickdb.partitioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Range partitioning keeps keys in order: neighbours live together, and a scan asks only the nodes it must, in order. */
@Tag("chapter4.schemes")
class RangePartitionerTest {
    private static final List<String> NODES = List.of("a", "b", "c", "d");

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> keys(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(utf8(String.format("user:%08d", random.nextInt(100_000_000))));
        }
        return keys;
    }

    @Test
    void keysInOrderFallInRangesInOrder() {
        RangePartitioner p = RangePartitioner.fromSample(NODES, keys(2_000, 1), 8);
        List<byte[]> keys = keys(10_000, 2);
        keys.sort(Arrays::compareUnsigned);
        for (int i = 1; i < keys.size(); i++) {
            assertThat(p.rangeOf(keys.get(i))).isGreaterThanOrEqualTo(p.rangeOf(keys.get(i - 1)));
        }
        assertThat(p.ranges()).as("4 nodes x 8 is fewer than the minimum").isEqualTo(RangePartitioner.MIN_RANGES);
        assertThat(RangePartitioner.fromSample(NODES, keys(20_000, 1), 100).ranges()).isEqualTo(400);
    }

    @Test
    void aScanAsksExactlyTheNodesThatHoldItsKeysInKeyOrder() {
        RangePartitioner p = RangePartitioner.fromSample(NODES, keys(2_000, 1), 8);
        List<byte[]> keys = keys(20_000, 3);
        keys.sort(Arrays::compareUnsigned);
        byte[] from = utf8("user:20000000");
        byte[] to = utf8("user:45000000");
        List<String> expected = new ArrayList<>();
        for (byte[] key : keys) {
            if (Arrays.compareUnsigned(key, from) >= 0 && Arrays.compareUnsigned(key, to) < 0) {
                String owner = p.ownerOf(key);
                if (expected.isEmpty() || !expected.get(expected.size() - 1).equals(owner)) {
                    expected.add(owner);
                }
            }
        }
        assertThat(p.nodesFor(from, to)).isEqualTo(expected);
        assertThat(p.nodesFor(to, from)).as("an empty span").isEmpty();
    }

    @Test
    void splitPointsFromASampleBalanceKeysOfThatKind() {
        RangePartitioner p = RangePartitioner.fromSample(NODES, keys(10_000, 4), 16);
        assertThat(PartitionerPropertiesTest.imbalance(p, keys(200_000, 5))).isLessThanOrEqualTo(1.10);
    }

    @Test
    void aNodeThatIsNotThereCannotLeaveAndTheLastCannotLeaveAtAll() {
        RangePartitioner p = RangePartitioner.fromSample(List.of("a"), keys(100, 6), 4);
        assertThatThrownBy(() -> p.withoutNode("z")).hasMessageContaining("not there");
        assertThatThrownBy(() -> p.withoutNode("a")).hasMessageContaining("last node");
    }
}
