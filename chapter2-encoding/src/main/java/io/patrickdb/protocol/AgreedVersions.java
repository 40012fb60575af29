package io.patrickdb.protocol;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The outcome of a handshake: for each operation both sides speak, the highest version both
 * speak. An operation missing here must not be sent to this peer.
 *
 * @param versions op code to the version to use
 * @param theirs   what the peer announced, for error messages
 */
public record AgreedVersions(Map<Integer, Integer> versions, List<VersionRange> theirs) {
    public AgreedVersions {
        versions = Map.copyOf(versions);
        theirs = List.copyOf(theirs);
    }

    /** The version of {@code opCode} to use with this peer, or empty if the peer does not speak it. */
    public OptionalInt versionOf(int opCode) {
        Integer v = versions.get(opCode);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }
}
