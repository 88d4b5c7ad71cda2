package org.cgm4j.experiments.report;

import java.util.ArrayList;
import java.util.List;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.ConditionalLatentVariableModel;
import org.cgm4j.api.model.DeterministicPredictor;
import org.cgm4j.api.model.LatentVariableModel;
import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Rows of pictures for conditional models, one image per example of a batch, as {@code [n][yDim]}
 * intensities for {@link org.cgm4j.api.io.ImageGrid#writeRows}: the inputs with their
 * hidden pixels drawn gray, the truth, and the models' completions. A completion shows the model's
 * mean on the hidden pixels and the given pixels as they are: the loss counts only hidden pixels,
 * so what a model outputs on given ones means nothing.
 */
public final class ConditionalPictures {
    /**
     * The intensity hidden pixels of an input are drawn with: a dark gray, apart from the black
     * background, the white strokes and the mid-gray gutter of the grid.
     */
    public static final float HIDDEN_GRAY = 0.3f;

    private ConditionalPictures() {}

    /** {@code count} indices spread evenly over {@code 0..size-1} (all of them when there are fewer). */
    public static int[] spread(int size, int count) {
        int n = Math.min(size, count);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = (int) ((long) i * size / n);
        }
        return idx;
    }

    /**
     * The inputs x, hidden pixels gray; null when the batch has no x or x is not an image of y's
     * size (nothing to draw).
     */
    public static float[][] inputs(Batch batch) {
        if (batch.x() == null || batch.x().size(1) != batch.y().size(1)) {
            return null;
        }
        float[][] x = floats(batch.x());
        if (batch.yMask() != null) {
            float[][] mask = floats(batch.yMask());
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x[i].length; j++) {
                    if (mask[i][j] != 0f) {
                        x[i][j] = HIDDEN_GRAY;
                    }
                }
            }
        }
        return x;
    }

    /** The truth y. */
    public static float[][] truth(Batch batch) {
        return floats(batch.y());
    }

    /** {@code mean} on the hidden pixels of y (all pixels when the batch has no mask), y's given pixels elsewhere. */
    public static float[][] completion(Batch batch, INDArray mean) {
        float[][] out = floats(mean);
        if (batch.yMask() == null) {
            return out;
        }
        float[][] y = floats(batch.y());
        float[][] mask = floats(batch.yMask());
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                if (mask[i][j] == 0f) {
                    out[i][j] = y[i][j];
                }
            }
        }
        return out;
    }

    /** One draw z = mu + sigma * eps from the prior p(z | x) of each example, {@code [n, latentDim]}. */
    public static INDArray priorSample(ConditionalLatentVariableModel model, Batch batch, Rng rng) {
        INDArray[] prior = model.prior(batch);
        INDArray eps = rng.gaussian(prior[0].dataType(), prior[0].size(0), prior[0].size(1));
        return prior[0].add(Transforms.exp(prior[1].mul(0.5), true).muli(eps));
    }

    /**
     * The rows that show what {@code model} makes of the batch: a deterministic predictor's
     * prediction; {@code samples} completions of a conditional latent-variable model, each with z
     * drawn from its prior; a VAE's reconstructions of y. Empty for other models.
     */
    public static List<float[][]> modelRows(ConditionalGenerativeModel model, Batch batch, Rng rng, int samples) {
        List<float[][]> rows = new ArrayList<>();
        if (model instanceof DeterministicPredictor p) {
            rows.add(completion(batch, p.predict(batch)));
        } else if (model instanceof ConditionalLatentVariableModel c) {
            for (int s = 0; s < samples; s++) {
                rows.add(completion(batch, c.predict(batch, priorSample(c, batch, rng))));
            }
        } else if (model instanceof LatentVariableModel v) {
            rows.add(floats(v.decode(v.encode(batch.y())[0])));
        }
        return rows;
    }

    /**
     * The picture of one conditional model on a batch: inputs (when there are any), truth, then for
     * a deterministic predictor its prediction, for a conditional latent-variable model its
     * prediction at the prior mean followed by {@code samples} completions from prior draws.
     * Empty for models that are neither.
     */
    public static List<float[][]> predictionRows(ConditionalGenerativeModel model, Batch batch, Rng rng,
            int samples) {
        List<float[][]> rows = new ArrayList<>();
        if (!(model instanceof DeterministicPredictor) && !(model instanceof ConditionalLatentVariableModel)) {
            return rows;
        }
        float[][] in = inputs(batch);
        if (in != null) {
            rows.add(in);
        }
        rows.add(truth(batch));
        if (model instanceof ConditionalLatentVariableModel c) {
            rows.add(completion(batch, c.predict(batch, c.prior(batch)[0])));
        }
        rows.addAll(modelRows(model, batch, rng, samples));
        return rows;
    }

    static float[][] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).toFloatMatrix();
    }
}
