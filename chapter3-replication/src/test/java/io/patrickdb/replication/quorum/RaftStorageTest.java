package io.patrickdb.replication.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patrickdb.replication.raft.Entry;
import io.patrickdb.replication.raft.HardState;
import io.patrickdb.replication.raft.RaftCore;
import io.patrickdb.replication.raft.Ready;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part 8: what a Raft node keeps on disk. Entries and the term and vote that a {@link Ready} asks
 * to persist are there after the files are opened again; entries from a new leader replace a
 * conflicting tail, on disk too; the term and vote file is rewritten when they change, not for
 * every commit; and a directory of another node is refused.
 */
@Tag("chapter3.part8")
class RaftStorageTest {
    private static final Set<String> VOTERS = Set.of("n1", "n2", "n3");

    @TempDir
    Path dir;

    @Test
    void persistedEntriesAndTheVoteAreThereAfterReopening() {
        try (RaftStorage storage = RaftStorage.open(dir, "n1", null)) {
            storage.persist(ready(new HardState(3, "n2", 0), entries(1, 10, 3)));
        }
        try (RaftStorage storage = RaftStorage.open(dir, "n1", null)) {
            RaftCore.Restored r = storage.restored(VOTERS, null);
            assertThat(r.hardState().term()).isEqualTo(3);
            assertThat(r.hardState().votedFor()).isEqualTo("n2");
            assertThat(r.entries()).containsExactlyElementsOf(entries(1, 10, 3));
        }
    }

    @Test
    void entriesThatConflictReplaceTheTailOnDisk() {
        try (RaftStorage storage = RaftStorage.open(dir, "n1", null)) {
            storage.persist(ready(new HardState(2, "n1", 0), entries(1, 10, 2)));
            storage.persist(ready(new HardState(3, null, 0), entries(6, 8, 3))); // a new leader's 6..8 replace 6..10
        }
        try (RaftStorage storage = RaftStorage.open(dir, "n1", null)) {
            List<Entry> expected = new ArrayList<>(entries(1, 5, 2));
            expected.addAll(entries(6, 8, 3));
            assertThat(storage.restored(VOTERS, null).entries()).containsExactlyElementsOf(expected);
            assertThat(storage.restored(VOTERS, null).hardState().votedFor()).isNull();
        }
    }

    @Test
    void theTermAndVoteFileIsRewrittenOnlyWhenTheyChange() throws Exception {
        try (RaftStorage storage = RaftStorage.open(dir, "n1", null)) {
            storage.persist(ready(new HardState(1, "n1", 0), List.of()));
            Path file = dir.resolve(RaftStorage.HARD_STATE);
            String first = Files.readString(file);
            storage.persist(ready(new HardState(1, "n1", 7), entries(1, 7, 1))); // only the commit index moved
            assertThat(Files.readString(file)).isEqualTo(first);
            storage.persist(ready(new HardState(2, null, 7), List.of()));
            assertThat(Files.readString(file)).contains("term 2");
        }
    }

    @Test
    void aDirectoryOfAnotherNodeIsRefused() {
        try (RaftStorage storage = RaftStorage.open(dir, "n1", null)) {
            storage.persist(ready(new HardState(1, "n1", 0), List.of()));
        }
        assertThatThrownBy(() -> RaftStorage.open(dir, "n2", null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("node n1");
    }

    private static Ready ready(HardState hardState, List<Entry> entries) {
        return new Ready(hardState, entries, null, null, List.of(), List.of(), List.of(), List.of());
    }

    private static List<Entry> entries(long from, long to, long term) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(Entry.command(i, term, ("command " + i + " of term " + term).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }
}
