/**
 * The {@code spark} sweep executor: each run of a {@code cgm4j sweep} as one Apache Spark task over
 * a shared runs folder ({@link org.cgm4j.executors.spark.SparkSweepExecutor}), found by the sweep
 * command through {@link org.cgm4j.experiments.sweep.SweepExecutorFactory}.
 */
package org.cgm4j.executors.spark;
