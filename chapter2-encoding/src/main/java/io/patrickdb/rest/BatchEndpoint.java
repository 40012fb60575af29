package io.patrickdb.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.patrickdb.client.KeyValueClient;
import io.patrickdb.index.Versioned;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/batch}: many operations in one HTTP request.
 *
 * <pre>
 *   {"operations": [{"op": "get", "key": "a"},
 *                   {"op": "put", "key": "b", "value": "aGVsbG8=", "ttl": 60},
 *                   {"op": "delete", "key": "c"}]}
 *   -> {"results": [{"status": 200, "value": "aGVsbG8=", "version": 7},
 *                   {"status": 200, "version": 8},
 *                   {"status": 404, "error": "no value for key 'c'"}]}
 * </pre>
 *
 * <p>The operations are sent to the server all at once, pipelined by the client, and the
 * response is written when the last answer is in: the batch costs about one round trip to the
 * server, not one per operation. They run concurrently, so a batch is not a transaction and its
 * operations on the same key may run in any order. Results come back in the order of the
 * operations, each with the status the single-key route would have answered.
 *
 * <p>Values are base64 inside JSON, because JSON strings are text and values are bytes. That
 * costs a third more bytes and an encoding step each way, one reason the single-key routes send
 * values raw.
 */
final class BatchEndpoint {
    /** The most operations in one batch: bounds the work one request can start. */
    static final int MAX_OPERATIONS = 1000;

    private final KeyValueClient client;

    BatchEndpoint(KeyValueClient client) {
        this.client = client;
    }

    /** Runs every operation in {@code document}; 400 for the whole batch if the document is malformed. */
    CompletableFuture<RestResponse> run(byte[] document) {
        BatchRequest batch = parse(document);
        List<CompletableFuture<Result>> results = batch.operations().stream().map(this::run).toList();
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(done -> RestResponse.json(HttpResponseStatus.OK,
                        new BatchResponse(results.stream().map(CompletableFuture::join).toList())));
    }

    private static BatchRequest parse(byte[] document) {
        BatchRequest batch;
        try {
            batch = Json.read(document, BatchRequest.class);
        } catch (JsonProcessingException e) {
            throw badRequest("the batch is not valid JSON of the documented shape: " + e.getOriginalMessage());
        }
        if (batch == null || batch.operations() == null) {
            throw badRequest("a batch is a JSON object with an \"operations\" array");
        }
        if (batch.operations().size() > MAX_OPERATIONS) {
            throw badRequest("a batch has at most " + MAX_OPERATIONS + " operations, this one has " + batch.operations().size());
        }
        if (batch.operations().contains(null)) {
            throw badRequest("each operation must be an object, not null");
        }
        return batch;
    }

    /** One operation; never fails, because its failure is its result. */
    private CompletableFuture<Result> run(Operation operation) {
        try {
            return start(operation).exceptionally(Result::failed);
        } catch (RuntimeException e) {
            // Refused before reaching the client: a missing key, a bad ttl, a value too large.
            return CompletableFuture.completedFuture(Result.failed(e));
        }
    }

    private CompletableFuture<Result> start(Operation operation) {
        String op = operation.op() == null ? "" : operation.op();
        String key = operation.key();
        if (key == null) {
            throw badRequest("every operation needs a \"key\"");
        }
        return switch (op) {
            case "get" -> client.get(key)
                    .thenApply(found -> found.map(Result::found).orElseGet(() -> Result.notFound(key)));
            case "put" -> {
                byte[] value = value(operation);
                Duration ttl = operation.ttl() == null ? Duration.ZERO : KeyEndpoint.ttl(operation.ttl());
                yield client.put(key, value, ttl).thenApply(Result::stored);
            }
            case "delete" -> client.delete(key)
                    .thenApply(deleted -> deleted ? Result.deleted() : Result.notFound(key));
            default -> throw badRequest("\"op\" must be \"get\", \"put\" or \"delete\", was "
                    + (operation.op() == null ? "missing" : "\"" + op + "\""));
        };
    }

    /**
     * A put's value. Its size is the server's to judge (a value over the store's limit is a 413
     * result): the document it came in is already within the body limit, and base64 is larger
     * than the bytes it encodes.
     */
    private static byte[] value(Operation operation) {
        if (operation.value() == null) {
            throw badRequest("a put needs a \"value\" (base64)");
        }
        try {
            return Base64.getDecoder().decode(operation.value());
        } catch (IllegalArgumentException e) {
            throw badRequest("\"value\" is not base64: " + e.getMessage());
        }
    }

    private static HttpStatusException badRequest(String message) {
        return new HttpStatusException(HttpResponseStatus.BAD_REQUEST, message);
    }

    // ---- the documents, as Jackson reads and writes them ----------------------------------

    /** The request body. */
    record BatchRequest(List<Operation> operations) {
    }

    /**
     * One operation. {@code value} (base64) and {@code ttl} (seconds) are for {@code put} only;
     * {@code ttl} is a boxed {@code Long} so that "absent" and "0" can be told apart.
     */
    record Operation(String op, String key, String value, Long ttl) {
    }

    /** The response body: one result per operation, in the same order. */
    record BatchResponse(List<Result> results) {
    }

    /**
     * One operation's outcome. Only the fields that apply are written: a get has a value and a
     * version, a put a version, a failure an error.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(int status, String value, Long version, Long expiresAt, String error) {

        static Result found(Versioned v) {
            return new Result(200, Base64.getEncoder().encodeToString(v.value()), v.version(),
                    v.expiresAt() == 0 ? null : v.expiresAt(), null);
        }

        static Result stored(long version) {
            return new Result(200, null, version, null, null);
        }

        static Result deleted() {
            return new Result(204, null, null, null, null);
        }

        static Result notFound(String key) {
            return new Result(404, null, null, null, "no value for key '" + key + "'");
        }

        static Result failed(Throwable failure) {
            return new Result(HttpErrors.statusOf(failure).code(), null, null, null, HttpErrors.messageOf(failure));
        }
    }
}
