package io.patrickdb.partitioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Bounded loads keep every node within (1 + epsilon) of the mean, even where the ring alone cannot. */
@Tag("chapter4.schemes")
class BoundedLoadsTest {
    @Test
    void noNodeHoldsMoreThanOnePlusEpsilonTimesTheMean() {
        qt().withExamples(10).forAll(integers().between(2, 30), doubles().between(0.05, 0.5), longs().all())
                .checkAssert((size, epsilon, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    List<String> nodes = PartitionerPropertiesTest.names(size, random);
                    byte[][] keys = PartitionerPropertiesTest.keys(random, 30_000).toArray(new byte[0][]);
                    String[] owners = new BoundedLoads(nodes, 1, epsilon).place(keys); // one point each: the ring alone is far off
                    Map<String, Integer> load = new HashMap<>();
                    for (String o : owners) {
                        load.merge(o, 1, Integer::sum);
                    }
                    double cap = Math.ceil((1 + epsilon) * keys.length / size);
                    assertThat(load.values()).allSatisfy(n -> assertThat((double) n).isLessThanOrEqualTo(cap));
                });
    }

    @Test
    void withRoomEverywhereAKeyGoesWhereTheRingPutsIt() {
        SplittableRandom random = new SplittableRandom(3);
        List<String> nodes = PartitionerPropertiesTest.names(5, random);
        byte[][] keys = PartitionerPropertiesTest.keys(random, 1_000).toArray(new byte[0][]);
        String[] owners = new BoundedLoads(nodes, 64, 1000).place(keys); // a cap no node reaches
        HashRing ring = new HashRing(nodes, 64);
        for (int i = 0; i < keys.length; i++) {
            assertThat(owners[i]).isEqualTo(ring.ownerOf(keys[i]));
        }
    }
}
