package io.patrickdb.replication.quorum;

import io.patrickdb.replication.protocol.SessionWrite.Outcome;
import java.nio.ByteBuffer;

/**
 * What a write came to, as the state machine decided it and the client sees it: done (with the
 * key's new version), the key was not there (a delete or an append of a missing key), its
 * version did not match (a compare-and-set; {@code version} is the key's version then, 0 if it
 * has none), or refused (an append that would make the value larger than the limit). Nine bytes in a client's session, so that a repeat gets the same answer.
 */
public record WriteResult(Outcome outcome, long version) {
    byte[] encode() {
        return ByteBuffer.allocate(9).put((byte) outcome.ordinal()).putLong(version).array();
    }

    static WriteResult decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new WriteResult(Outcome.values()[b.get()], b.getLong());
    }
}
