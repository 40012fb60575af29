package io.patrickdb.bench;

/**
 * The requests one connection has sent and not yet seen answered, each with the time it was
 * sent: a small table indexed by request id modulo its size, a power of two.
 *
 * <p>The table holds at least twice as many slots as requests can be in flight. Ids count up
 * from 1, so for a server that answers in order the ids in flight are consecutive and never
 * share a slot. A server that answers out of order may hold one request while it answers many
 * later ones; if the next id's slot is still taken by it, {@link #add} skips that id (any id is
 * as good as another to such a server). One array write per request, no map, no garbage.
 *
 * <p>A request may carry a number of its sender's ({@link #add(long)}): the cluster client keeps
 * there which key the request is for, so that a redirected request can be sent again.
 */
final class InFlight {
    private static final int FREE = 0;   // no request has id 0 (the count wraps only after 2^32 requests)

    private final int[] ids;
    private final long[] sentAt;
    private final long[] requests;
    private final int mask;
    private final int[] unsent;
    private int unsentCount;
    private int nextId = 1;
    private int size;

    /** A table for at most {@code maxInFlight} requests at a time. */
    InFlight(int maxInFlight) {
        int slots = Integer.highestOneBit(Math.max(2, 2 * maxInFlight) - 1) << 1;
        this.ids = new int[slots];
        this.sentAt = new long[slots];
        this.requests = new long[slots];
        this.mask = slots - 1;
        this.unsent = new int[maxInFlight];
    }

    /** Takes the next free id for a request about to be written; {@link #sent} stamps its time. */
    int add() {
        return add(0);
    }

    /** {@link #add()} for a request its sender describes as {@code request} ({@link #request} gives it back). */
    int add(long request) {
        int id = take(request);
        unsent[unsentCount++] = id;
        return id;
    }

    /**
     * Takes an id for a request sent before, to another server, that is about to be written again
     * (a redirect): it keeps its first send time, so that its latency includes the detour.
     */
    int addResent(long request, long firstSentAt) {
        int id = take(request);
        sentAt[id & mask] = firstSentAt;
        return id;
    }

    private int take(long request) {
        if (size == unsent.length) {
            throw new IllegalStateException("already " + size + " requests in flight");
        }
        while (ids[nextId & mask] != FREE || nextId == FREE) {
            nextId++;
        }
        int id = nextId++;
        ids[id & mask] = id;
        requests[id & mask] = request;
        size++;
        return id;
    }

    /** Stamps {@code nanos} as the send time of every request added since the last call. */
    void sent(long nanos) {
        for (int i = 0; i < unsentCount; i++) {
            sentAt[unsent[i] & mask] = nanos;
        }
        unsentCount = 0;
    }

    /** What the sender said request {@code id} is; call before {@link #remove}. */
    long request(int id) {
        return requests[id & mask];
    }

    /** Removes request {@code id}, answered now; returns when it was sent. */
    long remove(int id) {
        int slot = id & mask;
        if (id == FREE || ids[slot] != id) {
            throw new ProtocolException("a response to request " + Integer.toUnsignedString(id) + ", which is not in flight");
        }
        ids[slot] = FREE;
        size--;
        return sentAt[slot];
    }

    /** How many requests are in flight. */
    int size() {
        return size;
    }
}
