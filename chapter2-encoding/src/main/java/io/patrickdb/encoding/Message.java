package io.patrickdb.encoding;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;

/**
 * One of the three messages the comparison encodes: {@link PutRequest}, {@link GetResponse},
 * {@link MultiGetResponse}. They carry the same fields as the protocol's {@code Request.Put},
 * {@code Response.Get} and {@code Response.MultiGet}, but as plain data that Jackson and Java
 * serialization can handle: {@link Serializable}, no {@code Optional}, no {@code Duration}.
 *
 * <p>A decoder must be able to tell which message it holds, so each encoding says so somewhere:
 * the binary frame in its op code and response flag, Java serialization with the class name, and
 * JSON with the {@code "type"} property these annotations add.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PutRequest.class, name = "put"),
        @JsonSubTypes.Type(value = GetResponse.class, name = "get"),
        @JsonSubTypes.Type(value = MultiGetResponse.class, name = "multi-get")
})
public sealed interface Message extends Serializable permits PutRequest, GetResponse, MultiGetResponse {
}
