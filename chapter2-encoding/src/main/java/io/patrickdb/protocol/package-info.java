/**
 * The Patrick-DB protocol: how a request and its response travel as bytes. PROTOCOL.md, beside
 * this module's pom, is the specification; this package is that document in code.
 *
 * <p>Read it in this order:
 * <ol>
 *   <li>{@link io.patrickdb.protocol.Frame}: the frozen prefix (magic, length) and the header
 *       (op, version, flags, request id). Because the prefix never changes, any reader can find
 *       where a frame ends, even a frame it does not understand.</li>
 *   <li>{@link io.patrickdb.protocol.BodyWriter} and {@link io.patrickdb.protocol.BodyReader}: the
 *       few field types a body is made of, ending with <em>tagged fields</em> that a reader skips
 *       when it does not know them. That is what lets a writer add a field without breaking old
 *       readers.</li>
 *   <li>{@link io.patrickdb.protocol.Request} and {@link io.patrickdb.protocol.Response}: the
 *       messages, as records.</li>
 *   <li>{@link io.patrickdb.protocol.OperationCodec}: one operation's body at one version.
 *       Operations are versioned one by one, as in Kafka.</li>
 *   <li>{@link io.patrickdb.protocol.Protocol}: the set of codecs a program speaks; the handshake
 *       compares two such sets and {@link io.patrickdb.protocol.AgreedVersions} records the
 *       highest version of each operation both sides speak.</li>
 *   <li>{@link io.patrickdb.protocol.FrameDecoder}: the Netty stage that cuts a byte stream into
 *       frames, with the size limit that keeps a hostile peer from exhausting memory.</li>
 * </ol>
 *
 * <p>Errors come in two sizes. A frame that is whole but wrong inside (malformed body, unknown
 * operation or version) is a {@link io.patrickdb.protocol.RequestRejectedException}: the server
 * answers with an error and the connection carries on. A byte stream that has lost its framing
 * is a {@link io.patrickdb.protocol.ConnectionErrorException}: one error frame, then close.
 */
package io.patrickdb.protocol;
