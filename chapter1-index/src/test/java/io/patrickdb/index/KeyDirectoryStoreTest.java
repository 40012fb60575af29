package io.patrickdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Part 5: the same behaviour with Bitcask's key directory, which keeps values only on disk. */
@Tag("chapter1.part5")
class KeyDirectoryStoreTest extends StoreContract {
    @Override
    IndexKind index() {
        return IndexKind.KEY_DIRECTORY;
    }

    @Test
    void readsAValueThatIsStillInTheAppendBuffer() {
        // NEVER flushes every 100 ms: the read must not wait for that to see the record.
        store.put("fresh", bytes("just written"));
        assertThat(text(store.get("fresh"))).isEqualTo("just written");
    }

    @Test
    void readsValuesFromSealedSegments() {
        store.close();
        store = LogStructuredStore.open(options().withSegmentBytes(4096));
        for (int i = 0; i < 200; i++) {
            store.put("key" + i, bytes("value-" + i + "-" + "x".repeat(50)));
        }
        assertThat(store.stats().segments()).isGreaterThan(3);
        for (int i = 0; i < 200; i++) {
            assertThat(text(store.get("key" + i))).isEqualTo("value-" + i + "-" + "x".repeat(50));
        }
    }
}
