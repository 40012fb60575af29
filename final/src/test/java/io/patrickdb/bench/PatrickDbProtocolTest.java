package io.patrickdb.bench;

import static io.patrickdb.bench.SplitReads.assertEverySplitParsesAs;
import static io.patrickdb.bench.SplitReads.encoded;
import static io.patrickdb.bench.SplitReads.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.patrickdb.cluster.ClusterProtocol;
import io.patrickdb.cluster.Moved;
import io.patrickdb.protocol.Header;
import io.patrickdb.protocol.OpCode;
import io.patrickdb.protocol.Protocol;
import io.patrickdb.protocol.Response;
import io.patrickdb.protocol.Status;
import io.patrickdb.protocol.TaggedFields;
import io.patrickdb.replication.quorum.QuorumNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The binary protocol against the examples of PROTOCOL.md §6, byte for byte. */
@Tag("final.bench")
class PatrickDbProtocolTest {
    private final PatrickDbProtocol protocol = new PatrickDbProtocol();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putIsEncodedAsInTheSpec() {
        assertThat(encoded(out -> protocol.encodeSet(out, 2, utf8("greeting"), utf8("hello")))).isEqualTo(hex("""
                50 44 00 00 00 1f   03 01 00 00 00 00 02
                08 67 72 65 65 74 69 6e 67   05 68 65 6c 6c 6f   00 00 00 00 00 00 00 00   00"""));
    }

    @Test
    void getsAreEncodedAsInTheSpec() {
        assertThat(encoded(out -> protocol.encodeGet(out, 3, utf8("greeting")))).isEqualTo(hex(
                "50 44 00 00 00 11   02 01 00 00 00 00 03   08 67 72 65 65 74 69 6e 67   00"));
        assertThat(encoded(out -> protocol.encodeGet(out, 4, utf8("missing")))).isEqualTo(hex(
                "50 44 00 00 00 10   02 01 00 00 00 00 04   07 6d 69 73 73 69 6e 67   00"));
    }

    @Test
    void aValueOf128BytesHasATwoByteLength() {
        byte[] frame = encoded(out -> protocol.encodeSet(out, 1, utf8("k"), new byte[128]));
        assertThat(frame).startsWith(hex("50 44 00 00 00 94  03 01 00 00 00 00 01  01 6b  80 01"));
        assertThat(frame).hasSize(6 + 0x94);
    }

    @Test
    void theSpecsResponsesAreReportedByRequestIdAtEverySplit() {
        byte[] responses = hex("""
                50 44 00 00 00 11   03 01 01 00 00 00 02   00   00 00 00 00 00 00 00 01   00
                50 44 00 00 00 09   02 01 01 00 00 00 04   01 00
                50 44 00 00 00 1f   02 01 01 00 00 00 03
                00   05 68 65 6c 6c 6f   00 00 00 00 00 00 00 01   00 00 00 00 00 00 00 00   00""");
        assertEverySplitParsesAs(protocol::newParser, responses, "ok 2", "ok 4", "ok 3");
    }

    @Test
    void errorStatusesAreCountedWithTheirMessage() {
        byte[] responses = hex("""
                50 44 00 00 00 13   03 01 01 00 00 00 07   47   09 64 69 73 6b 20 66 75 6c 6c   00
                50 44 00 00 00 09   03 01 01 00 00 00 08   01 00
                50 44 00 00 00 0c   2a 01 01 00 00 00 05   41   02 6e 6f   00""");
        assertEverySplitParsesAs(protocol::newParser, responses,
                "error 7: SERVER_ERROR: disk full", "error 8: undecodable response: status NOT_FOUND is not a possible answer here",
                "error 5: UNSUPPORTED_OPERATION: no");
    }

    @Test
    void aConnectionErrorFrameOrBadMagicStopsTheConnection() {
        byte[] connectionError = hex("50 44 00 00 00 0d   ff 00 01 00 00 00 00   46   03 62 75 73   00");
        assertThatThrownBy(() -> SplitReads.parse(protocol.newParser(), connectionError))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("UNAVAILABLE: bus");
        assertThatThrownBy(() -> SplitReads.parse(protocol.newParser(), SplitReads.ascii("HTTP/1.1 200 OK\r\n")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not a Patrick-DB frame");
    }

    /** The bytes of a partitioned node's answer to request {@code id}, a get, as its server writes them. */
    private static byte[] answer(int id, Response response) {
        return encoded(out -> ClusterProtocol.v1().writeResponse(out, Header.request(OpCode.GET, 1, id), response));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    @Test
    void movedIsARedirectToTheOwningGroupsNodesAndNotLeaderToTheLeaderAtEverySplit() {
        Response moved = new Moved(12182, "g3", 7, List.of("127.0.0.1:7005", "127.0.0.1:7007")).toError("key:0000000042", "g1n1");
        Response notLeader = new Response.Error(Status.NOT_LEADER, "g1n2 does not lead",
                TaggedFields.EMPTY.with(QuorumNode.LEADER_ADDRESS_TAG, Protocol.encode(w -> w.string("127.0.0.1:7001"))));
        byte[] answers = concat(answer(9, moved), answer(10, notLeader), answer(11, new Response.Get(Optional.empty())));
        assertEverySplitParsesAs(protocol::newParser, answers, "redirect 9: slot 12182 to [127.0.0.1:7005, 127.0.0.1:7007]",
                "redirect 10: slot -1 to [127.0.0.1:7001]", "ok 11");
    }

    @Test
    void aNotLeaderThatNamesNoLeaderAndUnavailableAreRetriesOfTheSameNode() {
        byte[] electing = concat(answer(3, new Response.Error(Status.NOT_LEADER, "no leader yet")),
                answer(4, new Response.Error(Status.UNAVAILABLE, "no quorum")), answer(5, new Response.Error(Status.INVALID_KEY, "no")));
        assertThat(SplitReads.parse(protocol.newParser(), electing)).containsExactly("redirect 3: slot -1 to []",
                "redirect 4: slot -1 to []", "error 5: INVALID_KEY: no");
    }
}
