/**
 * The Patrick-DB client: {@link io.patrickdb.client.PatrickClient}, asynchronous and pipelined,
 * and {@link io.patrickdb.client.BlockingClient}, the same operations waiting for their answers.
 *
 * <p>Pipelining is the idea to take from this package. A client that waits for each response
 * before sending the next request pays a network round trip per request, however fast the
 * server is. Tagging each request with an id lets a client keep many requests in flight on one
 * connection and match each response to its request when it comes back, in whatever order.
 * {@link io.patrickdb.client.Connection} is that bookkeeping: a map from request id to the future
 * waiting for it, with a timeout for each.
 */
package io.patrickdb.client;
