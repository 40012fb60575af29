package io.patrickdb.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.patrickdb.client.KeyValueClient;
import io.patrickdb.index.CasResult;
import io.patrickdb.index.Versioned;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /v1/keys/{key}}: one key's value, read, written and deleted through the client. Each
 * method sends one request and maps its answer to HTTP when it arrives; none of them waits.
 *
 * <p>The value travels as the raw body, not inside JSON: a value is bytes, any bytes, and a body
 * carries bytes as they are. Version and expiry, which are not the value, travel in headers.
 */
final class KeyEndpoint {
    static final String VERSION_HEADER = "X-Patrickdb-Version";
    static final String EXPIRES_AT_HEADER = "X-Patrickdb-Expires-At";

    /** The longest ttl, in seconds (68 years): far enough, and its milliseconds fit any clock arithmetic. */
    static final long MAX_TTL_SECONDS = Integer.MAX_VALUE;

    private final KeyValueClient client;

    KeyEndpoint(KeyValueClient client) {
        this.client = client;
    }

    /** 200 with the value's bytes, or 404. */
    CompletableFuture<RestResponse> get(String key) {
        // BEGIN SOLUTION chapter2.part7
        return client.get(key).thenApply(found -> found.map(KeyEndpoint::value).orElseGet(() -> notFound(key)));
        // STUB: throw new UnsupportedOperationException("chapter2.part7: get the key through the client; 200 with its bytes or 404");
        // END SOLUTION
    }

    /**
     * 200 with the new version. With an expected version (from {@code If-Match}) the write is a
     * compare-and-set, and a different current version is 412 Precondition Failed.
     */
    CompletableFuture<RestResponse> put(String key, byte[] value, Duration ttl, OptionalLong expectedVersion) {
        // BEGIN SOLUTION chapter2.part7
        if (expectedVersion.isEmpty()) {
            return client.put(key, value, ttl).thenApply(version -> stored(key, version));
        }
        long expected = expectedVersion.getAsLong();
        return client.compareAndSet(key, expected, value, ttl).thenApply(cas -> cas.applied()
                ? stored(key, cas.version())
                : versionMismatch(key, expected, cas));
        // STUB: throw new UnsupportedOperationException("chapter2.part7: put (or compare-and-set with If-Match) through the client");
        // END SOLUTION
    }

    /** 204 if the key had a value, 404 if it had none. */
    CompletableFuture<RestResponse> delete(String key) {
        // BEGIN SOLUTION chapter2.part7
        return client.delete(key).thenApply(deleted -> deleted ? RestResponse.noContent() : notFound(key));
        // STUB: throw new UnsupportedOperationException("chapter2.part7: delete through the client; 204 or 404");
        // END SOLUTION
    }

    private static RestResponse value(Versioned v) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(VERSION_HEADER, Long.toString(v.version()));
        if (v.expiresAt() != 0) {
            headers.put(EXPIRES_AT_HEADER, Long.toString(v.expiresAt()));
        }
        return RestResponse.octets(v.value(), headers);
    }

    private static RestResponse stored(String key, long version) {
        return RestResponse.json(HttpResponseStatus.OK, new Stored(key, version));
    }

    static RestResponse notFound(String key) {
        return RestResponse.error(HttpResponseStatus.NOT_FOUND, "no value for key '" + key + "'");
    }

    private static RestResponse versionMismatch(String key, long expected, CasResult cas) {
        String message = expected == 0
                ? "key '" + key + "' already has a value (version " + cas.version() + ")"
                : "key '" + key + "' is at version " + cas.version() + ", not " + expected;
        return RestResponse.json(HttpResponseStatus.PRECONDITION_FAILED,
                new VersionMismatch(message, HttpResponseStatus.PRECONDITION_FAILED.code(), cas.version()));
    }

    /**
     * A ttl in seconds, as a query parameter or batch field gives it: a whole number from 0 (never
     * expires) to {@link #MAX_TTL_SECONDS}.
     */
    static Duration ttl(String seconds) {
        if (seconds == null || seconds.isEmpty() || seconds.length() > 10 || !seconds.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpStatusException(HttpResponseStatus.BAD_REQUEST,
                    "ttl must be a whole number of seconds from 0 to " + MAX_TTL_SECONDS + ", was '" + seconds + "'");
        }
        return ttl(Long.parseLong(seconds));
    }

    static Duration ttl(long seconds) {
        if (seconds < 0 || seconds > MAX_TTL_SECONDS) {
            throw new HttpStatusException(HttpResponseStatus.BAD_REQUEST,
                    "ttl must be a whole number of seconds from 0 to " + MAX_TTL_SECONDS + ", was " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    /** What a successful PUT answers. */
    record Stored(String key, long version) {
    }

    /** What a failed compare-and-set answers: the error, and the version the key is at (0: no value). */
    record VersionMismatch(String error, int status, long version) {
    }
}
