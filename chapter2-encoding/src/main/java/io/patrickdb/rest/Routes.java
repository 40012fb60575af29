package io.patrickdb.rest;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.patrickdb.client.KeyValueClient;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The API's table of contents: which path and method go to which endpoint.
 *
 * <pre>
 *   GET    /v1/keys/{key}   the value, raw           KeyEndpoint
 *   PUT    /v1/keys/{key}   store the body           KeyEndpoint   (?ttl=SECONDS, If-Match: VERSION)
 *   DELETE /v1/keys/{key}   remove it                KeyEndpoint
 *   POST   /v1/batch        many operations, JSON    BatchEndpoint
 *   GET    /v1/stats        the server's counters    (here)
 * </pre>
 *
 * An unknown path is 404; a known path with another method is 405, with an {@code Allow} header
 * listing the methods it does have. The {@code v1} prefix versions the whole API: a change that
 * would break clients goes under {@code /v2}, next to {@code /v1}, and old clients keep working.
 *
 * <p>Everything here reads the request before returning, and returns a future: the request's
 * buffers can be released as soon as {@link #answer} returns, and no thread waits for the server.
 */
final class Routes {
    static final String KEYS = "/v1/keys/";
    static final String BATCH = "/v1/batch";
    static final String STATS = "/v1/stats";

    private final KeyValueClient client;
    private final int maxBodyBytes;
    private final KeyEndpoint keys;
    private final BatchEndpoint batch;

    Routes(KeyValueClient client, int maxBodyBytes) {
        this.client = client;
        this.maxBodyBytes = maxBodyBytes;
        this.keys = new KeyEndpoint(client);
        this.batch = new BatchEndpoint(client);
    }

    /** The response to {@code request}; the future never fails, because failures are responses too. */
    CompletableFuture<RestResponse> answer(FullHttpRequest request) {
        try {
            return route(request).exceptionally(HttpErrors::toResponse);
        } catch (RuntimeException e) {
            // Refused before anything was sent: a bad ttl, a body over the limit, an undecodable key.
            return CompletableFuture.completedFuture(HttpErrors.toResponse(e));
        }
    }

    private CompletableFuture<RestResponse> route(FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.rawPath();
        HttpMethod method = request.method();
        if (path.startsWith(KEYS)) {
            // Everything after the prefix is the key, slashes included.
            if (method.equals(HttpMethod.GET)) {
                return keys.get(key(path));
            } else if (method.equals(HttpMethod.PUT)) {
                return keys.put(key(path), body(request), ttl(uri), expectedVersion(request));
            } else if (method.equals(HttpMethod.DELETE)) {
                return keys.delete(key(path));
            }
            return notAllowed(method, "GET, PUT, DELETE");
        } else if (path.equals(BATCH)) {
            return method.equals(HttpMethod.POST) ? batch.run(body(request)) : notAllowed(method, "POST");
        } else if (path.equals(STATS)) {
            return method.equals(HttpMethod.GET)
                    ? client.stats().thenApply(counters -> RestResponse.json(HttpResponseStatus.OK, counters))
                    : notAllowed(method, "GET");
        }
        return CompletableFuture.completedFuture(RestResponse.error(HttpResponseStatus.NOT_FOUND, "no such resource: " + path));
    }

    /** The answer to a body so large that the aggregator refused it before it was read. */
    RestResponse tooLarge() {
        return RestResponse.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the body is over the limit of " + maxBodyBytes + " bytes");
    }

    private static CompletableFuture<RestResponse> notAllowed(HttpMethod method, String allowed) {
        return CompletableFuture.completedFuture(RestResponse.error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                method + " is not allowed here; allowed: " + allowed).withHeader(HttpHeaderNames.ALLOW.toString(), allowed));
    }

    /** The body's bytes, copied out of Netty's buffer so that they outlive the request. */
    private byte[] body(FullHttpRequest request) {
        int size = request.content().readableBytes();
        if (size > maxBodyBytes) {
            throw new HttpStatusException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "the body is " + size + " bytes; the limit is " + maxBodyBytes);
        }
        return ByteBufUtil.getBytes(request.content());
    }

    /** {@code ?ttl=SECONDS}, or no expiry. */
    private static Duration ttl(QueryStringDecoder uri) {
        List<String> values;
        try {
            values = uri.parameters().get("ttl");
        } catch (IllegalArgumentException e) {
            throw new HttpStatusException(HttpResponseStatus.BAD_REQUEST, "bad query string: " + e.getMessage());
        }
        if (values == null) {
            return Duration.ZERO;
        }
        if (values.size() != 1) {
            throw new HttpStatusException(HttpResponseStatus.BAD_REQUEST, "give ttl once, not " + values.size() + " times");
        }
        return KeyEndpoint.ttl(values.get(0));
    }

    /** {@code If-Match: VERSION} turns a PUT into a compare-and-set; 0 means "only if absent". */
    private static OptionalLong expectedVersion(FullHttpRequest request) {
        String ifMatch = request.headers().get(HttpHeaderNames.IF_MATCH);
        if (ifMatch == null) {
            return OptionalLong.empty();
        }
        String version = ifMatch.trim();
        if (version.isEmpty() || version.length() > 19 || !version.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new HttpStatusException(HttpResponseStatus.BAD_REQUEST,
                    "If-Match must be a version number (0: only if absent), was '" + ifMatch + "'");
        }
        return OptionalLong.of(Long.parseLong(version));
    }

    /** The key in {@code path}, percent-decoded. */
    private static String key(String path) {
        return percentDecode(path.substring(KEYS.length()));
    }

    /**
     * Percent-decodes a piece of a URL path into text, strictly: the bytes must be UTF-8, and a
     * {@code +} is a plus sign (it means a space only in a query string). A key is text and a URL
     * carries bytes, so bytes that are not UTF-8 are refused rather than guessed at.
     */
    static String percentDecode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new HttpStatusException(HttpResponseStatus.BAD_REQUEST, "bad percent-escape in the key at index " + i);
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                // Netty reads the request line one byte per char, so each char here is one byte.
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new HttpStatusException(HttpResponseStatus.BAD_REQUEST, "the key is not UTF-8 once percent-decoded");
        }
    }
}
