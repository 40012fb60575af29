package io.patrickdb.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the gateway treats HTTP connections: keep-alive, {@code Connection: close}, pipelining,
 * many clients at once, and requests that are not HTTP or are too large.
 */
@Tag("chapter2.part7")
class HttpConnectionTest {
    @TempDir
    static Path dir;
    static RestStack stack;

    @BeforeAll
    static void start() {
        stack = RestStack.start(dir);
        for (int i = 0; i < 10; i++) {
            stack.client.put("known-" + i, ("value " + i).getBytes(StandardCharsets.UTF_8)).join();
        }
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    RawHttp connect() {
        return new RawHttp(stack.gateway.port());
    }

    static String get(String path, String... headers) {
        return request("GET", path, "", headers);
    }

    static String request(String method, String path, String body, String... headers) {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: test\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        if (!body.isEmpty() || method.equals("PUT")) {
            request.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        return request.append("\r\n").append(body).toString();
    }

    @Test
    void oneConnectionCarriesRequestAfterRequest() {
        try (RawHttp http = connect()) {
            for (int i = 0; i < 10; i++) {
                http.send(get("/v1/keys/known-" + i));
                RawHttp.Response response = http.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("value " + i);
                assertThat(response.headers()).doesNotContainKey("connection");
            }
            http.send(get("/v1/keys/absent"));
            assertThat(http.read().status()).isEqualTo(404);
            http.send(request("PUT", "/v1/keys/raw-put", "raw"));
            assertThat(http.read().status()).isEqualTo(200);
            http.send(get("/v1/keys/raw-put"));
            assertThat(http.read().text()).isEqualTo("raw");
        }
    }

    @Test
    void connectionCloseIsHonoured() {
        try (RawHttp http = connect()) {
            http.send(get("/v1/keys/known-1", "Connection: close"));
            RawHttp.Response response = http.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("connection", "close");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() {
        try (RawHttp http = connect()) {
            http.send("GET /v1/keys/known-2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawHttp.Response kept = http.read();
            assertThat(kept.text()).isEqualTo("value 2");
            assertThat(kept.headers()).containsEntry("connection", "keep-alive");

            http.send("GET /v1/keys/known-3 HTTP/1.0\r\n\r\n");
            assertThat(http.read().text()).isEqualTo("value 3");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    /**
     * Puts wait for the writer thread while gets are answered at once from memory, so the
     * server answers these out of order; the gateway must still answer in request order.
     */
    @Test
    void pipelinedRequestsAreAnsweredInRequestOrder() {
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            requests.append(request("PUT", "/v1/keys/piped-" + i, "piped " + i));
            requests.append(get("/v1/keys/known-" + i));
            requests.append(get("/v1/keys/absent-" + i));
            requests.append(request("POST", "/v1/batch", "{\"operations\":[{\"op\":\"get\",\"key\":\"known-" + i + "\"}]}"));
        }
        requests.append(get("/v1/keys/piped-9", "Connection: close"));
        requests.append(get("/v1/keys/known-0")); // after "close": never answered

        try (RawHttp http = connect()) {
            http.send(requests.toString());
            for (int i = 0; i < 10; i++) {
                RawHttp.Response put = http.read();
                assertThat(put.status()).isEqualTo(200);
                assertThat(put.json().get("key").asText()).isEqualTo("piped-" + i);
                assertThat(http.read().text()).isEqualTo("value " + i);
                assertThat(http.read().status()).isEqualTo(404);
                RawHttp.Response batch = http.read();
                assertThat(batch.text()).contains(Base64.getEncoder().encodeToString(("value " + i).getBytes(StandardCharsets.UTF_8)));
            }
            RawHttp.Response last = http.read();
            assertThat(last.text()).isEqualTo("piped 9");
            assertThat(last.headers()).containsEntry("connection", "close");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    /** HTTP runs pipelined requests in parallel only while they change nothing: a read sees the write before it. */
    @Test
    void aPipelinedReadSeesThePipelinedWriteBeforeIt() {
        try (RawHttp http = connect()) {
            http.send(request("PUT", "/v1/keys/rw", "one") + get("/v1/keys/rw")
                    + request("PUT", "/v1/keys/rw", "two") + get("/v1/keys/rw") + get("/v1/keys/rw")
                    + request("DELETE", "/v1/keys/rw", "") + get("/v1/keys/rw"));
            assertThat(http.read().status()).isEqualTo(200);
            assertThat(http.read().text()).isEqualTo("one");
            assertThat(http.read().status()).isEqualTo(200);
            assertThat(http.read().text()).isEqualTo("two");
            assertThat(http.read().text()).isEqualTo("two");
            assertThat(http.read().status()).isEqualTo(204);
            assertThat(http.read().status()).isEqualTo(404);
        }
    }

    @Test
    void manyConcurrentRequestsAllGetTheirOwnAnswers() {
        int n = 32;
        List<CompletableFuture<HttpResponse<byte[]>>> puts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            puts.add(stack.sendAsync(HttpRequest.newBuilder(stack.uri("/v1/keys/concurrent-" + i))
                    .PUT(HttpRequest.BodyPublishers.ofString("concurrent " + i))));
        }
        assertThat(puts).allSatisfy(put -> assertThat(put.join().statusCode()).isEqualTo(200));

        List<CompletableFuture<HttpResponse<byte[]>>> gets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            gets.add(stack.sendAsync(HttpRequest.newBuilder(stack.uri("/v1/keys/concurrent-" + i)).GET()));
        }
        for (int i = 0; i < n; i++) {
            assertThat(RestStack.text(gets.get(i).join())).isEqualTo("concurrent " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /v1/stats HTTP/1.1\r\nHost: test\r\nContent-Length: abc\r\n\r\n",
            "PUT /v1/keys/x HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "GET /v1/stats HTTP/1.1\r\nHost: test\r\nBad Header: x\r\n\r\n",
    })
    void malformedHttpIs400AndTheConnectionCloses(String request) {
        try (RawHttp http = connect()) {
            http.send(request);
            RawHttp.Response response = http.read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.headers()).containsEntry("content-type", "application/json");
            assertThat(response.text()).contains("\"status\":400");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void aBadPercentEscapeIs400AndTheConnectionCarriesOn() {
        try (RawHttp http = connect()) {
            http.send(get("/v1/keys/%zz") + get("/v1/keys/%4") + get("/v1/keys/known-4"));
            assertThat(http.read().status()).isEqualTo(400);
            assertThat(http.read().status()).isEqualTo(400);
            assertThat(http.read().text()).isEqualTo("value 4");
        }
    }

    /** Refused from its Content-Length by the aggregator, its body skipped, and the next request answered. */
    @Test
    void aBodyFarOverTheLimitIs413AndTheConnectionCarriesOn() {
        int size = 3 * RestOptions.defaults().maxBodyBytes();
        try (RawHttp http = connect()) {
            http.send("PUT /v1/keys/huge HTTP/1.1\r\nHost: test\r\nContent-Length: " + size + "\r\n\r\n");
            http.send(new byte[size]);
            http.send(get("/v1/keys/known-5"));

            RawHttp.Response refused = http.read();
            assertThat(refused.status()).isEqualTo(413);
            assertThat(refused.headers()).containsEntry("content-type", "application/json").doesNotContainKey("connection");
            assertThat(refused.text()).contains("\"status\":413");
            assertThat(http.read().text()).isEqualTo("value 5");
        }
        assertThat(stack.client.get("huge").join()).isEmpty();
    }
}
