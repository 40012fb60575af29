package io.patrickdb.encoding;

/**
 * One encoding's answers to the two schema changes of {@link SchemaEvolution}.
 *
 * @param encoding    the encoding, with the setting that matters
 * @param addField    version 2 of the put request adds {@code traceId}
 * @param removeField version 2 of the put request removes {@code ttl}
 */
public record EvolutionRow(String encoding, Directions addField, Directions removeField) {

    /**
     * The two directions compatibility can run in (DDIA ch. 4).
     *
     * @param oldReaderNewData forward compatibility: code deployed earlier reads data written later
     * @param newReaderOldData backward compatibility: code deployed later reads data written earlier
     */
    public record Directions(Outcome oldReaderNewData, Outcome newReaderOldData) {
    }
}
