package io.patrickdb.bench;

import static io.patrickdb.bench.SplitReads.ascii;
import static io.patrickdb.bench.SplitReads.assertEverySplitParsesAs;
import static io.patrickdb.bench.SplitReads.encoded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** RESP, as Redis writes it. */
@Tag("final.bench")
class RespProtocolTest {
    private final RespProtocol protocol = new RespProtocol();

    @Test
    void commandsAreArraysOfBulkStrings() {
        assertThat(encoded(out -> protocol.encodeGet(out, 1, ascii("key:0000000042"))))
                .isEqualTo(ascii("*2\r\n$3\r\nGET\r\n$14\r\nkey:0000000042\r\n"));
        assertThat(encoded(out -> protocol.encodeSet(out, 2, ascii("k"), ascii("a\r\nb"))))
                .isEqualTo(ascii("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\na\r\nb\r\n"));
    }

    @Test
    void repliesAreCountedInOrderAtEverySplit() {
        // A value with CR LF inside: the length, not the line end, says where it stops.
        byte[] replies = ascii("$5\r\nhello\r\n$-1\r\n+OK\r\n$4\r\na\r\nb\r\n$0\r\n\r\n:1\r\n");
        assertEverySplitParsesAs(protocol::newParser, replies, "ok 1", "ok 2", "ok 3", "ok 4", "ok 5", "ok 6");
    }

    @Test
    void errorRepliesAreCounted() {
        byte[] replies = ascii("+OK\r\n-ERR wrong number of arguments for 'get' command\r\n"
                + "-OOM command not allowed when used memory > 'maxmemory'.\r\n$1\r\nx\r\n");
        assertEverySplitParsesAs(protocol::newParser, replies, "ok 1",
                "error 2: ERR wrong number of arguments for 'get' command",
                "error 3: OOM command not allowed when used memory > 'maxmemory'.", "ok 4");
    }

    @Test
    void aMovedReplyIsARedirectToTheSlotsNodeAtEverySplit() {
        byte[] replies = ascii("+OK\r\n-MOVED 3999 127.0.0.1:6381\r\n-MOVED 12182 :7002\r\n$1\r\nx\r\n");
        assertEverySplitParsesAs(protocol::newParser, replies, "ok 1", "redirect 2: slot 3999 to [127.0.0.1:6381]",
                "redirect 3: slot 12182 to [:7002]", "ok 4");
    }

    @Test
    void aMovedReplyThatNamesNoSlotAndNodeIsAnError() {
        assertThat(SplitReads.parse(protocol.newParser(), ascii("-MOVED\r\n-MOVED x 127.0.0.1:6381\r\n-MOVED 1 nowhere\r\n")))
                .containsExactly("error 1: MOVED", "error 2: MOVED x 127.0.0.1:6381", "error 3: MOVED 1 nowhere");
    }

    @Test
    void aMovedReplyToAClientThatDoesNotFollowRedirectsIsAnErrorWithRedissWords() {
        List<String> errors = new ArrayList<>();
        ResponseParser.Listener plain = new ResponseParser.Listener() {
            @Override
            public void response(int requestId) {
            }

            @Override
            public void error(int requestId, String message) {
                errors.add(requestId + " " + message);
            }
        };
        protocol.newParser().parse(Unpooled.wrappedBuffer(ascii("-MOVED 3999 127.0.0.1:6381\r\n")), plain);
        assertThat(errors).containsExactly("1 MOVED 3999 127.0.0.1:6381");
    }

    @Test
    void bytesThatAreNotAReplyStopTheConnection() {
        assertThatThrownBy(() -> SplitReads.parse(protocol.newParser(), ascii("VALUE k 0 1\r\n")))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> SplitReads.parse(protocol.newParser(), ascii("$3\r\nabcde\r\n")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("CR LF");
    }
}
