package io.patrickdb.encoding;

/**
 * One way to turn a {@link Message} into bytes and back. The comparison runs the same messages
 * through each implementation and reports size and speed.
 */
public interface Encoding {

    /** A name for the table. */
    String name();

    /** The message as the bytes that would travel or be stored. */
    byte[] encode(Message message);

    /** The message these bytes encode; throws if they do not encode one this encoding knows. */
    Message decode(byte[] bytes);
}
