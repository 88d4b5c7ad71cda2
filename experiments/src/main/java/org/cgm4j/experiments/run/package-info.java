/**
 * One run: {@link org.cgm4j.experiments.run.ExperimentRunner} trains and evaluates a resolved
 * definition into its {@link org.cgm4j.experiments.run.RunDirectory} (locked while written,
 * complete when its marker exists), finds existing runs and compares a run with its reproduction.
 */
package org.cgm4j.experiments.run;
