package io.patrickdb.replication;

import io.patrickdb.client.ClientOptions;
import io.patrickdb.client.PatrickClient;
import io.patrickdb.index.Versioned;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A digest of every key's value and version on a node, read over the protocol with multi-gets:
 * two nodes with the same digest hold the same data, version for version.
 */
final class Digest {
    private Digest() {
    }

    static String of(int port, List<String> keys) {
        try (PatrickClient client = PatrickClient.connect(ClientOptions.to("127.0.0.1", port).withConnections(2))) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<CompletableFuture<Map<String, Versioned>>> parts = new ArrayList<>();
            for (int i = 0; i < keys.size(); i += 500) {
                parts.add(client.multiGet(keys.subList(i, Math.min(keys.size(), i + 500))));
            }
            int present = 0;
            for (int i = 0; i < parts.size(); i++) {
                Map<String, Versioned> found = parts.get(i).join();
                for (String key : keys.subList(i * 500, Math.min(keys.size(), i * 500 + 500))) {
                    Versioned v = found.get(key);
                    sha.update(key.getBytes());
                    if (v != null) {
                        present++;
                        sha.update(v.value());
                        sha.update(Long.toString(v.version()).getBytes());
                        sha.update(Long.toString(v.expiresAt()).getBytes());
                    } else {
                        sha.update((byte) 0);
                    }
                }
            }
            return present + " keys, sha-256 " + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
