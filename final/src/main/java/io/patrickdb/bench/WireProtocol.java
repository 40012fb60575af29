package io.patrickdb.bench;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * How the load generator speaks to one kind of server: how to write a get and a set, and how to
 * read the answers. Everything else in the generator is the same for every server.
 *
 * <p>Every request gets a request id from its connection, counting from 1. A protocol that
 * carries ids on the wire ({@code patrickdb}) sends it and its parser reports the id each
 * response carries back; the others answer in the order they were asked, so their parsers
 * count instead: the n-th response answers request n.
 */
public interface WireProtocol {

    /** The names {@code --protocol} accepts, in the order the usage text lists them. */
    List<String> NAMES = List.of("patrickdb", "redis", "memcached", "http");

    /** The protocols whose servers form clusters the generator can drive ({@code --cluster}): each has {@link #slotMap}. */
    List<String> CLUSTERS = List.of("patrickdb", "redis");

    /** Appends a request that reads {@code key}. */
    void encodeGet(ByteBuf out, int requestId, byte[] key);

    /** Appends a request that stores {@code value} under {@code key}, with no expiry. */
    void encodeSet(ByteBuf out, int requestId, byte[] key, byte[] value);

    /** A parser for the responses on one new connection (parsers may keep state per connection). */
    ResponseParser newParser();

    /**
     * Which node serves each slot of the cluster that the node at {@code host:port} belongs to,
     * asked of that node (and, where the answer does not say, of the others). Only the protocols
     * in {@link #CLUSTERS} have clusters.
     */
    default SlotMap slotMap(String host, int port) {
        throw new UnsupportedOperationException("the generator drives no cluster that speaks " + getClass().getSimpleName());
    }

    /**
     * The protocol called {@code name} (one of {@link #NAMES}); {@code host} is what an HTTP
     * request names in its {@code Host} header.
     */
    static WireProtocol named(String name, String host) {
        return switch (name) {
            case "patrickdb" -> new PatrickDbProtocol();
            case "redis" -> new RespProtocol();
            case "memcached" -> new MemcachedProtocol();
            case "http" -> new HttpProtocol(host);
            default -> throw new IllegalArgumentException("unknown protocol '" + name + "'");
        };
    }
}
