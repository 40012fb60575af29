package io.patrickdb.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patrickdb.protocol.MalformedFrameException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The cluster map: Redis's even split, its encoding, and corrupt bytes refused with a reason. */
@Tag("chapter4.cluster")
class ClusterMapTest {
    private static final List<ClusterMap.Group> THREE = List.of(
            new ClusterMap.Group("g1", List.of("127.0.0.1:1", "127.0.0.1:2")),
            new ClusterMap.Group("g2", List.of("127.0.0.1:3")),
            new ClusterMap.Group("g3", List.of("127.0.0.1:4")));

    @Test
    void threeGroupsGetTheRangesRedisClusterCreateGivesThreeMasters() {
        ClusterMap map = ClusterMap.evenly(THREE);
        assertThat(map.ranges()).hasToString("[0-5460, 5461-10922, 10923-16383]");
        assertThat(map.ranges().stream().map(ClusterMap.Range::group)).containsExactly("g1", "g2", "g3");
        assertThat(map.epoch()).isEqualTo(1);
    }

    @Test
    void movingSlotsMakesANewMapOneEpochLaterAndLeavesTheOldOneAsItWas() {
        ClusterMap map = ClusterMap.evenly(THREE);
        ClusterMap moved = map.withSlots(100, 199, "g3");
        assertThat(moved.epoch()).isEqualTo(2);
        assertThat(moved.ownerOf(150).id()).isEqualTo("g3");
        assertThat(map.ownerOf(150).id()).isEqualTo("g1");
        assertThat(moved.rangesOf("g1")).hasToString("[0-99, 200-5460]");
        assertThat(moved.slotCount("g1") + moved.slotCount("g2") + moved.slotCount("g3")).isEqualTo(16384);
    }

    @Test
    void aMapReadsBackAsItWasWritten() {
        ClusterMap map = ClusterMap.evenly(THREE).withSlots(7, 7, "g2").withGroup(new ClusterMap.Group("g3", List.of("h:9")));
        assertThat(ClusterMap.decode(map.encode())).isEqualTo(map);
        assertThat(ClusterMap.decode(map.encode()).epoch()).isEqualTo(3);
    }

    @Test
    void everyTruncationOfAnEncodedMapIsRefusedNotMisread() {
        byte[] bytes = ClusterMap.evenly(THREE).encode();
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> ClusterMap.decode(cut)).as("%d of %d bytes", length, bytes.length)
                    .isInstanceOf(MalformedFrameException.class);
        }
    }

    @Test
    void rangesThatLeaveASlotWithoutAnOwnerAreRefused() {
        byte[] bytes = ClusterMap.evenly(List.of(new ClusterMap.Group("g1", List.of("h:1")))).encode();
        // The last range is 0-16383 of group 0; its last slot, a two-byte uvarint, made 16382.
        byte[] holed = bytes.clone();
        holed[holed.length - 3] = (byte) (holed[holed.length - 3] - 1);
        assertThatThrownBy(() -> ClusterMap.decode(holed)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("the ranges end at slot 16382");
    }
}
