package io.patrickdb.rest;

import static io.patrickdb.rest.KeyRoutesTest.assertJsonError;
import static io.patrickdb.rest.RestStack.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the binary server gone, the gateway stays up and answers 503: try again later. */
@Tag("chapter2.part7")
class ServerDownTest {
    @TempDir
    Path dir;

    @Test
    void everyRouteAnswers503WhenTheServerIsStopped() {
        try (RestStack stack = RestStack.start(dir)) {
            assertThat(stack.put("/v1/keys/k", "before").statusCode()).isEqualTo(200);

            stack.stopServer();

            assertJsonError(stack.get("/v1/keys/k"), 503);
            assertJsonError(stack.put("/v1/keys/k", "after"), 503);
            assertJsonError(stack.delete("/v1/keys/k"), 503);
            assertJsonError(stack.get("/v1/stats"), 503);

            HttpResponse<byte[]> batch = stack.post("/v1/batch", "{\"operations\":[{\"op\":\"get\",\"key\":\"k\"},{\"op\":\"get\",\"key\":\"bad key\"}]}");
            assertThat(batch.statusCode()).isEqualTo(200);
            JsonNode results = json(batch).get("results");
            assertThat(results.get(0).get("status").asInt()).isEqualTo(503);
            assertThat(results.get(0).get("error").asText()).isNotBlank();
            assertThat(results.get(1).get("status").asInt()).as("the key is checked by the server, which is gone").isEqualTo(503);

            // The gateway itself is fine: what it can answer alone, it still answers.
            assertJsonError(stack.get("/v1/nothing"), 404);
            assertJsonError(stack.put("/v1/keys/k?ttl=-1", "x"), 400);
        }
    }
}
