package io.patrickdb.rest;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer to one HTTP request, as the routes produce it: a status, a body and a few headers.
 * It is a plain value, free of Netty's reference-counted buffers, so a route can build it on any
 * thread and the connection turns it into a {@link FullHttpResponse} when its turn comes.
 *
 * @param status      the HTTP status
 * @param contentType the body's media type, or {@code null} for no body
 * @param headers     further headers, such as {@code X-Patrickdb-Version} or {@code Allow}
 * @param body        the body's bytes (empty for no body)
 */
record RestResponse(HttpResponseStatus status, String contentType, Map<String, String> headers, byte[] body) {
    static final String JSON = "application/json";
    static final String OCTETS = "application/octet-stream";

    RestResponse {
        headers = Map.copyOf(headers);
    }

    /** {@code body} written as JSON. */
    static RestResponse json(HttpResponseStatus status, Object body) {
        return new RestResponse(status, JSON, Map.of(), Json.write(body));
    }

    /** Raw bytes, exactly as stored: no encoding, no escaping. */
    static RestResponse octets(byte[] value, Map<String, String> headers) {
        return new RestResponse(HttpResponseStatus.OK, OCTETS, headers, value);
    }

    /** 204: done, nothing to say. */
    static RestResponse noContent() {
        return new RestResponse(HttpResponseStatus.NO_CONTENT, null, Map.of(), new byte[0]);
    }

    /** The JSON error body every failure has: {@code {"error": message, "status": code}}. */
    static RestResponse error(HttpResponseStatus status, String message) {
        return json(status, new ErrorBody(message, status.code()));
    }

    /** This response with one more header. */
    RestResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new RestResponse(status, contentType, more, body);
    }

    /** The Netty message for this response, on a connection that stays open if {@code keepAlive}. */
    FullHttpResponse toHttp(HttpVersion version, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, status, Unpooled.wrappedBuffer(body));
        headers.forEach((name, value) -> response.headers().set(name, value));
        if (contentType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        // A 204 has no body by definition, and must not announce one.
        if (status.code() != HttpResponseStatus.NO_CONTENT.code()) {
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        // HTTP/1.1 keeps a connection open unless told "close"; HTTP/1.0 closes it unless told "keep-alive".
        HttpUtil.setKeepAlive(response, keepAlive);
        return response;
    }

    /** The body of every error response. */
    record ErrorBody(String error, int status) {
    }
}
