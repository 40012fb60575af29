package io.patrickdb.index;

/**
 * Where a record lives in the log: which segment, at which byte offset, and how many bytes.
 * This is all the Bitcask key directory keeps per key.
 */
record Location(int segment, int offset, int size) {
}
