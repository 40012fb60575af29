/**
 * Encodings compared: how the same messages look as JSON, as Java serialization and in the
 * Patrick-DB binary protocol, and what each does when the message changes between two versions of
 * a program (Kleppmann, <i>Designing Data-Intensive Applications</i>, ch. 4). Run
 * {@link io.patrickdb.encoding.EncodingComparison} ({@code scripts/compare-encodings}) to see
 * both tables.
 *
 * <p>Read it in this order:
 * <ol>
 *   <li>{@link io.patrickdb.encoding.Message} and its records: a put request, a get response and a
 *       multi-get response, the messages every encoding gets.</li>
 *   <li>{@link io.patrickdb.encoding.Encoding} and its three implementations.
 *       {@link io.patrickdb.encoding.JsonEncoding} is readable and universal, and pays in bytes for
 *       field names, decimal numbers and base64. {@link io.patrickdb.encoding.JavaSerializationEncoding}
 *       is the cautionary tale: large, slow, readable only by the same Java classes, and a long
 *       history of security holes. {@link io.patrickdb.encoding.BinaryEncoding} is the protocol's
 *       own codecs, from {@code io.patrickdb.protocol}: the schema lives in the code, so the bytes
 *       carry only values.</li>
 *   <li>{@link io.patrickdb.encoding.SchemaEvolution}: version 2 of the put request adds a field,
 *       or removes one. An <em>old reader of new data</em> needs forward compatibility, a <em>new
 *       reader of old data</em> backward compatibility; during a rolling upgrade both happen at
 *       once. Each encoding's answer is computed, by writing with one version and reading with the
 *       other: JSON copes if the reader ignores unknown fields (Jackson, by default, does not); Java
 *       serialization breaks on any change unless the {@code serialVersionUID} is fixed by hand;
 *       the binary protocol adds fields as <em>tagged fields</em> that old readers skip, and
 *       removes them only in a new version of the operation.</li>
 * </ol>
 *
 * <p>The lesson of the evolution table is that compatibility is a property of the reader as much
 * as of the bytes: field names or tags make skipping possible, and the reader must choose to skip.
 */
package io.patrickdb.encoding;
