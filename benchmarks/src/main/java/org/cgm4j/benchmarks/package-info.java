/**
 * JMH micro-benchmarks of the hot pieces of training and evaluation: one CVAE training step
 * through the framework's trainer, a dense layer's forward and backward pass, GEMM at the layer
 * shapes, {@link org.cgm4j.api.data.Batch#repeat} and the importance-sampled conditional
 * log-likelihood on a small batch. Run them with {@code java -jar benchmarks/target/cgm4j-benchmarks.jar}
 * (see README.md); the build never runs them.
 */
package org.cgm4j.benchmarks;
