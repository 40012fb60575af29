package io.patrickdb.bench.etcd;

/**
 * Where a {@link RequestStream} reports each answer. Called on jetcd's threads, several at a
 * time: an implementation must be thread-safe, and quick, since the stream sends its next
 * request only after the call returns.
 */
interface Outcomes {
    /** A request sent at {@code sentNanos} ({@link System#nanoTime}) was answered at {@code answeredNanos}. */
    void succeeded(long sentNanos, long answeredNanos);

    /** A request failed. */
    void failed(Throwable cause);
}
