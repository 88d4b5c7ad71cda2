package org.cgm4j.models.latentconstraints;

import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.model.LatentVariableModel;
import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Statistics of an encoder q(z | x) over a data split, computed through {@link
 * LatentVariableModel#encode} only (so for any such model) in fixed sequential batches and double
 * accumulation, hence deterministic given the weights.
 *
 * @param means the posterior means, {@code [N][d]}, in the split's order
 * @param logVars the posterior log-variances, {@code [N][d]}
 * @param labels the class label of each example (-1 for data without classes)
 * @param attributes the binary attribute vector of each example, {@code [N][K]}, for data under the
 *     {@code attributes} task (its x); null otherwise
 * @param sigmaBar per dimension, the mean over the split of the posterior standard deviation
 *     exp(logVar / 2): Engel et al.'s sigma_bar_z, the scale of the distance penalty
 * @param meanOfMeans per dimension, the mean of the posterior means
 * @param stdOfMeans per dimension, the standard deviation of the posterior means
 */
public record EncoderStatistics(
        double[][] means, double[][] logVars, int[] labels, double[][] attributes, double[] sigmaBar,
        double[] meanOfMeans,
        double[] stdOfMeans) {
    /** Encodes every example of {@code split} in batches of {@code batchSize}. */
    public static EncoderStatistics compute(LatentVariableModel model, DataSource data, Split split, int batchSize) {
        int n = data.size(split);
        int d = model.latentDim();
        if (n == 0) {
            throw new IllegalArgumentException("no " + split + " examples to compute encoder statistics on");
        }
        double[][] means = new double[n][];
        double[][] logVars = new double[n][];
        int[] labels = new int[n];
        boolean withAttributes = data.spec().numClasses() == 0 && data.spec().numAttributes() > 0
                && data.spec().xDim() == data.spec().numAttributes();
        double[][] attributes = withAttributes ? new double[n][] : null;
        double[] sigma = new double[d];
        int row = 0;
        for (int[] idx : data.sequentialBatches(split, batchSize)) {
            Batch b = data.batch(split, idx, model.dataType());
            INDArray[] q = model.encode(b.y());
            double[][] mu = q[0].castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] lv = q[1].castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] a = withAttributes ? b.x().castTo(DataType.DOUBLE).toDoubleMatrix() : null;
            for (int i = 0; i < idx.length; i++) {
                labels[row] = b.labels()[i];
                if (a != null) {
                    attributes[row] = a[i];
                }
                logVars[row] = lv[i];
                means[row++] = mu[i];
                for (int j = 0; j < d; j++) {
                    sigma[j] += Math.exp(0.5 * lv[i][j]);
                }
            }
        }
        double[] mean = new double[d];
        double[] var = new double[d];
        for (double[] m : means) {
            for (int j = 0; j < d; j++) {
                mean[j] += m[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
            sigma[j] /= n;
        }
        for (double[] m : means) {
            for (int j = 0; j < d; j++) {
                var[j] += (m[j] - mean[j]) * (m[j] - mean[j]);
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(var[j] / n);
        }
        return new EncoderStatistics(means, logVars, labels, attributes, sigma, mean, std);
    }

    /** sigma_bar_z as a {@code [1, d]} row of {@code type}. */
    public INDArray sigmaBarRow(DataType type) {
        return Nd4j.create(sigmaBar, new long[] {1, sigmaBar.length}, DataType.DOUBLE).castTo(type);
    }

    /**
     * Posterior samples mu + sigma * eps of {@code indices}, {@code [n, d]}, with eps drawn from
     * {@code rng} in row-major order.
     */
    public INDArray sample(int[] indices, Rng rng, DataType type) {
        int d = latentDim();
        double[] z = new double[indices.length * d];
        for (int r = 0; r < indices.length; r++) {
            double[] mu = means[indices[r]];
            double[] lv = logVars[indices[r]];
            for (int j = 0; j < d; j++) {
                z[r * d + j] = mu[j] + Math.exp(0.5 * lv[j]) * rng.nextGaussian();
            }
        }
        return Nd4j.create(z, new long[] {indices.length, d}, DataType.DOUBLE).castTo(type);
    }

    /** The latent width d. */
    public int latentDim() {
        return sigmaBar.length;
    }
}
