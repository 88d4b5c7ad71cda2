/**
 * The {@code cgm4j} command line: {@link org.cgm4j.experiments.cli.Cgm4j} and one picocli command
 * per subcommand (run, sweep, check, resume, reproduce, sample, evaluate, explore, bench and the
 * hidden sweep-worker). Commands parse arguments, call the other packages and print; no other
 * package depends on this one.
 */
package org.cgm4j.experiments.cli;
