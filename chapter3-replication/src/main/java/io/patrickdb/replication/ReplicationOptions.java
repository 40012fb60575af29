package io.patrickdb.replication;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node replicates.
 *
 * @param minReplicas      the leader refuses writes unless this many followers are caught up (0: never refuses)
 * @param minReplicasMaxLag a follower counts as caught up while its last fetch is at most this old
 * @param retention        how long a leader keeps the log for a follower it has not heard from
 *                         (its compaction floor): a follower back within it catches up from the log
 * @param fetchWait        how long a leader holds a follower's fetch when it has nothing new (the long poll)
 * @param fetchBytes       about how many bytes of records one fetch returns
 */
public record ReplicationOptions(int minReplicas, Duration minReplicasMaxLag, Duration retention, Duration fetchWait,
                                 int fetchBytes) {
    public ReplicationOptions {
        Objects.requireNonNull(minReplicasMaxLag, "minReplicasMaxLag");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(fetchWait, "fetchWait");
        if (minReplicas < 0 || fetchBytes < 1) {
            throw new IllegalArgumentException("minReplicas must be at least 0 and fetchBytes at least 1");
        }
        if (minReplicas > 0 && minReplicasMaxLag.compareTo(fetchWait) <= 0) {
            throw new IllegalArgumentException("min-replicas-max-lag (" + minReplicasMaxLag.toMillis()
                    + " ms) must be longer than a follower's fetch wait (" + fetchWait.toMillis()
                    + " ms), or a healthy follower would count as lagging");
        }
    }

    /** No min-replicas, 10 s max lag (Redis's default), 1 hour retention, 500 ms long polls, 256 KiB fetches. */
    public static ReplicationOptions defaults() {
        return new ReplicationOptions(0, Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofMillis(500), 256 * 1024);
    }

    public ReplicationOptions withMinReplicas(int minReplicas, Duration maxLag) {
        return new ReplicationOptions(minReplicas, maxLag, retention, fetchWait, fetchBytes);
    }

    public ReplicationOptions withRetention(Duration retention) {
        return new ReplicationOptions(minReplicas, minReplicasMaxLag, retention, fetchWait, fetchBytes);
    }
}
