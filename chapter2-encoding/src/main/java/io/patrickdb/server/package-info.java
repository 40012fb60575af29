/**
 * The Patrick-DB server: the store from chapter 1 behind the protocol, on Netty.
 *
 * <p>Netty gives each connection a pipeline of handlers, each with one job; {@link
 * io.patrickdb.server.PatrickServer} shows the whole pipeline in its class comment. A few event-loop
 * threads serve every connection, so nothing on them may wait: not for a lock held long, not for
 * the disk. {@link io.patrickdb.server.StoreService} is where that rule is kept: writes go to a
 * writer thread and are answered when their durability policy is met; reads of an in-memory index
 * are answered in place.
 *
 * <p>The server's defences against bad input are part of the design, not an afterthought: a bound
 * on frame size (checked before the body is buffered), a bound on requests in flight per
 * connection (back pressure), a bound on connections, an idle timeout, and error responses for
 * anything malformed. A test throws random bytes at a live server to hold it to that.
 */
package io.patrickdb.server;
