package io.patrickdb.index;

/**
 * The outcome of a compare-and-set.
 *
 * @param applied whether the write happened
 * @param version the key's version now: the new version if {@code applied}, otherwise the version
 *                that did not match ({@code 0} if the key does not exist)
 */
public record CasResult(boolean applied, long version) {
}
