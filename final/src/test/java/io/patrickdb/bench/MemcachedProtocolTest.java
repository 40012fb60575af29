package io.patrickdb.bench;

import static io.patrickdb.bench.SplitReads.ascii;
import static io.patrickdb.bench.SplitReads.assertEverySplitParsesAs;
import static io.patrickdb.bench.SplitReads.encoded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Memcached's text protocol, as memcached 1.6 writes it. */
@Tag("final.bench")
class MemcachedProtocolTest {
    private final MemcachedProtocol protocol = new MemcachedProtocol();

    @Test
    void commandsAreLinesWithLengthPrefixedData() {
        assertThat(encoded(out -> protocol.encodeGet(out, 1, ascii("key:0000000042"))))
                .isEqualTo(ascii("get key:0000000042\r\n"));
        assertThat(encoded(out -> protocol.encodeSet(out, 2, ascii("k"), ascii("a\r\nb"))))
                .isEqualTo(ascii("set k 0 0 4\r\na\r\nb\r\n"));
    }

    @Test
    void hitsMissesAndStoresAreCountedInOrderAtEverySplit() {
        // The second value holds "\r\nEND\r\n": the byte count, not the text, says where it ends.
        byte[] answers = ascii("VALUE key:0000000001 0 5\r\nhello\r\nEND\r\n"
                + "END\r\n"
                + "STORED\r\n"
                + "VALUE k 0 8\r\na\r\nEND\r\n\r\nEND\r\n"
                + "VALUE k 7 2 99\r\nhi\r\nEND\r\n");
        assertEverySplitParsesAs(protocol::newParser, answers, "ok 1", "ok 2", "ok 3", "ok 4", "ok 5");
    }

    @Test
    void errorsAreCounted() {
        byte[] answers = ascii("ERROR\r\nSTORED\r\nCLIENT_ERROR bad data chunk\r\n"
                + "SERVER_ERROR out of memory storing object\r\nNOT_STORED\r\nEND\r\n");
        assertEverySplitParsesAs(protocol::newParser, answers, "error 1: ERROR", "ok 2",
                "error 3: CLIENT_ERROR bad data chunk", "error 4: SERVER_ERROR out of memory storing object",
                "error 5: NOT_STORED", "ok 6");
    }

    @Test
    void linesThatAreNotAnAnswerStopTheConnection() {
        assertThatThrownBy(() -> SplitReads.parse(protocol.newParser(), ascii("+OK\r\n")))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> SplitReads.parse(protocol.newParser(), ascii("VALUE k 0 1\r\nxy\r\nEND\r\n")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("END");
    }
}
