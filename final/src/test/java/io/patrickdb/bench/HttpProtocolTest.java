package io.patrickdb.bench;

import static io.patrickdb.bench.SplitReads.ascii;
import static io.patrickdb.bench.SplitReads.assertEverySplitParsesAs;
import static io.patrickdb.bench.SplitReads.encoded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Patrick-DB's REST API over HTTP/1.1, responses as a Netty HTTP server writes them. */
@Tag("final.bench")
class HttpProtocolTest {
    private final HttpProtocol protocol = new HttpProtocol("127.0.0.1:8080");

    @Test
    void requestsNameTheKeyInThePath() {
        assertThat(encoded(out -> protocol.encodeGet(out, 1, ascii("key:0000000042"))))
                .isEqualTo(ascii("GET /v1/keys/key:0000000042 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"));
        assertThat(encoded(out -> protocol.encodeSet(out, 2, ascii("k"), ascii("a\r\nb"))))
                .isEqualTo(ascii("PUT /v1/keys/k HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
                        + "Content-Type: application/octet-stream\r\nContent-Length: 4\r\n\r\na\r\nb"));
    }

    @Test
    void responsesAreCountedInOrderAtEverySplit() {
        byte[] responses = ascii("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 5\r\n\r\nhello"
                + "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n"
                + "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length:  4 \r\n\r\n\r\n\r\n");
        assertEverySplitParsesAs(protocol::newParser, responses, "ok 1", "ok 2", "ok 3", "ok 4");
    }

    @Test
    void errorStatusesAreCounted() {
        byte[] responses = ascii("HTTP/1.1 400 Bad Request\r\ncontent-length: 11\r\n\r\nkey too big"
                + "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"
                + "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n");
        assertEverySplitParsesAs(protocol::newParser, responses,
                "error 1: HTTP/1.1 400 Bad Request", "ok 2", "error 3: HTTP/1.1 503 Service Unavailable");
    }

    @Test
    void bodiesWithoutContentLengthAreRefused() {
        assertThatThrownBy(() -> SplitReads.parse(protocol.newParser(),
                ascii("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("Content-Length");
        assertThatThrownBy(() -> SplitReads.parse(protocol.newParser(), ascii("HTTP/1.1 200 OK\r\n\r\nhello")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("without Content-Length");
        assertThatThrownBy(() -> SplitReads.parse(protocol.newParser(), ascii("+OK\r\n")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("status line");
    }
}
