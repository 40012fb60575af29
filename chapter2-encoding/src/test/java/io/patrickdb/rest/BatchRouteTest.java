package io.patrickdb.rest;

import static io.patrickdb.rest.RestStack.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patrickdb.index.StoreOptions;
import io.patrickdb.index.Versioned;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/batch}: per-operation results in order, and whole-request errors. */
@Tag("chapter2.part7")
class BatchRouteTest {
    /** A small value limit in the store, so that a value too large fits in a batch document. */
    static final int STORE_VALUE_LIMIT = 1024;

    @TempDir
    static Path dir;
    static RestStack stack;

    @BeforeAll
    static void start() {
        stack = RestStack.start(StoreOptions.in(dir).withMaxValueBytes(STORE_VALUE_LIMIT), RestOptions.defaults());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode batch(String document) {
        HttpResponse<byte[]> response = stack.post("/v1/batch", document);
        assertThat(response.statusCode()).as(RestStack.text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return json(response).get("results");
    }

    @Test
    void everyOperationGetsItsOwnResultInOrder() {
        long aVersion = stack.client.put("a", "hello".getBytes(StandardCharsets.UTF_8)).join();
        stack.client.put("doomed", new byte[] {1}).join();
        byte[] binary = {0, (byte) 0xff, 10, 13, '"', '\\'};
        String tooLarge = Base64.getEncoder().encodeToString(new byte[STORE_VALUE_LIMIT + 1]);

        JsonNode results = batch("""
                {"operations": [
                  {"op": "get", "key": "a"},
                  {"op": "put", "key": "b", "value": "%s", "ttl": 60},
                  {"op": "delete", "key": "c"},
                  {"op": "delete", "key": "doomed"},
                  {"op": "put", "key": "bad key", "value": "eA=="},
                  {"op": "put", "key": "huge", "value": "%s"},
                  {"op": "put", "key": "no-value"},
                  {"op": "put", "key": "not-base64", "value": "***"},
                  {"op": "put", "key": "negative", "value": "eA==", "ttl": -5},
                  {"op": "frobnicate", "key": "a"},
                  {"op": "get"},
                  {"key": "a"}
                ]}""".formatted(Base64.getEncoder().encodeToString(binary), tooLarge));

        assertThat(results).hasSize(12);
        assertThat(results.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(results.get(0).get("value").asText()).isEqualTo(base64("hello"));
        assertThat(results.get(0).get("version").asLong()).isEqualTo(aVersion);
        assertThat(results.get(0).has("expiresAt")).isFalse();
        assertThat(results.get(0).has("error")).isFalse();

        assertThat(results.get(1).get("status").asInt()).isEqualTo(200);
        Versioned b = stack.client.get("b").join().orElseThrow();
        assertThat(b.value()).isEqualTo(binary);
        assertThat(b.expiresAt()).isPositive();
        assertThat(results.get(1).get("version").asLong()).isEqualTo(b.version());

        assertThat(results.get(2).get("status").asInt()).isEqualTo(404);
        assertThat(results.get(2).get("error").asText()).contains("c");
        assertThat(results.get(3).get("status").asInt()).isEqualTo(204);
        assertThat(stack.client.get("doomed").join()).isEmpty();

        int[] expected = {200, 200, 404, 204, 400, 413, 400, 400, 400, 400, 400, 400};
        for (int i = 0; i < expected.length; i++) {
            JsonNode result = results.get(i);
            assertThat(result.get("status").asInt()).as("result %d: %s", i, result).isEqualTo(expected[i]);
            if (expected[i] >= 400) {
                assertThat(result.get("error").asText()).as("result %d", i).isNotBlank();
            }
        }
        assertThat(stack.client.get("huge").join()).isEmpty();
        assertThat(stack.client.get("negative").join()).isEmpty();
    }

    @Test
    void aGetInABatchShowsTheExpiry() {
        stack.put("/v1/keys/expiring?ttl=600", "x");
        JsonNode result = batch("{\"operations\":[{\"op\":\"get\",\"key\":\"expiring\"}]}").get(0);
        assertThat(result.get("expiresAt").asLong()).isGreaterThan(System.currentTimeMillis());
    }

    @Test
    void aThousandOperationsRunConcurrentlyAndComeBackInOrder() {
        ObjectNode document = RestStack.JSON.createObjectNode();
        ArrayNode operations = document.putArray("operations");
        for (int i = 0; i < BatchEndpoint.MAX_OPERATIONS; i++) {
            operations.addObject().put("op", "put").put("key", "many-" + i).put("value", base64("value " + i));
        }
        JsonNode puts = batch(document.toString());
        assertThat(puts).hasSize(BatchEndpoint.MAX_OPERATIONS).allSatisfy(r -> assertThat(r.get("status").asInt()).isEqualTo(200));

        operations.removeAll();
        for (int i = 0; i < BatchEndpoint.MAX_OPERATIONS; i++) {
            operations.addObject().put("op", "get").put("key", "many-" + i);
        }
        JsonNode gets = batch(document.toString());
        for (int i = 0; i < BatchEndpoint.MAX_OPERATIONS; i++) {
            assertThat(gets.get(i).get("value").asText()).isEqualTo(base64("value " + i));
            assertThat(gets.get(i).get("version").asLong()).isEqualTo(puts.get(i).get("version").asLong());
        }
    }

    @Test
    void moreThanTheLimitOfOperationsIsRefusedWhole() {
        StringBuilder document = new StringBuilder("{\"operations\":[");
        for (int i = 0; i <= BatchEndpoint.MAX_OPERATIONS; i++) {
            document.append(i == 0 ? "" : ",").append("{\"op\":\"put\",\"key\":\"over-").append(i).append("\",\"value\":\"eA==\"}");
        }
        HttpResponse<byte[]> response = stack.post("/v1/batch", document.append("]}").toString());
        KeyRoutesTest.assertJsonError(response, 400);
        assertThat(stack.client.get("over-1").join()).as("nothing ran").isEmpty();
    }

    @Test
    void anEmptyBatchHasNoResults() {
        assertThat(batch("{\"operations\":[]}")).isEmpty();
    }

    @Test
    void unknownFieldsAreIgnoredForEvolvability() {
        JsonNode results = batch("{\"operations\":[{\"op\":\"get\",\"key\":\"a\",\"consistency\":\"strong\"}],\"traceId\":\"x\"}");
        assertThat(results).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "",
            "{}",
            "null",
            "[]",
            "{\"operations\": 5}",
            "{\"operations\": {}}",
            "{\"operations\": [null]}",
            "{\"operations\": [5]}",
            "{\"operations\": [{\"op\": \"put\", \"key\": \"k\", \"value\": \"eA==\", \"ttl\": \"60\"}]}",
            "{\"operations\": [{\"op\": \"put\", \"key\": \"k\", \"value\": \"eA==\", \"ttl\": 1.5}]}",
            "{\"operations\": [{\"op\": \"get\", \"key\": \"k\"}]} trailing",
            "{\"operations\": [{\"op\": \"get\", \"key\": \"k\"}"
    })
    void aMalformedDocumentIsRefusedWhole(String document) {
        KeyRoutesTest.assertJsonError(stack.post("/v1/batch", document), 400);
        assertThat(stack.client.get("k").join()).isEmpty();
    }

    @Test
    void aDocumentOverTheBodyLimitIs413() {
        String value = "A".repeat(RestOptions.defaults().maxBodyBytes());
        KeyRoutesTest.assertJsonError(stack.post("/v1/batch",
                "{\"operations\":[{\"op\":\"put\",\"key\":\"k\",\"value\":\"" + value + "\"}]}"), 413);
    }
}
