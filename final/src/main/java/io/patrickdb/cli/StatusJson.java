package io.patrickdb.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code patrickdb status --json}: the replication status (part A's or a quorum node's) as one JSON object, for scripts. */
final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    static String of(Object status) {
        try {
            return JSON.writeValueAsString(status); // records serialize by their components
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status record did not serialize", e);
        }
    }
}
