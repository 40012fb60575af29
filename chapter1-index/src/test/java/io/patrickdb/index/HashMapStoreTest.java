package io.patrickdb.index;

import org.junit.jupiter.api.Tag;

/** Part 2: the store with values in an in-memory hash map. */
@Tag("chapter1.part2")
class HashMapStoreTest extends StoreContract {
    @Override
    IndexKind index() {
        return IndexKind.HASH_MAP;
    }
}
