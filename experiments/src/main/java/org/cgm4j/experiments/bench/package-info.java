/**
 * {@code cgm4j bench}: training throughput, conditional log-likelihood throughput, the backend's
 * GEMM rate at the models' layer shapes, FLOPs per example, peak RSS and the environment, each
 * case measured in its own child JVM ({@link org.cgm4j.experiments.bench.BenchChild}) so that peak
 * RSS is per case and environments (threads, heap) can differ within one bench run.
 */
package org.cgm4j.experiments.bench;
