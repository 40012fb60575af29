package io.patrickdb.index;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link KeyValueStore} does, whichever index structure it uses. Each index
 * structure's test class extends this one, so both are held to the same behaviour.
 */
abstract class StoreContract {
    @TempDir
    Path dir;
    final TestClock clock = new TestClock();
    LogStructuredStore store;

    abstract IndexKind index();

    StoreOptions options() {
        return StoreOptions.in(dir).withIndex(index()).withClock(clock).withDurability(Durability.NEVER);
    }

    @BeforeEach
    void open() {
        store = LogStructuredStore.open(options());
    }

    @AfterEach
    void close() {
        store.close();
    }

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    static String text(java.util.Optional<byte[]> value) {
        return value.map(v -> new String(v, UTF_8)).orElse(null);
    }

    @Test
    void getReturnsWhatPutStored() {
        store.put("greeting", bytes("hello"));
        assertThat(text(store.get("greeting"))).isEqualTo("hello");
    }

    @Test
    void getOfAKeyNeverWrittenIsEmpty() {
        assertThat(store.get("nobody")).isEmpty();
    }

    @Test
    void putOverwritesAndEveryWriteGetsAHigherVersion() {
        long v1 = store.put("k", bytes("one"));
        long v2 = store.put("k", bytes("two"));
        long v3 = store.put("other", bytes("x"));
        assertThat(v2).isGreaterThan(v1);
        assertThat(v3).isGreaterThan(v2);
        assertThat(text(store.get("k"))).isEqualTo("two");
        assertThat(store.getVersioned("k")).get().extracting(Versioned::version).isEqualTo(v2);
    }

    @Test
    void emptyValueIsAValueNotAnAbsence() {
        store.put("empty", new byte[0]);
        assertThat(store.get("empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
    }

    @Test
    void deleteRemovesTheKeyAndSaysWhetherItExisted() {
        store.put("k", bytes("v"));
        assertThat(store.delete("k")).isTrue();
        assertThat(store.get("k")).isEmpty();
        assertThat(store.delete("k")).isFalse();
    }

    @Test
    void deletingAMissingKeyWritesNothing() {
        long before = store.stats().lastSequence();
        assertThat(store.delete("missing")).isFalse();
        assertThat(store.stats().lastSequence()).isEqualTo(before);
    }

    @Test
    void valuesAreCopiedInAndOut() {
        byte[] value = bytes("original");
        store.put("k", value);
        value[0] = 'X';
        store.get("k").orElseThrow()[1] = 'Y';
        assertThat(text(store.get("k"))).isEqualTo("original");
    }

    @Test
    void valueExpiresWhenItsTimeToLiveHasPassed() {
        store.put("session", bytes("abc"), Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(9));
        assertThat(text(store.get("session"))).isEqualTo("abc");
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.get("session")).isEmpty();
        assertThat(store.delete("session")).isFalse();
    }

    @Test
    void overwritingWithoutTimeToLiveRemovesTheExpiry() {
        store.put("k", bytes("short"), Duration.ofSeconds(1));
        store.put("k", bytes("forever"));
        clock.advance(Duration.ofDays(1));
        assertThat(text(store.get("k"))).isEqualTo("forever");
    }

    @Test
    void aTimeToLiveTooLongToAddToTheClockMeansTheFarFutureNotThePast() {
        store.put("k", bytes("v"), Duration.ofMillis(Long.MAX_VALUE));
        store.put("huge", bytes("v"), Duration.ofSeconds(Long.MAX_VALUE)); // more millis than a long holds
        clock.advance(Duration.ofDays(365 * 1000));
        assertThat(text(store.get("k"))).isEqualTo("v");
        assertThat(text(store.get("huge"))).isEqualTo("v");
        assertThat(store.getVersioned("k").orElseThrow().expiresAt()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void negativeTimeToLiveIsRefused() {
        assertThatThrownBy(() -> store.put("k", bytes("v"), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    }

    @Test
    void compareAndSetAppliesOnlyAtTheExpectedVersion() {
        long v1 = store.put("counter", bytes("1"));
        CasResult stale = store.compareAndSet("counter", v1 - 1, bytes("2"), null);
        assertThat(stale).isEqualTo(new CasResult(false, v1));
        CasResult ok = store.compareAndSet("counter", v1, bytes("2"), null);
        assertThat(ok.applied()).isTrue();
        assertThat(ok.version()).isGreaterThan(v1);
        assertThat(text(store.get("counter"))).isEqualTo("2");
        assertThat(store.compareAndSet("counter", v1, bytes("3"), null)).isEqualTo(new CasResult(false, ok.version()));
    }

    @Test
    void compareAndSetWithVersionZeroCreatesOnlyAMissingKey() {
        assertThat(store.compareAndSet("new", 0, bytes("a"), null).applied()).isTrue();
        assertThat(store.compareAndSet("new", 0, bytes("b"), null).applied()).isFalse();
        assertThat(text(store.get("new"))).isEqualTo("a");
    }

    @Test
    void compareAndSetTreatsAnExpiredKeyAsMissing() {
        store.put("k", bytes("old"), Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        assertThat(store.compareAndSet("k", 0, bytes("new"), null).applied()).isTrue();
        assertThat(text(store.get("k"))).isEqualTo("new");
    }

    @Test
    void invalidKeysAreRefusedWithTheReason() {
        assertThatThrownBy(() -> store.put("", bytes("v"))).isInstanceOf(InvalidKeyException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> store.put(null, bytes("v"))).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> store.put("a b", bytes("v"))).isInstanceOf(InvalidKeyException.class).hasMessageContaining("whitespace");
        assertThatThrownBy(() -> store.put("a\nb", bytes("v"))).isInstanceOf(InvalidKeyException.class).hasMessageContaining("control");
        assertThatThrownBy(() -> store.get("tab\tkey")).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> store.put("x".repeat(251), bytes("v"))).isInstanceOf(InvalidKeyException.class).hasMessageContaining("250");
        assertThatThrownBy(() -> store.put("\ud800x", bytes("v"))).isInstanceOf(InvalidKeyException.class).hasMessageContaining("surrogate");
        assertThat(store.stats().lastSequence()).isZero();
    }

    @Test
    void keyLimitCountsUtf8BytesNotCharacters() {
        String fits = "é".repeat(125);      // 250 bytes
        String tooLong = "é".repeat(126);   // 252 bytes, only 126 characters
        store.put(fits, bytes("v"));
        assertThat(text(store.get(fits))).isEqualTo("v");
        assertThatThrownBy(() -> store.put(tooLong, bytes("v"))).isInstanceOf(InvalidKeyException.class).hasMessageContaining("252 bytes");
    }

    @Test
    void valueOverTheLimitIsRefusedAndNothingIsWritten() {
        store.close();
        store = LogStructuredStore.open(options().withMaxValueBytes(1000));
        store.put("k", new byte[1000]);
        assertThatThrownBy(() -> store.put("k", new byte[1001]))
                .isInstanceOf(ValueTooLargeException.class).hasMessage("value is 1001 bytes; the limit is 1000");
        assertThat(store.get("k")).hasValueSatisfying(v -> assertThat(v).hasSize(1000));
    }

    @Test
    void concurrentWritersAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        store.put("t" + thread + "-" + i, bytes("v" + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(store.stats().keys()).isEqualTo(4000);
        assertThat(store.stats().lastSequence()).isEqualTo(4000);
        assertThat(text(store.get("t7-499"))).isEqualTo("v499");
    }

    @Test
    void aClosedStoreRefusesOperations() {
        store.close();
        assertThatThrownBy(() -> store.get("k")).isInstanceOf(StoreException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.put("k", bytes("v"))).isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        assertThatThrownBy(() -> LogStructuredStore.open(options()))
                .isInstanceOf(StoreException.class).hasMessageContaining("already open");
    }
}
