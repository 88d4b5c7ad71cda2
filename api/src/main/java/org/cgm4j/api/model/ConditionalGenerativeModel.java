package org.cgm4j.api.model;

import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The contract every model implements: a SameDiff graph whose loss the trainer minimises by the
 * model's {@link TrainingSchedule}, and the placeholders of one step for a batch of (x, y) pairs.
 * The unconditional models are the case where x is empty.
 *
 * <p>All noise (reparameterisation draws, masks) is drawn in {@link #feed} from the given {@link
 * Rng} and passed as placeholders, so that runs are reproducible bit for bit.
 */
public interface ConditionalGenerativeModel {
    /** The plugin type name. */
    String type();

    /** The config the model was built from. */
    ModelConfig config();

    /** The context it was built in. */
    ModelContext context();

    /** The graph: its variables are the model's weights; its loss variable is installed by the schedule. */
    SameDiff graph();

    /** Which update step runs when. */
    TrainingSchedule schedule();

    /**
     * Every placeholder the loss needs for one step on {@code batch}, noise included, except the
     * schedule's step selectors (the trainer adds those). {@code training} is false at evaluation
     * (no input noise, for example).
     *
     * <p>The arrays returned belong to the caller: new arrays, or the batch's own, never arrays
     * (or views and reshapes of arrays) the model keeps. The trainer frees them as soon as the
     * step's update is applied, together with the batch's.
     */
    Map<String, INDArray> feed(Batch batch, Rng rng, boolean training);

    /**
     * The placeholders of one training step of {@code step} (one of the schedule's), as {@link
     * #feed} with {@code training} true unless the model overrides it: a model whose steps use
     * different parts of its graph feeds only what the step's objective reads at full size.
     */
    default Map<String, INDArray> trainingFeed(Batch batch, Rng rng, UpdateStep step) {
        return feed(batch, rng, true);
    }

    /**
     * Called by the trainer when stage {@code stage} of the schedule starts (also when a run
     * resumes inside it): the place to compute what a stage needs from the previous one, such as
     * encoder statistics of a VAE trained in stage 0. Must be deterministic given the weights.
     */
    default void beforeStage(int stage, DataSource data) {}

    /** The floating-point type of the graph. */
    default DataType dataType() {
        return context().dataType();
    }
}
