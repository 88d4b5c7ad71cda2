/**
 * Experiments: definitions resolved from YAML, the {@code cgm4j} command line, the runner and its
 * run directories.
 */
package org.cgm4j.experiments;
