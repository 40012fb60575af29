package io.patrickdb.faults;

import java.util.concurrent.atomic.LongAdder;

/**
 * One direction of a proxy, shared by all its connections: the faults set on it and what went
 * through it. The faults are replaced whole (they are a record), so a connection that reads them
 * once per chunk sees one consistent setting, never half of a change.
 */
final class Way {
    private volatile Faults faults = Faults.NONE;
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    Faults faults() {
        return faults;
    }

    void set(Faults faults) {
        this.faults = faults;
    }

    void forwarded(long bytes) {
        forwarded.add(bytes);
    }

    void dropped(long bytes) {
        dropped.add(bytes);
    }

    long forwarded() {
        return forwarded.sum();
    }

    long dropped() {
        return dropped.sum();
    }
}
