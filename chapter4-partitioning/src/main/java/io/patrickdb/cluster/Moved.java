package io.patrickdb.cluster;

import io.patrickdb.client.ServerErrorException;
import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.protocol.TaggedFields;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code MOVED} answer says: the key's slot belongs to {@code group}, whose nodes serve at
 * {@code nodes}, according to the answering node's map of {@code epoch}. A client whose map is
 * older fetches the newer one and sends the request again.
 *
 * <pre>
 *   tag 0: slot uvarint, tag 1: group string,
 *   tag 2: epoch i64, tag 3: nodes string ("host:port,host:port")
 * </pre>
 */
public record Moved(int slot, String group, long epoch, List<String> nodes) {
    public static final int SLOT_TAG = 0;
    public static final int GROUP_TAG = 1;
    public static final int EPOCH_TAG = 2;
    public static final int NODES_TAG = 3;

    public Moved {
        nodes = List.copyOf(nodes);
    }

    /** The error a node answers with. */
    public Response.Error toError(String key, String node) {
        TaggedFields tags = TaggedFields.EMPTY
                .with(SLOT_TAG, Protocol.encode(w -> w.uvarint(slot)))
                .with(GROUP_TAG, Protocol.encode(w -> w.string(group)))
                .with(EPOCH_TAG, Protocol.encode(w -> w.i64(epoch)))
                .with(NODES_TAG, Protocol.encode(w -> w.string(String.join(",", nodes))));
        return new Response.Error(Status.MOVED, "slot " + slot + " of key " + key + " belongs to group " + group
                + " (map epoch " + epoch + "), not to node " + node + "'s", tags);
    }

    /** The redirect a client's exception carries, if it is a {@code MOVED} answer with all four tags. */
    public static Optional<Moved> of(Throwable e) {
        if (!(e instanceof ServerErrorException s) || !s.status().equals(Status.MOVED)) {
            return Optional.empty();
        }
        TaggedFields tags = s.tags();
        Optional<byte[]> slot = tags.get(SLOT_TAG);
        Optional<byte[]> group = tags.get(GROUP_TAG);
        Optional<byte[]> epoch = tags.get(EPOCH_TAG);
        Optional<byte[]> nodes = tags.get(NODES_TAG);
        if (slot.isEmpty() || group.isEmpty() || epoch.isEmpty() || nodes.isEmpty()) {
            return Optional.empty();
        }
        String list = Protocol.decode(nodes.get(), BodyReader::string);
        return Optional.of(new Moved(Protocol.decode(slot.get(), BodyReader::uvarint), Protocol.decode(group.get(), BodyReader::string),
                Protocol.decode(epoch.get(), BodyReader::i64), list.isEmpty() ? List.of() : Arrays.asList(list.split(","))));
    }
}
