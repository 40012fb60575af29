package io.patrickdb.encoding;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * The put request as three deploys of a program define it, as records (JSON reads and writes
 * them; so does Java serialization, in its record form):
 * <ul>
 *   <li>{@link V1}: key, value, ttl, the put request of today;</li>
 *   <li>{@link WithTraceId}: version 2 that <em>adds</em> a field, a trace id for distributed
 *       tracing;</li>
 *   <li>{@link WithoutTtl}: version 2 that <em>removes</em> a field, ttl.</li>
 * </ul>
 * The two small interfaces let {@link SchemaEvolution} ask any version, in any encoding, what it
 * made of the field that changed.
 */
final class PutVersions {

    static final String KEY = "user:1042:profile";
    static final byte[] VALUE = "{\"name\":\"Ada Lovelace\"}".getBytes(StandardCharsets.UTF_8);
    static final long TTL_MILLIS = 60_000;
    static final String TRACE_ID = "4bf92f3577b34da6";

    private PutVersions() {
    }

    /** A version that has a ttl. */
    interface HasTtl {
        long ttlMillis();
    }

    /** A version that has a trace id. */
    interface HasTraceId {
        String traceId();
    }

    record V1(String key, byte[] value, long ttlMillis) implements HasTtl, Serializable {
    }

    record WithTraceId(String key, byte[] value, long ttlMillis, String traceId) implements HasTtl, HasTraceId, Serializable {
    }

    record WithoutTtl(String key, byte[] value) implements Serializable {
    }

    static V1 v1() {
        return new V1(KEY, VALUE, TTL_MILLIS);
    }

    static WithTraceId withTraceId() {
        return new WithTraceId(KEY, VALUE, TTL_MILLIS, TRACE_ID);
    }

    static WithoutTtl withoutTtl() {
        return new WithoutTtl(KEY, VALUE);
    }
}
