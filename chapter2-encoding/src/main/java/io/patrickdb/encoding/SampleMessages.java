package io.patrickdb.encoding;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages the comparison encodes, with values of a realistic shape: a short key, a value of
 * a few dozen bytes, a version and an expiry time of today's magnitude (so the binary encoding's
 * fixed eight-byte {@code i64}s are not flattered by small numbers).
 */
public final class SampleMessages {

    /** A message with a name for the table. */
    public record Sample(String name, Message message) {
    }

    private static final long VERSION = 1_048_576L;
    private static final long EXPIRES_AT = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final int MULTI_GET_KEYS = 10;

    private SampleMessages() {
    }

    /** The three messages, in the order the table shows them. */
    public static List<Sample> all() {
        return List.of(
                new Sample("put request", put()),
                new Sample("get response", get()),
                new Sample("multi-get response, " + MULTI_GET_KEYS + " keys", multiGet()));
    }

    /** A put of a profile fragment that expires in a minute. */
    public static PutRequest put() {
        return new PutRequest("user:1042:profile", value(1042), 60_000);
    }

    /** The get response that finds that fragment. */
    public static GetResponse get() {
        return new GetResponse(value(1042), VERSION, EXPIRES_AT);
    }

    /** Ten entries; every fifth key has no value, to show how each encoding writes "absent". */
    public static MultiGetResponse multiGet() {
        List<MultiGetResponse.Entry> entries = new ArrayList<>();
        for (int i = 0; i < MULTI_GET_KEYS; i++) {
            entries.add(i % 5 == 4 ? null : new MultiGetResponse.Entry(value(1000 + i), VERSION + i, EXPIRES_AT));
        }
        return new MultiGetResponse(entries);
    }

    /** 40-odd bytes of text, as a cached profile fragment might be. */
    private static byte[] value(int user) {
        return ("{\"user\":" + user + ",\"name\":\"Ada Lovelace\",\"plan\":\"pro\"}").getBytes(StandardCharsets.UTF_8);
    }
}
