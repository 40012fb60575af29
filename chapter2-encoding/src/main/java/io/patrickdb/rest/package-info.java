/**
 * The REST API: a gateway that speaks HTTP and JSON to the outside world and the binary
 * Patrick-DB protocol to the server, through the same {@link io.patrickdb.client.PatrickClient}
 * any program would use. The gateway never touches the store; it translates.
 *
 * <pre>
 *   curl, browser, any language        HTTP/1.1 + JSON
 *          |
 *   RestGateway   (this package)       one HTTP request -> one or more client calls
 *          |                           binary protocol, pipelined
 *   PatrickServer -> StoreService -> store
 * </pre>
 *
 * <p><b>Why have it.</b> Every language has an HTTP client and a JSON parser; almost none has a
 * Patrick-DB client. A REST API trades speed for reach, and {@code openapi.yaml}, beside this
 * module's pom, describes it for tools that generate clients and documentation.
 *
 * <p><b>Why it is slower.</b> Each request pays for a second hop (client to gateway, gateway to
 * server) and for text: the request line, headers of a few hundred bytes, numbers spelled out in
 * decimal and parsed back, JSON where the protocol has fixed-width fields. HTTP/1.1 has no
 * request ids either, so responses on one connection must leave in the order the requests came
 * ({@link io.patrickdb.rest.RestHandler} holds a fast answer back until the slow one before it is
 * written), where the binary protocol lets each response go the moment it is ready.
 *
 * <p><b>Raw bytes or base64.</b> A value is bytes, and JSON can only carry text. So the
 * single-key routes send a value as the raw HTTP body ({@code application/octet-stream}) with its
 * version in a header, which costs nothing; the batch route, which must put many values in one
 * JSON document, encodes each in base64: a third larger, and one more pass over every byte on
 * each side. The same trade appears wherever binary data meets a text format.
 *
 * <p><b>Never block.</b> The gateway's event loops serve every HTTP connection, so a route never
 * waits for the server: it returns the client's future, composed with what turns the answer into
 * HTTP, and the response is written when the future completes.
 *
 * <p>Read {@link io.patrickdb.rest.RestGateway} (the pipeline), then
 * {@link io.patrickdb.rest.Routes} (the API's table of contents), then the endpoints.
 */
package io.patrickdb.rest;
