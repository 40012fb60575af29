package io.patrickdb.cluster;

import io.patrickdb.protocol.Protocol;
import io.patrickdb.replication.protocol.ReplicationProtocol;
import io.patrickdb.replication.protocol.SimpleCodec;
import java.util.Objects;
import java.util.Optional;

/**
 * The two operations a partitioned node adds to chapter 3's protocol: reading its cluster map and
 * replacing it with a newer one.
 *
 * <pre>
 *   GET_CLUSTER_MAP (0x30)
 *     request:  tags
 *     response: OK, group string (the answering node's), found u8, (if found) map bytes, tags
 *   UPDATE_CLUSTER_MAP (0x31)
 *     request:  map bytes, tags
 *     response: OK, stored u8, epoch i64 (the epoch the group has now), tags
 * </pre>
 *
 * The map's bytes are {@link ClusterMap#encode}'s. An update is stored only if its epoch is
 * higher than the group's map's ({@code stored} 0 otherwise, with the group's epoch), and only
 * by the group's leader: any other node answers {@code NOT_LEADER}.
 */
public final class ClusterProtocol {
    public static final int GET_MAP = 0x30;
    public static final int UPDATE_MAP = 0x31;

    private static final Protocol V1 = ReplicationProtocol.v1()
            .with(new SimpleCodec<>(GET_MAP, "get-cluster-map", GetMap.class, (r, out) -> { }, in -> new GetMap(),
                    MapAnswer.class, (r, out) -> {
                        out.string(r.group()).u8(r.map().isPresent() ? 1 : 0);
                        r.map().ifPresent(m -> out.bytes(m.encode()));
                    },
                    in -> {
                        String group = in.string();
                        return new MapAnswer(group, in.u8() == 1 ? Optional.of(ClusterMap.decode(in.bytes())) : Optional.empty());
                    }))
            .with(new SimpleCodec<>(UPDATE_MAP, "update-cluster-map", UpdateMap.class, (r, out) -> out.bytes(r.map().encode()),
                    in -> new UpdateMap(ClusterMap.decode(in.bytes())),
                    UpdateAnswer.class, (r, out) -> out.u8(r.stored() ? 1 : 0).i64(r.epoch()),
                    in -> new UpdateAnswer(in.u8() == 1, in.i64())));

    private ClusterProtocol() {
    }

    /** Chapter 3's protocol with the two cluster-map operations. */
    public static Protocol v1() {
        return V1;
    }

    /** Asks a node for its group's cluster map. */
    public record GetMap() implements io.patrickdb.protocol.Request {
        @Override
        public int opCode() {
            return GET_MAP;
        }
    }

    /** The node's group, and its copy of the map (none before the cluster is set up). */
    public record MapAnswer(String group, Optional<ClusterMap> map) implements io.patrickdb.protocol.Response {
        public MapAnswer {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(map, "map");
        }

        @Override
        public io.patrickdb.protocol.Status status() {
            return io.patrickdb.protocol.Status.OK;
        }
    }

    /** Asks a group's leader to store {@code map} if it is newer than the group's. */
    public record UpdateMap(ClusterMap map) implements io.patrickdb.protocol.Request {
        public UpdateMap {
            Objects.requireNonNull(map, "map");
        }

        @Override
        public int opCode() {
            return UPDATE_MAP;
        }
    }

    /** Whether the map was stored, and the epoch the group's map has now. */
    public record UpdateAnswer(boolean stored, long epoch) implements io.patrickdb.protocol.Response {
        @Override
        public io.patrickdb.protocol.Status status() {
            return io.patrickdb.protocol.Status.OK;
        }
    }
}
