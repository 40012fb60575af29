package io.patrickdb.protocol;

/**
 * The body layout of one operation at one version: how its request and its successful
 * responses are written and read. {@link Protocol} handles what every operation shares (the
 * frame, the status byte, the layout of errors), so a codec only describes its own fields, in
 * the order PROTOCOL.md lists them, ending with the tags.
 *
 * <p>Adding an operation, or a version of one, means writing one of these and registering it
 * with {@link Protocol#with}. Nothing else in the protocol changes.
 */
public interface OperationCodec {

    /** The operation. */
    int opCode();

    /** The version of the operation this codec reads and writes. */
    int version();

    /** A name for people: error messages, logs. */
    String name();

    void writeRequest(Request request, BodyWriter out);

    Request readRequest(BodyReader in);

    /** Writes the fields after the status byte of a response that is not an error. */
    void writeResponse(Response response, BodyWriter out);

    /** Reads the fields after the status byte of a response that is not an error. */
    Response readResponse(Status status, BodyReader in);
}
