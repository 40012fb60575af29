package io.patrickdb.rest;

import static io.patrickdb.rest.RestStack.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.patrickdb.index.Limits;
import io.patrickdb.index.Versioned;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The single-key routes, stats, and the errors every route shares, over real HTTP. */
@Tag("chapter2.part7")
class KeyRoutesTest {
    @TempDir
    static Path dir;
    static RestStack stack;

    @BeforeAll
    static void start() {
        stack = RestStack.start(dir);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** What the binary server holds for {@code key}: the gateway must have stored exactly this. */
    static Optional<Versioned> stored(String key) {
        return stack.client.get(key).join();
    }

    static void assertJsonError(HttpResponse<byte[]> response, int status) {
        assertThat(response.statusCode()).as(RestStack.text(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(response);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error").asText()).isNotBlank();
    }

    @Test
    void putGetDeleteRoundTripsEveryByteValue() {
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }

        HttpResponse<byte[]> put = stack.put("/v1/keys/every-byte", value);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.headers().firstValue("Content-Type")).hasValue("application/json");
        long version = json(put).get("version").asLong();
        assertThat(json(put).get("key").asText()).isEqualTo("every-byte");
        assertThat(stored("every-byte")).map(Versioned::value).hasValueSatisfying(v -> assertThat(v).isEqualTo(value));

        HttpResponse<byte[]> get = stack.get("/v1/keys/every-byte");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(value);
        assertThat(get.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(get.headers().firstValue("X-Patrickdb-Version")).hasValue(Long.toString(version));
        assertThat(get.headers().firstValue("X-Patrickdb-Expires-At")).isEmpty();

        assertThat(stack.delete("/v1/keys/every-byte").statusCode()).isEqualTo(204);
        assertJsonError(stack.get("/v1/keys/every-byte"), 404);
        assertJsonError(stack.delete("/v1/keys/every-byte"), 404);
        assertThat(stored("every-byte")).isEmpty();
    }

    @Test
    void anEmptyBodyIsAnEmptyValue() {
        assertThat(stack.put("/v1/keys/empty", new byte[0]).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> get = stack.get("/v1/keys/empty");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEmpty();
    }

    @Test
    void aWriteReplacesTheValueAndRaisesTheVersion() {
        long first = json(stack.put("/v1/keys/twice", "one")).get("version").asLong();
        long second = json(stack.put("/v1/keys/twice", "two")).get("version").asLong();
        assertThat(second).isGreaterThan(first);
        HttpResponse<byte[]> get = stack.get("/v1/keys/twice");
        assertThat(RestStack.text(get)).isEqualTo("two");
        assertThat(get.headers().firstValue("X-Patrickdb-Version")).hasValue(Long.toString(second));
    }

    @Test
    void keysArePercentDecodedUtf8() {
        String key = "café/ключ/\uD83D\uDD11"; // é, Cyrillic, and a key emoji outside the BMP
        String path = "/v1/keys/" + percentEncode(key);
        assertThat(path).doesNotContain("é");

        assertThat(stack.put(path, "unicode").statusCode()).isEqualTo(200);

        assertThat(stored(key)).isPresent();
        assertThat(RestStack.text(stack.get(path))).isEqualTo("unicode");
        // An encoded slash and a plain one name the same key: everything after /v1/keys/ is the key.
        assertThat(RestStack.text(stack.get("/v1/keys/caf%C3%A9%2F%D0%BA%D0%BB%D1%8E%D1%87/%F0%9F%94%91"))).isEqualTo("unicode");
        assertThat(stack.put("/v1/keys/json.json", "{\"x\":1}").statusCode()).isEqualTo(200);
        assertThat(RestStack.json(stack.get("/v1/keys/json.json")).get("x").asInt()).isEqualTo(1);
    }

    @Test
    void aPlusInThePathIsAPlus() {
        assertThat(stack.put("/v1/keys/a+b", "plus").statusCode()).isEqualTo(200);
        assertThat(stored("a+b")).isPresent();
        assertThat(RestStack.text(stack.get("/v1/keys/a%2Bb"))).isEqualTo("plus");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%FF", "%C3", "%C3%28", "bad%20key", "tab%09", "nul%00"})
    void aKeyThatIsNotValidTextIsRefused(String rawKey) {
        assertJsonError(stack.get("/v1/keys/" + rawKey), 400);
        assertJsonError(stack.put("/v1/keys/" + rawKey, "x"), 400);
        assertJsonError(stack.delete("/v1/keys/" + rawKey), 400);
    }

    @Test
    void anEmptyKeyOrOneTooLongIsRefusedByTheServer() {
        assertJsonError(stack.get("/v1/keys/"), 400);
        assertJsonError(stack.put("/v1/keys/", "x"), 400);
        String tooLong = "k".repeat(Limits.MAX_KEY_BYTES + 1);
        assertJsonError(stack.put("/v1/keys/" + tooLong, "x"), 400);
        assertThat(stack.put("/v1/keys/" + "k".repeat(Limits.MAX_KEY_BYTES), "x").statusCode()).isEqualTo(200);
    }

    @Test
    void aValueWithTtlExpires() {
        long before = System.currentTimeMillis();
        assertThat(stack.put("/v1/keys/short-lived?ttl=1", "soon gone").statusCode()).isEqualTo(200);

        HttpResponse<byte[]> get = stack.get("/v1/keys/short-lived");
        assertThat(get.statusCode()).isEqualTo(200);
        long expiresAt = Long.parseLong(get.headers().firstValue("X-Patrickdb-Expires-At").orElseThrow());
        assertThat(expiresAt).isBetween(before + 1000, System.currentTimeMillis() + 1000);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> stack.get("/v1/keys/short-lived").statusCode() == 404);
    }

    @Test
    void ttlZeroMeansNever() {
        assertThat(stack.put("/v1/keys/forever?ttl=0", "x").statusCode()).isEqualTo(200);
        assertThat(stack.get("/v1/keys/forever").headers().firstValue("X-Patrickdb-Expires-At")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1.5", "", "1e3", "99999999999", "2147483648", "%D9%A3"})
    void aBadTtlIsRefused(String ttl) {
        assertJsonError(stack.put("/v1/keys/bad-ttl?ttl=" + ttl, "x"), 400);
        assertThat(stored("bad-ttl")).isEmpty();
    }

    @Test
    void twoTtlsAreRefused() {
        assertJsonError(stack.put("/v1/keys/bad-ttl?ttl=1&ttl=2", "x"), 400);
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItReachesTheServer() {
        int limit = RestOptions.defaults().maxBodyBytes();
        long requestsBefore = stack.client.stats().join().get("requests");

        assertJsonError(stack.put("/v1/keys/big", new byte[limit + 1]), 413);

        assertThat(stack.client.stats().join().get("requests")).as("only the stats calls reached the server")
                .isEqualTo(requestsBefore + 1);
        assertThat(stored("big")).isEmpty();
        assertThat(stack.put("/v1/keys/big", new byte[limit]).statusCode()).isEqualTo(200);
        assertThat(stack.get("/v1/keys/big").body()).hasSize(limit);
    }

    @Test
    void ifMatchMakesAPutACompareAndSet() {
        HttpResponse<byte[]> created = stack.put("/v1/keys/cas", "first", "If-Match", "0");
        assertThat(created.statusCode()).isEqualTo(200);
        long version = json(created).get("version").asLong();

        HttpResponse<byte[]> notAbsent = stack.put("/v1/keys/cas", "again", "If-Match", "0");
        assertJsonError(notAbsent, 412);
        assertThat(json(notAbsent).get("version").asLong()).isEqualTo(version);

        HttpResponse<byte[]> stale = stack.put("/v1/keys/cas", "stale", "If-Match", Long.toString(version - 1));
        assertJsonError(stale, 412);
        assertThat(json(stale).get("version").asLong()).isEqualTo(version);

        HttpResponse<byte[]> matched = stack.put("/v1/keys/cas", "second", "If-Match", Long.toString(version));
        assertThat(matched.statusCode()).isEqualTo(200);
        assertThat(json(matched).get("version").asLong()).isGreaterThan(version);
        assertThat(RestStack.text(stack.get("/v1/keys/cas"))).isEqualTo("second");

        assertJsonError(stack.put("/v1/keys/cas-absent", "x", "If-Match", "5"), 412);
        assertThat(json(stack.put("/v1/keys/cas-absent", "x", "If-Match", "5")).get("version").asLong()).isZero();
        assertJsonError(stack.put("/v1/keys/cas", "x", "If-Match", "\"abc\""), 400);
        assertJsonError(stack.put("/v1/keys/cas", "x", "If-Match", "-1"), 400);
    }

    @Test
    void aKnownPathWithTheWrongMethodIs405WithAllow() {
        HttpResponse<byte[]> post = stack.send("POST", "/v1/keys/x", new byte[0]);
        assertJsonError(post, 405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, PUT, DELETE");

        HttpResponse<byte[]> getBatch = stack.get("/v1/batch");
        assertJsonError(getBatch, 405);
        assertThat(getBatch.headers().firstValue("Allow")).hasValue("POST");

        HttpResponse<byte[]> putStats = stack.send("PUT", "/v1/stats", new byte[0]);
        assertJsonError(putStats, 405);
        assertThat(putStats.headers().firstValue("Allow")).hasValue("GET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/v1", "/v1/keys", "/v1/nothing", "/v2/keys/x", "/v1/stats/x", "/v1/batch/"})
    void anUnknownPathIs404(String path) {
        assertJsonError(stack.get(path), 404);
    }

    @Test
    void statsAreTheServersCounters() {
        stack.put("/v1/keys/counted", "x");
        HttpResponse<byte[]> response = stack.get("/v1/stats");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode stats = json(response);
        assertThat(stats.get("keys").asLong()).isPositive();
        assertThat(stats.get("requests").asLong()).isPositive();
        assertThat(stats.get("connections").asLong()).isPositive();
        assertThat(stats.properties()).allSatisfy(counter -> assertThat(counter.getValue().isIntegralNumber()).isTrue());
    }

    /** Percent-encodes every byte of {@code key}'s UTF-8 that is not a letter, digit or slash. */
    static String percentEncode(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '/' || c == '-' || c == '.')) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
