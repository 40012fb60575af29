package io.patrickdb.replication.protocol;

import io.patrickdb.protocol.BodyReader;
import io.patrickdb.protocol.BodyWriter;
import io.patrickdb.protocol.MalformedFrameException;
import io.patrickdb.protocol.OperationCodec;
import io.patrickdb.protocol.Request;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * An {@link OperationCodec} made of four functions, for operations whose only successful status
 * is OK: each operation file of this package states its layout in four short lambdas instead of
 * a class of seven methods. Public for the operations of later chapters (chapter 4's cluster map).
 */
public final class SimpleCodec<Q extends Request, A extends Response> implements OperationCodec {
    private final int opCode;
    private final String name;
    private final Class<Q> requestType;
    private final Class<A> responseType;
    private final BiConsumer<Q, BodyWriter> writeRequest;
    private final Function<BodyReader, Q> readRequest;
    private final BiConsumer<A, BodyWriter> writeResponse;
    private final Function<BodyReader, A> readResponse;

    public SimpleCodec(int opCode, String name, Class<Q> requestType, BiConsumer<Q, BodyWriter> writeRequest,
                Function<BodyReader, Q> readRequest, Class<A> responseType, BiConsumer<A, BodyWriter> writeResponse,
                Function<BodyReader, A> readResponse) {
        this.opCode = opCode;
        this.name = name;
        this.requestType = requestType;
        this.responseType = responseType;
        this.writeRequest = writeRequest;
        this.readRequest = readRequest;
        this.writeResponse = writeResponse;
        this.readResponse = readResponse;
    }

    @Override
    public int opCode() {
        return opCode;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void writeRequest(Request request, BodyWriter out) {
        writeRequest.accept(requestType.cast(request), out);
        out.noTags();
    }

    @Override
    public Request readRequest(BodyReader in) {
        Q request = readRequest.apply(in);
        in.tags(); // tags this version does not know are skipped, as PROTOCOL.md's rule 2 says
        return request;
    }

    @Override
    public void writeResponse(Response response, BodyWriter out) {
        writeResponse.accept(responseType.cast(response), out);
        out.noTags();
    }

    @Override
    public Response readResponse(Status status, BodyReader in) {
        if (!status.equals(Status.OK)) {
            throw new MalformedFrameException("status " + status + " is not a possible answer to " + name);
        }
        A response = readResponse.apply(in);
        in.tags();
        return response;
    }
}
