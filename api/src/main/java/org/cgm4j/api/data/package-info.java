/**
 * Data: the IDX reader and writer, the dataset registry (checksums, cache directory, downloads,
 * the embedded {@code mnist-10k}), tasks that derive (x, y) pairs from labelled images (the
 * unconditional task and Pyro's quadrant masking), and the {@link org.cgm4j.api.data.DataSource}
 * the trainer draws seeded, reproducible batches from.
 *
 * <p>Every dataset file is verified against the SHA-256 of its uncompressed IDX payload, so a
 * gzip and a raw copy of one file check against one table, and runs can record exactly which
 * bytes they trained on.
 */
package org.cgm4j.api.data;
