package org.cgm4j.models.latentconstraints;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.model.GraphModel;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.model.PaperReference;
import org.cgm4j.api.nn.EncoderDecoder;
import org.cgm4j.api.nn.InputFeatures;
import org.cgm4j.api.nn.Mlp;
import org.cgm4j.api.objective.Objective;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A classifier p(class | image) on pixels, the "separate classifier trained on the data" with
 * which Engel et al. (2018, Section 5) score the attribute accuracy of conditional samples. It
 * classifies the y of a batch (the whole image under the unconditional task) against the batch's
 * labels.
 *
 * <p>Loss term {@value #CLASSIFICATION}: the batch mean of the softmax cross-entropy {@code
 * logsumexp(l) - sum_k l_k y_k}, built from basic ops (max, exp, log, sums) rather than SameDiff's
 * loss functions, whose backward pass is wrong in 1.0.0-M2.1 once the loss is scaled. Training
 * images are shifted at random by up to {@code maxShift} pixels (drawn in {@link #feed} from the
 * given {@link Rng}).
 *
 * <p>Network: an MLP {@code [batch, D] -> hidden -> [batch, K]} ({@code classifier/dense<i>}), or
 * with {@code model.encoder} of type conv first the convolutions of {@link InputFeatures} on the
 * images {@code [batch, C, H, W]} ({@code classifier/conv<i>}, each followed by the nonlinearity),
 * whose flattened last feature map {@code [batch, c h w]} the MLP then reads.
 *
 * <p>Graph: placeholders {@value #PIXELS} {@code [batch, D]} (D = channels x height x width, any
 * image shape) and {@value #LABELS} {@code [batch, K]} (one-hot); output {@value #LOGITS} {@code
 * [batch, K]}; variables under {@code classifier/}.
 */
@PaperReference(
        value = "Engel, Hoffman and Roberts 2018, Latent Constraints (evaluation classifier)",
        where = "Section 5: attribute accuracy of conditional samples judged by a separate classifier")
public final class ClassifierModel extends GraphModel<ClassifierConfig> {
    /** Placeholder: the images. */
    public static final String PIXELS = "pixels";
    /** Placeholder: one-hot labels. */
    public static final String LABELS = "labels";
    /** Output: class logits. */
    public static final String LOGITS = "logits";
    /** Loss term and weight: the softmax cross-entropy. */
    public static final String CLASSIFICATION = "classification";
    /** The scope of the variables. */
    public static final String SCOPE = "classifier";

    private final int numClasses;

    /** Builds the graph with weights from {@code Rng.derive(context.seed(), "init")}. */
    public ClassifierModel(ClassifierConfig config, ModelContext context) {
        super(ClassifierFactory.TYPE, config, context);
        this.numClasses = context.data().numClasses();
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs labelled data with at least 2 classes; the data has "
                    + numClasses);
        }
        DataType type = context.dataType();
        int dim = context.data().yDim();
        SDVariable pixels = sd.placeHolder(PIXELS, type, -1, dim);
        SDVariable labels = sd.placeHolder(LABELS, type, -1, numClasses);
        Rng init = Rng.derive(context.seed(), "init");
        InputFeatures front = new InputFeatures(sd, SCOPE, "model.encoder", config.encoderNetwork(),
                List.of(InputFeatures.Input.image(EncoderDecoder.imageOf(context.data()))), config.activation(), type,
                init);
        Mlp net = new Mlp(sd, SCOPE, front.width(), config.hidden(), numClasses, config.activation(), type, init);
        SDVariable logits = sd.identity(LOGITS, net.apply(sd, front.apply(sd, pixels)));
        SDVariable max = logits.max(true, 1);
        SDVariable logSumExp = sd.math().log(sd.math().exp(logits.sub(max)).sum(true, 1)).add(max);
        SDVariable nll = logSumExp.sub(logits.mul(labels).sum(true, 1)).mean();
        Objective objective =
                Objective.builder().add(sd, CLASSIFICATION, nll, context.loss().get(CLASSIFICATION)).build();
        install(TrainingSchedule.single(
                new UpdateStep(UpdateStep.TRAIN, objective, new ArrayList<>(ModelWeights.of(sd).keySet()), context.updater())));
    }

    /** The images (shifted at random when training) and their one-hot labels. */
    @Override
    public Map<String, INDArray> feed(Batch batch, Rng rng, boolean training) {
        INDArray pixels = batch.y();
        if (training && config().maxShift() > 0) {
            pixels = shift(pixels, context().data().shape(), config().maxShift(), rng);
        }
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put(PIXELS, pixels);
        ph.put(LABELS, LatentConstraintsModel.oneHot(batch.labels(), numClasses, dataType()));
        return ph;
    }

    /** As {@link #shift(INDArray, ImageShape, int, Rng)} for grey {@code rows x cols} images. */
    static INDArray shift(INDArray images, int rows, int cols, int max, Rng rng) {
        return shift(images, ImageShape.grey(rows, cols), max, rng);
    }

    /**
     * Each row of {@code images} ({@code [n, channels * rows * cols]}, channel-planar) moved by a
     * random (dx, dy) in [-max, max], zero fill; all channels of an image move together.
     */
    static INDArray shift(INDArray images, ImageShape shape, int max, Rng rng) {
        int rows = shape.height();
        int cols = shape.width();
        float[][] in = images.castTo(DataType.FLOAT).toFloatMatrix();
        float[][] out = new float[in.length][shape.size()];
        for (int i = 0; i < in.length; i++) {
            int dx = rng.nextInt(2 * max + 1) - max;
            int dy = rng.nextInt(2 * max + 1) - max;
            for (int ch = 0; ch < shape.channels(); ch++) {
                for (int r = 0; r < rows; r++) {
                    int sr = r - dy;
                    if (sr < 0 || sr >= rows) {
                        continue;
                    }
                    for (int c = 0; c < cols; c++) {
                        int sc = c - dx;
                        if (sc >= 0 && sc < cols) {
                            out[i][shape.index(ch, r, c)] = in[i][shape.index(ch, sr, sc)];
                        }
                    }
                }
            }
        }
        return Nd4j.create(out).castTo(images.dataType());
    }

    /** The class logits of {@code pixels} ({@code [n, D]}), {@code [n, K]}. */
    public INDArray logits(INDArray pixels) {
        return outputs.output(Map.of(PIXELS, pixels.castTo(dataType())), LOGITS);
    }

    /** The most probable class of each row of {@code pixels}. */
    public int[] predict(INDArray pixels) {
        return logits(pixels).argMax(1).toIntVector();
    }

    /** The fraction of {@code split} classified correctly. */
    public double accuracy(DataSource data, Split split, int batchSize) {
        long right = 0;
        long total = 0;
        for (int[] idx : data.sequentialBatches(split, batchSize)) {
            Batch b = data.batch(split, idx, dataType());
            int[] p = predict(b.y());
            for (int i = 0; i < idx.length; i++) {
                right += p[i] == b.labels()[i] ? 1 : 0;
            }
            total += idx.length;
        }
        return (double) right / total;
    }

    /** The number of classes. */
    public int numClasses() {
        return numClasses;
    }

    /** The hidden widths, for logs. */
    public List<Integer> hidden() {
        return config().hidden();
    }
}
