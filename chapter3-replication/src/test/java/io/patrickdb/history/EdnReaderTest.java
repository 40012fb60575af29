package io.patrickdb.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The EDN subset: what it reads, and that it refuses the rest by name instead of guessing. */
@Tag("chapter3.part1")
class EdnReaderTest {

    @Test
    void readsMapsVectorsKeywordsStringsIntegersBooleansAndNil() throws SyntaxError {
        assertThat(EdnReader.read("{:a [1 -2 +3 4N], \"s\" nil, :ok? true, :b/c false} ; comment"))
                .isEqualTo(new EdnValue.MapValue(Map.of(
                        new EdnValue.Keyword("a"), new EdnValue.Vector(List.of(
                                new EdnValue.Int(1), new EdnValue.Int(-2), new EdnValue.Int(3), new EdnValue.Int(4))),
                        new EdnValue.Str("s"), EdnValue.Nil.NIL,
                        new EdnValue.Keyword("ok?"), new EdnValue.Bool(true),
                        new EdnValue.Keyword("b/c"), new EdnValue.Bool(false))));
    }

    @Test
    void commasAreWhitespace() throws SyntaxError {
        assertThat(EdnReader.read(",,[1,2],,")).isEqualTo(new EdnValue.Vector(List.of(new EdnValue.Int(1), new EdnValue.Int(2))));
    }

    @Test
    void whatItDoesNotSupportIsRefusedWithTheColumn() {
        assertThatThrownBy(() -> EdnReader.read("(1 2)")).hasMessage("column 1: lists are not supported, only vectors [...]");
        assertThatThrownBy(() -> EdnReader.read("#{1}")).hasMessage("column 1: tagged values and sets (#...) are not supported");
        assertThatThrownBy(() -> EdnReader.read("[foo]")).hasMessage("column 2: symbols such as 'foo' are not supported (only nil, true and false)");
        assertThatThrownBy(() -> EdnReader.read("99999999999999999999")).hasMessageContaining("not a 64-bit integer");
        assertThatThrownBy(() -> EdnReader.read("\"abc")).hasMessage("column 5: the string at column 1 is never closed");
        assertThatThrownBy(() -> EdnReader.read("\"\\q\"")).hasMessage("column 4: unknown escape \\q");
        assertThatThrownBy(() -> EdnReader.read("{:a}")).hasMessage("column 5: the map has a key without a value: :a");
        assertThatThrownBy(() -> EdnReader.read("{:a 1 :a 2}")).hasMessage("column 11: the map has the key :a twice");
        assertThatThrownBy(() -> EdnReader.read("1 2")).hasMessage("column 3: unexpected '2' after the value");
        assertThatThrownBy(() -> EdnReader.read("  ")).hasMessage("column 3: expected a value, found the end of the line");
    }
}
