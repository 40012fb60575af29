package io.patrickdb.protocol;

/**
 * A decoded message with the header it travelled under: a request with the header the response
 * must echo, or a response with the header of the request it answers.
 *
 * @param header  the request's header (op, version, request id)
 * @param message a {@link Request} or a {@link Response}
 */
public record Envelope(Header header, Object message) {
}
