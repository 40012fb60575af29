package io.patrickdb.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.patrickdb.index.Limits;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds {@code openapi.yaml} to what the gateway does. Every response the spec documents (path,
 * method, status) has a scenario below that produces it over real HTTP, and every scenario's
 * status is one the spec documents, so adding a status to either side alone fails here. The
 * bodies are then checked against the spec's schemas: required properties present, types right,
 * and no property the spec does not mention.
 */
@Tag("chapter2.part7")
class OpenApiConformanceTest {
    static final String KEY = "/v1/keys/{key}";
    static final String BATCH = "/v1/batch";
    static final String STATS = "/v1/stats";
    static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    static JsonNode spec;
    static RestStack healthy;
    static RestStack failing; // the server answers every request SERVER_ERROR
    static RestStack stopped; // the server has been stopped
    static final Map<Scenario, HttpResponse<byte[]>> documentedResults = new LinkedHashMap<>();
    static final Map<Scenario, HttpResponse<byte[]>> undocumentedResults = new LinkedHashMap<>();

    /** A response the spec lists: this path template, method and status. */
    record Endpoint(String path, String method, int status) implements Comparable<Endpoint> {
        @Override
        public int compareTo(Endpoint o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return method + " " + path + " " + status;
        }
    }

    /** A request that should produce {@code status} at {@code path} (the spec's template) with {@code method}. */
    record Scenario(String path, String method, int status, Supplier<HttpResponse<byte[]>> call) {
        @Override
        public String toString() {
            return method + " " + path + " -> " + status;
        }
    }

    static List<Scenario> documented() {
        String big = "x".repeat(RestOptions.defaults().maxBodyBytes() + 1);
        return List.of(
                new Scenario(KEY, "GET", 200, () -> {
                    healthy.put("/v1/keys/conformance-get?ttl=600", "value");
                    return healthy.get("/v1/keys/conformance-get");
                }),
                new Scenario(KEY, "GET", 400, () -> healthy.get("/v1/keys/bad%20key")),
                new Scenario(KEY, "GET", 404, () -> healthy.get("/v1/keys/conformance-absent")),
                new Scenario(KEY, "GET", 500, () -> failing.get("/v1/keys/k")),
                new Scenario(KEY, "GET", 503, () -> stopped.get("/v1/keys/k")),

                new Scenario(KEY, "PUT", 200, () -> healthy.put("/v1/keys/conformance-put?ttl=60", "value")),
                new Scenario(KEY, "PUT", 400, () -> healthy.put("/v1/keys/conformance-put?ttl=soon", "value")),
                new Scenario(KEY, "PUT", 412, () -> healthy.put("/v1/keys/conformance-absent", "value", "If-Match", "12345")),
                new Scenario(KEY, "PUT", 413, () -> healthy.put("/v1/keys/conformance-big", big)),
                new Scenario(KEY, "PUT", 500, () -> failing.put("/v1/keys/k", "value")),
                new Scenario(KEY, "PUT", 503, () -> stopped.put("/v1/keys/k", "value")),

                new Scenario(KEY, "DELETE", 204, () -> {
                    healthy.put("/v1/keys/conformance-delete", "value");
                    return healthy.delete("/v1/keys/conformance-delete");
                }),
                new Scenario(KEY, "DELETE", 400, () -> healthy.delete("/v1/keys/bad%20key")),
                new Scenario(KEY, "DELETE", 404, () -> healthy.delete("/v1/keys/conformance-absent")),
                new Scenario(KEY, "DELETE", 500, () -> failing.delete("/v1/keys/k")),
                new Scenario(KEY, "DELETE", 503, () -> stopped.delete("/v1/keys/k")),

                new Scenario(BATCH, "POST", 200, () -> {
                    healthy.put("/v1/keys/conformance-batch?ttl=600", "value");
                    return healthy.post(BATCH, """
                            {"operations": [{"op": "get", "key": "conformance-batch"},
                                            {"op": "put", "key": "conformance-batch-2", "value": "%s", "ttl": 5},
                                            {"op": "delete", "key": "conformance-batch"},
                                            {"op": "get", "key": "conformance-absent"},
                                            {"op": "put", "key": "bad key", "value": "eA=="}]}"""
                            .formatted(Base64.getEncoder().encodeToString("v".getBytes(StandardCharsets.UTF_8))));
                }),
                new Scenario(BATCH, "POST", 400, () -> healthy.post(BATCH, "{\"operations\": \"all of them\"}")),
                new Scenario(BATCH, "POST", 413, () -> healthy.post(BATCH, "{\"operations\": [], \"padding\": \"" + big + "\"}")),

                new Scenario(STATS, "GET", 200, () -> healthy.get(STATS)),
                new Scenario(STATS, "GET", 500, () -> failing.get(STATS)),
                new Scenario(STATS, "GET", 503, () -> stopped.get(STATS)));
    }

    /** What the spec leaves out on purpose (see its description): unknown paths and methods. */
    static List<Scenario> undocumented() {
        return List.of(
                new Scenario("/v1/nothing", "GET", 404, () -> healthy.get("/v1/nothing")),
                new Scenario("/v1/keys", "GET", 404, () -> healthy.get("/v1/keys")),
                new Scenario(KEY, "POST", 405, () -> healthy.send("POST", "/v1/keys/k", new byte[0])),
                new Scenario(KEY, "PATCH", 405, () -> healthy.send("PATCH", "/v1/keys/k", new byte[0])),
                new Scenario(BATCH, "GET", 405, () -> healthy.get(BATCH)),
                new Scenario(BATCH, "PUT", 405, () -> healthy.send("PUT", BATCH, new byte[0])),
                new Scenario(STATS, "DELETE", 405, () -> healthy.delete(STATS)));
    }

    @BeforeAll
    static void runEveryScenario(@TempDir Path dir) throws IOException {
        spec = new ObjectMapper(new YAMLFactory()).readTree(Path.of("openapi.yaml").toFile());
        healthy = RestStack.start(dir);
        failing = RestStack.over(request -> CompletableFuture.completedFuture(new Response.Error(Status.SERVER_ERROR, "the disk is full")));
        stopped = RestStack.over(request -> CompletableFuture.completedFuture(new Response.Pong()));
        stopped.stopServer();
        documented().forEach(s -> documentedResults.put(s, s.call().get()));
        undocumented().forEach(s -> undocumentedResults.put(s, s.call().get()));
    }

    @AfterAll
    static void stop() {
        for (RestStack stack : Arrays.asList(healthy, failing, stopped)) {
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Test
    void theKeySchemaAcceptsExactlyTheKeysTheServerAccepts() {
        JsonNode key = spec.at("/components/schemas/Key");
        assertThat(spec.at("/components/parameters/Key/schema/$ref").asText()).isEqualTo("#/components/schemas/Key");
        assertThat(key.path("minLength").asInt()).isEqualTo(1);
        assertThat(key.path("maxLength").asInt()).isEqualTo(Limits.MAX_KEY_BYTES);
        // The pattern uses only syntax that ECMA-262 (what OpenAPI means) and java.util.regex share.
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(key.path("pattern").asText());
        List<String> samples = new ArrayList<>(List.of("k", "a/b", "user:42", "ключ", "日本", "emoji-\uD83D\uDE00", "x".repeat(250)));
        for (char c = 0; c < 0x3100; c++) {
            if (!Character.isSurrogate(c)) {
                samples.add("a" + c + "b"); // every character of the planes that hold spaces and controls
            }
        }
        samples.add("\uFEFF"); // a byte-order mark is not a space: both accept it
        for (String sample : samples) {
            boolean server = isValidKey(sample);
            assertThat(pattern.matcher(sample).find()).as("pattern on %s", escaped(sample)).isEqualTo(server);
        }
    }

    private static boolean isValidKey(String key) {
        try {
            Limits.checkKey(key);
            return true;
        } catch (io.patrickdb.index.InvalidKeyException e) {
            return false;
        }
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }

    @Test
    void everyScenarioProducesItsStatus() {
        Map<Scenario, HttpResponse<byte[]>> all = new LinkedHashMap<>(documentedResults);
        all.putAll(undocumentedResults);
        all.forEach((scenario, response) -> assertThat(response.statusCode())
                .as("%s answered %s", scenario, RestStack.text(response)).isEqualTo(scenario.status()));
    }

    @Test
    void theScenariosProduceExactlyTheResponsesTheSpecDocuments() {
        Set<Endpoint> produced = documentedResults.entrySet().stream()
                .map(e -> new Endpoint(e.getKey().path(), e.getKey().method(), e.getValue().statusCode()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(produced).containsExactlyElementsOf(documentedResponses());
    }

    @Test
    void everyDocumentedResponseMatchesItsSchema() {
        List<String> problems = new ArrayList<>();
        documentedResults.forEach((scenario, response) -> {
            JsonNode documented = resolve(operation(scenario.path(), scenario.method()).path("responses")
                    .path(Integer.toString(response.statusCode())));
            if (documented.isMissingNode()) {
                problems.add(scenario + ": status " + response.statusCode() + " is not in the spec");
            } else {
                check(scenario.toString(), documented, response, problems);
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void whatTheSpecLeavesOutIsReallyNotThere() {
        List<String> problems = new ArrayList<>();
        undocumentedResults.forEach((scenario, response) -> {
            if (!operation(scenario.path(), scenario.method()).isMissingNode()) {
                problems.add(scenario + ": the spec documents this operation");
            }
            check(scenario.toString(), resolve(spec.at("/components/responses/BadRequest")), response, problems);
            if (scenario.status() == 405) {
                Set<String> allowed = Arrays.stream(response.headers().firstValue("Allow").orElse("").split(","))
                        .map(String::trim).collect(Collectors.toCollection(TreeSet::new));
                assertThat(allowed).as("Allow on %s", scenario.path()).isEqualTo(documentedMethods(scenario.path()));
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theSpecsLimitsAreTheGatewaysLimits() {
        JsonNode schemas = spec.path("components").path("schemas");
        assertThat(schemas.at("/BatchRequest/properties/operations/maxItems").asInt()).isEqualTo(BatchEndpoint.MAX_OPERATIONS);
        assertThat(schemas.at("/Operation/properties/ttl/maximum").asLong()).isEqualTo(KeyEndpoint.MAX_TTL_SECONDS);
        JsonNode ttlParameter = null;
        for (JsonNode parameter : operation(KEY, "PUT").path("parameters")) {
            if (parameter.path("name").asText().equals("ttl")) {
                ttlParameter = parameter;
            }
        }
        assertThat(ttlParameter).isNotNull();
        assertThat(ttlParameter.at("/schema/maximum").asLong()).isEqualTo(KeyEndpoint.MAX_TTL_SECONDS);
    }

    // ---- reading the spec --------------------------------------------------------------------

    static Set<Endpoint> documentedResponses() {
        Set<Endpoint> endpoints = new TreeSet<>();
        spec.path("paths").properties().forEach(path -> {
            for (String method : METHODS) {
                path.getValue().path(method).path("responses").fieldNames().forEachRemaining(status ->
                        endpoints.add(new Endpoint(path.getKey(), method.toUpperCase(Locale.ROOT), Integer.parseInt(status))));
            }
        });
        return endpoints;
    }

    static Set<String> documentedMethods(String path) {
        return METHODS.stream().filter(m -> spec.path("paths").path(path).has(m))
                .map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
    }

    static JsonNode operation(String path, String method) {
        return spec.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
    }

    /** Follows a {@code $ref} (within this file) to what it names. */
    static JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = spec.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    /** Checks the response's media type, headers and body against the documented response. */
    static void check(String where, JsonNode documented, HttpResponse<byte[]> response, List<String> problems) {
        JsonNode content = documented.path("content");
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        if (content.isEmpty()) {
            if (response.body().length > 0 || contentType != null) {
                problems.add(where + ": a body (" + contentType + ") where the spec documents none");
            }
        } else if (contentType == null || !content.has(contentType)) {
            problems.add(where + ": Content-Type " + contentType + ", the spec says " + content.properties().iterator().next().getKey());
        } else if (contentType.equals("application/json")) {
            try {
                conforms(RestStack.JSON.readTree(response.body()), content.get(contentType).get("schema"), where + ": body", problems);
            } catch (IOException e) {
                problems.add(where + ": the body is not JSON: " + RestStack.text(response));
            }
        }
        documented.path("headers").properties().forEach(header -> {
            String value = response.headers().firstValue(header.getKey()).orElse(null);
            if (value == null && header.getValue().path("required").asBoolean()) {
                problems.add(where + ": lacks the required header " + header.getKey());
            }
            if (value != null && resolve(header.getValue().path("schema")).path("type").asText().equals("integer") && !value.matches("-?\\d+")) {
                problems.add(where + ": header " + header.getKey() + " is not an integer: " + value);
            }
        });
    }

    /** Checks {@code value} against {@code schema}: type, required and known properties, recursively. */
    static void conforms(JsonNode value, JsonNode schema, String where, List<String> problems) {
        JsonNode s = resolve(schema);
        switch (s.path("type").asText()) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(where + " is not an object: " + value);
                    return;
                }
                s.path("required").forEach(required -> {
                    if (!value.has(required.asText())) {
                        problems.add(where + " lacks the required property \"" + required.asText() + "\": " + value);
                    }
                });
                value.properties().forEach(property -> {
                    JsonNode propertySchema = s.path("properties").path(property.getKey());
                    if (propertySchema.isMissingNode()) {
                        propertySchema = s.path("additionalProperties");
                    }
                    if (propertySchema.isObject()) {
                        conforms(property.getValue(), propertySchema, where + "." + property.getKey(), problems);
                    } else {
                        problems.add(where + " has \"" + property.getKey() + "\", which the spec does not list");
                    }
                });
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + " is not an array: " + value);
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    conforms(value.get(i), s.path("items"), where + "[" + i + "]", problems);
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + " is not an integer: " + value);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + " is not a string: " + value);
                } else if (s.path("format").asText().equals("byte") && !isBase64(value.asText())) {
                    problems.add(where + " is not base64: " + value);
                } else if (s.has("pattern") && !java.util.regex.Pattern.compile(s.get("pattern").asText()).matcher(value.asText()).find()) {
                    problems.add(where + " does not match the pattern " + s.get("pattern").asText() + ": " + value);
                }
            }
            default -> problems.add(where + ": the test does not know the schema type of " + s);
        }
    }

    static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
