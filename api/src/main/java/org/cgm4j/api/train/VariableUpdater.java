package org.cgm4j.api.train;

import org.cgm4j.api.objective.UpdaterConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The optimiser of one trainable variable: turns its gradient into an update, applies it in place,
 * and hands its state (Adam's moments) to and from checkpoints as one row vector.
 */
interface VariableUpdater {
    /**
     * One step: {@code param -= update(grad)}.
     *
     * @param grad the gradient, overwritten (it holds the update afterwards)
     * @param iteration the 0-based count of earlier steps of this variable's update step
     */
    void apply(INDArray param, INDArray grad, int iteration, int epoch);

    /**
     * Multiplies the configured learning rate by {@code factor} from the next {@link #apply} on
     * ({@code train.learningRate}; 1 leaves the update bit for bit as without a schedule).
     */
    void setLearningRateFactor(double factor);

    /** Whether the optimiser keeps state between steps (and checkpoints hold it). */
    boolean hasState();

    /** The state as a row vector for a checkpoint, or null for a stateless optimiser. */
    INDArray exportState();

    /** Restores the state {@link #exportState} gave (same length). */
    void importState(INDArray saved);

    /**
     * The updater of {@code config} for {@code param}: {@link HeapAdam} for Adam on a FLOAT
     * variable (ND4J's fused Adam op runs at about 6 ns an element on this CPU, three times the
     * cost of the whole forward and backward pass of the CVAE's weights), ND4J's own otherwise.
     */
    static VariableUpdater create(UpdaterConfig config, INDArray param) {
        if (UpdaterConfig.ADAM.equals(config.type()) && param.dataType() == DataType.FLOAT
                && param.length() <= Integer.MAX_VALUE) {
            return new HeapAdam((int) param.length(), config.learningRate(), config.beta1(), config.beta2(),
                    config.epsilon());
        }
        return new Nd4jUpdater(config.toNd4j(), param);
    }

    /** ND4J's {@link GradientUpdater} with its state in a row vector, the layout of ND4J's own checkpoints. */
    final class Nd4jUpdater implements VariableUpdater {
        private final GradientUpdater<?> updater;
        private final INDArray state;
        private double factor = 1.0;

        Nd4jUpdater(IUpdater conf, INDArray param) {
            long size = conf.stateSize(param.length());
            this.state = size > 0 ? Nd4j.zeros(param.dataType(), 1, size) : null;
            this.updater = conf.instantiate(state, false);
            if (state != null) {
                updater.setStateViewArray(state, param.shape(), param.ordering(), true);
            }
        }

        @Override
        public void apply(INDArray param, INDArray grad, int iteration, int epoch) {
            updater.applyUpdater(grad, iteration, epoch);
            if (factor != 1.0) {
                // SGD's and Adam's updates are linear in the learning rate: scaling the update is
                // scaling the rate, without touching ND4J's own schedule machinery.
                grad.muli(factor);
            }
            param.subi(grad);
        }

        @Override
        public void setLearningRateFactor(double f) {
            this.factor = f;
        }

        @Override
        public boolean hasState() {
            return state != null;
        }

        @Override
        public INDArray exportState() {
            return state;
        }

        @Override
        public void importState(INDArray saved) {
            state.assign(saved);
        }
    }
}
