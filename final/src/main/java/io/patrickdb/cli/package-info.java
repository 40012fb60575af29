/**
 * The {@code patrickdb} command-line program: the product that grows with every chapter.
 *
 * <p>{@link io.patrickdb.cli.Main} reads the sub-command and its options; each sub-command is a
 * small class of its own ({@link io.patrickdb.cli.Shell} for now). Output meant for people goes
 * to standard output, diagnostics to standard error, so the program can be piped.
 */
package io.patrickdb.cli;
