/**
 * Replication, part A: one leader, followers that stream its log.
 *
 * <p>(Work in progress: the package grows with chapter 3's issue.)
 */
package io.patrickdb.replication;
