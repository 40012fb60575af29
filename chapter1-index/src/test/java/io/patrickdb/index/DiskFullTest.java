package io.patrickdb.index;

import static io.patrickdb.index.StoreContract.bytes;
import static io.patrickdb.index.StoreContract.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part 4: a full disk is a real one here, a 256 KiB tmpfs mounted for the test (needs root, as
 * CI has; skipped elsewhere). The store must refuse writes with a clear error, keep serving
 * reads, and lose no acknowledged write.
 */
@Tag("chapter1.part4")
class DiskFullTest {
    @TempDir
    Path parent;
    Path mount;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        mount = parent.resolve("small-disk");
        Files.createDirectories(mount);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString()) == 0,
                "mounting a tmpfs needs root");
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", "-l", mount.toString());
    }

    static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @Test
    void aFullDiskFailsTheWriteClearlyAndLosesNothingAcknowledged() throws Exception {
        StoreOptions options = StoreOptions.in(mount.resolve("db")).withDurability(Durability.ALWAYS).withSegmentBytes(64 * 1024);
        List<String> acknowledged = new ArrayList<>();
        LogStructuredStore store = LogStructuredStore.open(options);
        StoreException failure = null;
        for (int i = 0; i < 10_000 && failure == null; i++) {
            try {
                store.put("key" + i, bytes("value-" + i + "-" + "x".repeat(200)));
                acknowledged.add("key" + i);
            } catch (StoreException e) {
                failure = e;
            }
        }
        assertThat(failure).as("the disk never filled").isNotNull();
        assertThat(failure).hasMessageContaining("No space left on device");
        assertThatThrownBy(() -> store.put("more", bytes("v"))).isInstanceOf(StoreException.class).hasMessageContaining("refuses writes");
        assertThat(text(store.get(acknowledged.get(0)))).startsWith("value-0-");
        try {
            store.close();
        } catch (StoreException ignored) {
            // closing a failed store may itself fail on the full disk; recovery handles the tail
        }

        assertThat(run("mount", "-o", "remount,size=4m", mount.toString())).isZero();
        try (LogStructuredStore reopened = LogStructuredStore.open(options)) {
            for (String key : acknowledged) {
                assertThat(reopened.get(key)).as(key).isPresent();
            }
            reopened.put("after", bytes("space was freed"));
        }
    }

    @Test
    void hintFilesThatDoNotFitAreOnlyAShortcutLost() throws IOException {
        // Fill the disk with segments, then reopen: missing hints must not stop the store.
        StoreOptions options = StoreOptions.in(mount.resolve("db")).withIndex(IndexKind.KEY_DIRECTORY)
                .withDurability(Durability.NEVER).withSegmentBytes(16 * 1024);
        int written = 0;
        try (LogStructuredStore store = LogStructuredStore.open(options)) {
            for (; written < 600; written++) {
                store.put("key" + written, bytes("x".repeat(200)));
            }
        }
        try (LogStructuredStore store = LogStructuredStore.open(options)) {
            assertThat(store.stats().keys()).isEqualTo(written);
        }
    }
}
