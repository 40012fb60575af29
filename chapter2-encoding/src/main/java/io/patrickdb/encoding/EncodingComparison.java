package io.patrickdb.encoding;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The runnable side-by-side: the same messages in JSON, Java serialization and the Patrick-DB
 * binary protocol, compared by size and speed; then what each encoding does when the message
 * changes between two versions of a program. Prints both tables as Markdown.
 * {@code scripts/compare-encodings} builds the module and runs this.
 */
public final class EncodingComparison {

    /**
     * One message in one encoding.
     *
     * @param message     the message's name
     * @param encoding    the encoding's name
     * @param bytes       the encoded size; for the binary encoding, the whole frame
     * @param bodyBytes   for the binary encoding, the frame's body; otherwise the same as bytes
     * @param encodeNanos median time to encode once
     * @param decodeNanos median time to decode once
     */
    public record Measurement(String message, String encoding, int bytes, int bodyBytes, double encodeNanos, double decodeNanos) {
    }

    private EncodingComparison() {
    }

    public static void main(String[] args) {
        System.out.println("## Size and speed\n");
        System.out.println(sizeAndSpeedTable(measure(encodings(), Benchmark.standard())));
        System.out.println(machineLoad());
        System.out.println("""
                Bytes for the binary encoding: the whole frame as it travels on the socket, and in
                parentheses its body, without the 13 bytes of prefix and header (magic, length, op,
                version, flags, request id). Times: median of 7 rounds after 10,000 warm-up calls of
                each operation, in one JVM, on a machine that may be busy with other things: read
                them as ratios, not as facts.
                """);
        System.out.println("## Schema evolution: the put request, version 1 -> version 2\n");
        System.out.println(evolutionTable(SchemaEvolution.rows()));
        System.out.println("""
                "Old reader, new data" is forward compatibility, "new reader, old data" backward
                compatibility (DDIA ch. 4). "copes" says what the reader made of the data. Note that
                a reader that copes with a missing ttl reads 0, which in Patrick-DB means "never
                expires": decoding succeeded, the meaning did not survive. The binary protocol
                refuses to guess: removing a positional field takes a new operation version, and the
                handshake lets a new client see that an old server speaks only version 1.
                """);
    }

    /** How busy the machine was: timings on a machine busy with other programs are not worth much. */
    private static String machineLoad() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        double load = os.getSystemLoadAverage(); // negative where the platform cannot tell
        return load < 0 ? "" : String.format(Locale.ROOT,
                "Load average over the last minute, as the timing ended: %.1f on %d CPUs.%n", load, os.getAvailableProcessors());
    }

    /** The encodings compared, in the order the table shows them. */
    public static List<Encoding> encodings() {
        return List.of(new JsonEncoding(), new JavaSerializationEncoding(), new BinaryEncoding());
    }

    /** Every sample message in every encoding, checked to survive the round trip, then timed. */
    public static List<Measurement> measure(List<Encoding> encodings, Benchmark benchmark) {
        List<Subject> subjects = new ArrayList<>();
        for (SampleMessages.Sample sample : SampleMessages.all()) {
            for (Encoding encoding : encodings) {
                subjects.add(Subject.of(sample, encoding));
            }
        }
        List<Supplier<?>> operations = new ArrayList<>();
        subjects.forEach(s -> operations.addAll(List.of(s.encode(), s.decode())));
        double[] nanos = benchmark.medianNanosPerOp(operations);

        List<Measurement> rows = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            Subject s = subjects.get(i);
            int body = s.encoding() instanceof BinaryEncoding ? BinaryEncoding.bodySize(s.bytes()) : s.bytes().length;
            rows.add(new Measurement(s.sample().name(), s.encoding().name(), s.bytes().length, body,
                    nanos[2 * i], nanos[2 * i + 1]));
        }
        return rows;
    }

    /** One message in one encoding, with its bytes and the two operations to time. */
    private record Subject(SampleMessages.Sample sample, Encoding encoding, byte[] bytes) {
        static Subject of(SampleMessages.Sample sample, Encoding encoding) {
            byte[] bytes = encoding.encode(sample.message());
            if (!encoding.decode(bytes).equals(sample.message())) {
                throw new IllegalStateException(encoding.name() + " does not round-trip the " + sample.name());
            }
            return new Subject(sample, encoding, bytes);
        }

        Supplier<byte[]> encode() {
            return () -> encoding.encode(sample.message());
        }

        Supplier<Message> decode() {
            return () -> encoding.decode(bytes);
        }
    }

    /** The measurements as a Markdown table. */
    public static String sizeAndSpeedTable(List<Measurement> rows) {
        StringBuilder table = new StringBuilder()
                .append("| message | encoding | bytes | encode ns/op | decode ns/op |\n")
                .append("|---|---|--:|--:|--:|\n");
        for (Measurement m : rows) {
            String size = m.bytes() == m.bodyBytes() ? String.valueOf(m.bytes()) : m.bytes() + " (body " + m.bodyBytes() + ")";
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %,.0f |%n",
                    m.message(), m.encoding(), size, m.encodeNanos(), m.decodeNanos()));
        }
        return table.toString();
    }

    /** The evolution outcomes as a Markdown table: one row per encoding, one column per change and direction. */
    public static String evolutionTable(List<EvolutionRow> rows) {
        StringBuilder table = new StringBuilder()
                .append("| encoding | adds traceId: old reader, new data | adds traceId: new reader, old data ")
                .append("| removes ttl: old reader, new data | removes ttl: new reader, old data |\n")
                .append("|---|---|---|---|---|\n");
        for (EvolutionRow row : rows) {
            table.append(String.format("| %s | %s | %s | %s | %s |%n", row.encoding(),
                    row.addField().oldReaderNewData(), row.addField().newReaderOldData(),
                    row.removeField().oldReaderNewData(), row.removeField().newReaderOldData()));
        }
        return table.toString();
    }
}
