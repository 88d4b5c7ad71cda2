package org.cgm4j.models.latentconstraints;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.model.GraphModel;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.model.PaperReference;
import org.cgm4j.api.nn.Mlp;
import org.cgm4j.api.objective.Objective;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The multi-label counterpart of {@link ClassifierModel}: an MLP on pixels with one sigmoid output
 * per binary attribute, p(a_k = 1 | image) = sigmoid(l_k), the separate classifier with which Engel
 * et al. (2018, Section 5) judge whether samples and edits have the attributes asked for. It reads
 * the attribute vector of each example from x (data under {@code data.task: {type: attributes}})
 * and the image from y.
 *
 * <p>Loss term {@value ClassifierModel#CLASSIFICATION}: the batch mean of the summed sigmoid
 * cross-entropies {@code sum_k relu(l_k) - l_k a_k + softplus(-|l_k|)}, from basic ops (SameDiff's
 * own losses give wrong gradients once scaled). Training images are shifted at random by up to
 * {@code maxShift} pixels, as for {@link ClassifierModel} (moment-based attributes do not change
 * with a shift).
 *
 * <p>Graph: placeholders {@value ClassifierModel#PIXELS} {@code [batch, D]} and {@value
 * ClassifierModel#LABELS} {@code [batch, K]} (0/1); output {@value ClassifierModel#LOGITS} {@code
 * [batch, K]}; variables under {@code classifier/}.
 */
@PaperReference(
        value = "Engel, Hoffman and Roberts 2018, Latent Constraints (evaluation classifier)",
        where = "Section 5: attribute accuracy of conditional samples judged by a separate classifier")
public final class AttributeClassifierModel extends GraphModel<ClassifierConfig> {
    private final int numAttributes;

    /** Builds the graph with weights from {@code Rng.derive(context.seed(), "init")}. */
    public AttributeClassifierModel(ClassifierConfig config, ModelContext context) {
        super(ClassifierFactory.TYPE, config, context);
        this.numAttributes = context.data().numAttributes();
        if (numAttributes < 1 || context.data().xDim() != numAttributes) {
            throw new IllegalArgumentException("an attribute classifier needs data labelled by binary attributes under"
                    + " data.task: {type: attributes}; the data has " + numAttributes + " attributes and x of width "
                    + context.data().xDim());
        }
        DataType type = context.dataType();
        int dim = context.data().yDim();
        SDVariable pixels = sd.placeHolder(ClassifierModel.PIXELS, type, -1, dim);
        SDVariable labels = sd.placeHolder(ClassifierModel.LABELS, type, -1, numAttributes);
        Mlp net = new Mlp(sd, ClassifierModel.SCOPE, dim, config.hidden(), numAttributes, config.activation(), type,
                Rng.derive(context.seed(), "init"));
        SDVariable logits = sd.identity(ClassifierModel.LOGITS, net.apply(sd, pixels));
        Objective objective = Objective.builder()
                .add(sd, ClassifierModel.CLASSIFICATION, multiLabelNll(sd, logits, labels),
                        context.loss().get(ClassifierModel.CLASSIFICATION))
                .build();
        install(TrainingSchedule.single(new UpdateStep(UpdateStep.TRAIN, objective,
                new ArrayList<>(ModelWeights.of(sd).keySet()), context.updater())));
    }

    /**
     * Batch mean of the sum over attributes of the sigmoid cross-entropy of logits {@code l} {@code
     * [n, K]} against 0/1 targets {@code a} {@code [n, K]}: relu(l) - l a + log(1 + exp(-|l|)); a
     * scalar.
     */
    static SDVariable multiLabelNll(SameDiff sd, SDVariable l, SDVariable a) {
        SDVariable perEntry = sd.nn().relu(l, 0).sub(l.mul(a))
                .add(sd.nn().softplus(sd.math().abs(l).neg()));
        return perEntry.sum(true, 1).mean();
    }

    /** The images (shifted at random when training) and their attribute vectors. */
    @Override
    public Map<String, INDArray> feed(Batch batch, Rng rng, boolean training) {
        INDArray pixels = batch.y();
        if (training && config().maxShift() > 0) {
            pixels = ClassifierModel.shift(pixels, context().data().shape(), config().maxShift(), rng);
        }
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put(ClassifierModel.PIXELS, pixels);
        ph.put(ClassifierModel.LABELS, batch.x().castTo(dataType()));
        return ph;
    }

    /** The attribute logits of {@code pixels} ({@code [n, D]}), {@code [n, K]}. */
    public INDArray logits(INDArray pixels) {
        return outputs.output(Map.of(ClassifierModel.PIXELS, pixels.castTo(dataType())), ClassifierModel.LOGITS);
    }

    /** The predicted attribute vector of each row of {@code pixels}: 1 where the logit is above 0. */
    public int[][] predict(INDArray pixels) {
        double[][] l = logits(pixels).castTo(DataType.DOUBLE).toDoubleMatrix();
        int[][] out = new int[l.length][numAttributes];
        for (int i = 0; i < l.length; i++) {
            for (int a = 0; a < numAttributes; a++) {
                out[i][a] = l[i][a] > 0 ? 1 : 0;
            }
        }
        return out;
    }

    /** The number of attributes K. */
    public int numAttributes() {
        return numAttributes;
    }
}
