package io.patrickdb.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.index.LogStructuredStore;
import io.patrickdb.index.StoreOptions;
import io.patrickdb.server.PatrickServer;
import io.patrickdb.server.ServerOptions;
import io.patrickdb.server.Service;
import io.patrickdb.server.StoreService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The whole stack a REST test talks to, started on ports the OS picks: a store, the binary
 * server over it, a client, and the gateway using that client. Also an HTTP client to call the
 * gateway with, and a few shorthands for calling it.
 */
final class RestStack implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final LogStructuredStore store; // null for a stack over a stub service
    private final StoreService service;
    final PatrickServer server;
    final PatrickClient client;
    final RestGateway gateway;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // the gateway speaks HTTP/1.1 only; skip the h2c upgrade attempt
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private RestStack(LogStructuredStore store, StoreService service, PatrickServer server, RestOptions options) {
        this.store = store;
        this.service = service;
        this.server = server;
        this.client = PatrickClient.create(ClientOptions.to("127.0.0.1", server.port()));
        this.gateway = RestGateway.start(options, client);
    }

    /** A real store in {@code dir}, behind the server, the client and the gateway. */
    static RestStack start(Path dir) {
        return start(StoreOptions.in(dir), RestOptions.defaults());
    }

    static RestStack start(StoreOptions storeOptions, RestOptions restOptions) {
        LogStructuredStore store = LogStructuredStore.open(storeOptions);
        StoreService service = StoreService.over(store);
        PatrickServer server = PatrickServer.start(ServerOptions.defaults(), service);
        return new RestStack(store, service, server, restOptions);
    }

    /** A server that answers with {@code service} (a stub), behind the client and the gateway. */
    static RestStack over(Service service) {
        return new RestStack(null, null, PatrickServer.start(ServerOptions.defaults(), service), RestOptions.defaults());
    }

    /** Stops the binary server; the gateway stays up, with nothing behind it. */
    void stopServer() {
        server.close();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + gateway.port() + pathAndQuery);
    }

    // ---- calling the gateway ---------------------------------------------------------------

    HttpResponse<byte[]> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<byte[]> put(String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    HttpResponse<byte[]> put(String path, String body, String... headers) {
        return put(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    HttpResponse<byte[]> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    HttpResponse<byte[]> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Any method, with an optional body. */
    HttpResponse<byte[]> send(String method, String path, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<HttpResponse<byte[]>> sendAsync(HttpRequest.Builder request) {
        return http.sendAsync(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The response's body as JSON. */
    static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(response.body(), StandardCharsets.UTF_8), e);
        }
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        gateway.close();
        client.close();
        server.close(); // a no-op if stopServer() already closed it
        if (service != null) {
            service.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
