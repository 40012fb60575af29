package io.patrickdb.partitioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Jump consistent hash's promises, straight from the paper: a key's bucket is one of the N; when
 * a bucket is added, a key either stays or jumps to the new one; and every bucket gets 1/N of the
 * keys.
 */
@Tag("chapter4.part3")
class JumpHashTest {
    @Test
    void oneBucketTakesEveryKey() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1_000; i++) {
            assertThat(JumpPartitioner.bucket(random.nextLong(), 1)).isZero();
        }
    }

    @Test
    void addingABucketMovesAKeyOnlyToTheNewBucket() {
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 20_000; i++) {
            long key = random.nextLong();
            int buckets = 1 + random.nextInt(500);
            int before = JumpPartitioner.bucket(key, buckets);
            int after = JumpPartitioner.bucket(key, buckets + 1);
            assertThat(before).isBetween(0, buckets - 1);
            assertThat(after).as("key %d, %d -> %d buckets", key, buckets, buckets + 1).isIn(before, buckets);
        }
    }

    @Test
    void everyBucketGetsItsShareAndTheNewBucketTakesOneInNPlusOne() {
        int buckets = 10;
        int keys = 1_000_000;
        int[] count = new int[buckets];
        int moved = 0;
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < keys; i++) {
            long key = random.nextLong();
            int b = JumpPartitioner.bucket(key, buckets);
            count[b]++;
            moved += JumpPartitioner.bucket(key, buckets + 1) == buckets ? 1 : 0;
        }
        for (int b = 0; b < buckets; b++) {
            assertThat(count[b] / (double) keys).as("bucket %d", b).isBetween(0.098, 0.102); // 0.1, six standard deviations
        }
        assertThat(moved / (double) keys).isBetween(0.0891, 0.0927); // 1/11 = 0.0909
    }
}
