package io.patrickdb.partitioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Hash slots compute Redis Cluster's slots, hash tags included, and move only whole slots, evenly. */
@Tag("chapter4.part1")
class HashSlotsTest {
    @Test
    void theCrcIsXmodemsAsRedisUsesIt() {
        assertThat(HashSlots.crc16("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9)).isEqualTo(0x31C3);
    }

    @Test
    void aKeyHasTheSlotRedisClusterGivesIt() {
        // CLUSTER KEYSLOT on a Redis 7 cluster: foo 12182, bar 5061, hello 866.
        assertThat(HashSlots.slotOf("foo")).isEqualTo(12182);
        assertThat(HashSlots.slotOf("bar")).isEqualTo(5061);
        assertThat(HashSlots.slotOf("hello")).isEqualTo(866);
    }

    @Test
    void keysWithTheSameHashTagShareASlotAndAnEmptyTagIsNoTag() {
        assertThat(HashSlots.slotOf("{user1000}.following")).isEqualTo(HashSlots.slotOf("{user1000}.followers"))
                .isEqualTo(HashSlots.slotOf("user1000"));
        assertThat(HashSlots.slotOf("foo{}{bar}")).as("the first {} pair is empty: the whole key is hashed")
                .isEqualTo(HashSlots.crc16("foo{}{bar}".getBytes(StandardCharsets.US_ASCII), 0, 10) & 16383);
        assertThat(HashSlots.slotOf("foo{{bar}}zap")).as("the tag is between the first { and the } after it")
                .isEqualTo(HashSlots.slotOf("{bar"));
    }

    @Test
    void everyNodeHoldsItsShareOfSlotsGiveOrTakeOneAfterJoinsAndLeaves() {
        Partitioner p = new HashSlots(List.of("a", "b", "c"));
        p = p.withNode("d").withNode("e").withoutNode("b").withNode("f");
        Map<String, Integer> slots = new HashMap<>();
        for (int s = 0; s < HashSlots.SLOTS; s++) {
            slots.merge(((HashSlots) p).ownerOfSlot(s), 1, Integer::sum);
        }
        assertThat(slots.keySet()).containsExactlyInAnyOrder("a", "c", "d", "e", "f");
        int share = HashSlots.SLOTS / 5;
        assertThat(slots.values()).allSatisfy(n -> assertThat(n).isBetween(share - 1, share + 2));
    }
}
