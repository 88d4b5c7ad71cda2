/**
 * Sweeps: one definition expanded into many runs, and the tables and pictures that compare them.
 *
 * <p>A definition's {@code sweep:} block ({@link org.cgm4j.experiments.config.SweepConfig}) names
 * axes (an outer product of values of dotted keys), variants (named sets of overrides) and seeds;
 * {@link org.cgm4j.experiments.sweep.SweepPlan#expand} resolves one full definition per (variant,
 * axis values, seed) through the ordinary loader, so every run gets its model plugin's defaults and
 * the same validation as {@code cgm4j run}. A {@link org.cgm4j.experiments.sweep.SweepExecutor}
 * runs the plan (complete runs are skipped; in this JVM or in worker processes, {@link
 * org.cgm4j.experiments.sweep.ProcessSweepExecutor}), and {@link org.cgm4j.experiments.sweep.SweepReport}
 * writes {@code <runs>/<experiment>/summary/} as the definition's {@code report:} block ({@link
 * org.cgm4j.experiments.config.ReportConfig}) asks: the tables of {@link
 * org.cgm4j.experiments.sweep.SweepSummary}, the pictures of {@link
 * org.cgm4j.experiments.sweep.SweepPictures}, the statistics over seeds and Welch's tests of {@link
 * org.cgm4j.experiments.sweep.SweepAggregate} ({@link org.cgm4j.experiments.sweep.SeedStatistics}),
 * the ablation plots and the HTML page. {@code cgm4j sweep} (in the {@code
 * cli} package) ties them together.
 */
package org.cgm4j.experiments.sweep;
