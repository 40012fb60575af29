package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Part 5: the key directory's compact hash table behaves as a map, also while it is read concurrently. */
@Tag("chapter1.part5")
class KeyTableTest {

    static byte[] key(int i) {
        return ("key" + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void behavesLikeAMapThroughGrowthAndRemovals() {
        long seed = 20261125L;
        Random random = new Random(seed);
        KeyTable table = new KeyTable();
        Map<String, Location> model = new HashMap<>();
        for (int op = 0; op < 200_000; op++) {
            int k = random.nextInt(5_000);
            byte[] key = key(k);
            String name = "key" + k;
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    Location at = new Location(random.nextInt(100), random.nextInt(Integer.MAX_VALUE), random.nextInt(2000));
                    assertThat(table.put(key, at)).as("seed %d op %d", seed, op).isEqualTo(model.put(name, at));
                }
                case 2 -> assertThat(table.remove(key)).as("seed %d op %d", seed, op).isEqualTo(model.remove(name));
                default -> assertThat(table.get(key)).as("seed %d op %d", seed, op).isEqualTo(model.get(name));
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        model.forEach((name, at) -> assertThat(table.get(name.getBytes(StandardCharsets.UTF_8))).isEqualTo(at));
    }

    @Test
    void replaceMovesAKeyOnlyFromTheExpectedLocation() {
        KeyTable table = new KeyTable();
        Location a = new Location(1, 0, 10);
        Location b = new Location(2, 0, 10);
        Location c = new Location(3, 0, 10);
        table.put(key(1), a);
        assertThat(table.replace(key(1), b, c)).isFalse();
        assertThat(table.replace(key(1), a, c)).isTrue();
        assertThat(table.get(key(1))).isEqualTo(c);
        assertThat(table.replace(key(2), a, c)).isFalse();
        assertThat(table.get(key(2))).isNull();
    }

    @Test
    void readersNeverMissAKeyThatStaysWhileAWriterChurnsOthers() throws Exception {
        KeyTable table = new KeyTable();
        int stable = 1_000;
        for (int i = 0; i < stable; i++) {
            table.put(key(i), new Location(i, i, i));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<String> problem = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            Random random = new Random(1);
            while (writing.get() && problem.get() == null) {
                int i = random.nextInt(stable);
                Location at = table.get(key(i));
                if (!new Location(i, i, i).equals(at)) {
                    problem.set("key" + i + " read as " + at);
                }
            }
        });
        reader.start();
        // Insert and remove other keys: the table grows and entries shift around the stable ones.
        for (int round = 0; round < 20 && problem.get() == null; round++) {
            for (int i = stable; i < stable + 20_000; i++) {
                table.put(key(i), new Location(0, 0, 0));
            }
            for (int i = stable; i < stable + 20_000; i++) {
                table.remove(key(i));
            }
        }
        writing.set(false);
        reader.join();
        assertThat(problem.get()).isNull();
        assertThat(table.size()).isEqualTo(stable);
    }
}
