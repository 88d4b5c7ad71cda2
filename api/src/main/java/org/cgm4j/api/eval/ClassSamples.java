package org.cgm4j.api.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.ClassConditionalTask;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.ConditionalLatentVariableModel;
import org.cgm4j.api.model.DeterministicPredictor;
import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Samples of requested classes from a model trained on the class-conditional task: x the one-hot
 * class, then E[y | x, z] with z drawn from the prior p(z | x) (a conditional latent-variable
 * model) or the prediction E[y | x] (a deterministic predictor), clamped to [0, 1]. What the run's
 * per-class picture shows and what {@code classSampleAccuracy}-style metrics score.
 */
public final class ClassSamples {
    /** Rows per graph call. */
    private static final int CHUNK = 500;

    private ClassSamples() {}

    /** The class-conditional task of {@code data}; an error naming the metric or picture that needs it. */
    public static ClassConditionalTask.OneHot task(DataSource data, String what) {
        if (!(data.task() instanceof ClassConditionalTask.OneHot t)) {
            throw new IllegalArgumentException(what + " needs data.task {type: " + ClassConditionalTask.TYPE
                    + "}; the run's task is " + data.task().getClass().getSimpleName());
        }
        return t;
    }

    /** Whether {@code model} can be sampled given x alone. */
    public static boolean samples(ConditionalGenerativeModel model) {
        return model instanceof ConditionalLatentVariableModel || model instanceof DeterministicPredictor;
    }

    /** {@code perClass} requested labels of each class in turn: 0, 0, ..., 1, 1, ... */
    public static int[] labels(int numClasses, int perClass) {
        int[] labels = new int[numClasses * perClass];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / perClass;
        }
        return labels;
    }

    /**
     * Samples of the requested {@code classes}, {@code [n, yDim]} in the model's data type, in
     * chunks of {@value #CHUNK} rows, the noise of all of them drawn from {@code rng} in order.
     */
    public static INDArray draw(ConditionalGenerativeModel model, ClassConditionalTask.OneHot task, int[] classes,
            Rng rng) {
        if (!samples(model)) {
            throw new IllegalArgumentException("model type '" + model.type() + "' cannot be sampled given x: it is"
                    + " neither a conditional latent-variable model nor a deterministic predictor");
        }
        int yDim = model.context().data().yDim();
        List<INDArray> parts = new ArrayList<>();
        for (int from = 0; from < classes.length; from += CHUNK) {
            int[] chunk = Arrays.copyOfRange(classes, from, Math.min(classes.length, from + CHUNK));
            Batch batch = task.batch(chunk, yDim, model.dataType());
            INDArray mean = model instanceof ConditionalLatentVariableModel c
                    ? c.predict(batch, c.drawPrior(batch, rng))
                    : ((DeterministicPredictor) model).predict(batch);
            parts.add(mean);
        }
        INDArray all = parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
        return Nd4j.math().clipByValue(all, 0.0, 1.0);
    }
}
