/**
 * Chapter 1, index structures: a persistent key-value store built from a log and an index.
 *
 * <h2>The idea</h2>
 * Memcached keeps everything in a hash map and loses it all on restart. The simplest fix that
 * is also fast is to write every change to the end of a file first, the <em>log</em>, and keep
 * the hash map only as an <em>index</em> into what the log says. Appending is the cheapest thing
 * a disk does; the log is the truth, and the index can always be rebuilt from it.
 *
 * <h2>Reading map</h2>
 * <ol>
 *   <li>{@link io.patrickdb.index.KeyValueStore}: the API, and {@link io.patrickdb.index.Limits}
 *       for what keys and values it accepts.</li>
 *   <li>{@link io.patrickdb.index.RecordFormat}: the byte layout of one log record, checksum
 *       included (part 1).</li>
 *   <li>{@code HashMapIndex} and {@link io.patrickdb.index.LogStructuredStore}: append, then
 *       index; the first index structure (part 2).</li>
 *   <li>{@code SegmentScanner} and {@code Recovery}: replaying the log on open; torn writes and
 *       corruption (part 3).</li>
 *   <li>{@code GroupCommit} and {@link io.patrickdb.index.Durability}: when a write is durable,
 *       and how many writers share one fsync (part 4).</li>
 *   <li>{@code KeyDirectory}: the second index structure, Bitcask's, which keeps only where each
 *       value is (part 5).</li>
 *   <li>{@code SegmentedLog}, {@code Compactor}, {@code CompactionManifest} and {@code HintFile}:
 *       segments, reclaiming dead space without stopping, and reopening fast (part 6).</li>
 * </ol>
 *
 * <h2>Files in a data directory</h2>
 * <pre>
 *   0000000001.log    a segment: records, back to back (see RecordFormat)
 *   0000000001.hint   its hint file: keys and record positions, no values (see HintFile)
 *   COMPACTION        present only while a compaction commits (see CompactionManifest)
 *   LOCK              held by the process that has the store open
 * </pre>
 */
package io.patrickdb.index;
