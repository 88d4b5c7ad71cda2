package org.cgm4j.models.cvae;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSpec;
import org.cgm4j.api.model.DeterministicPredictor;
import org.cgm4j.api.model.GraphModel;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.model.PaperReference;
import org.cgm4j.api.nn.Likelihood;
import org.cgm4j.api.objective.Objective;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The deterministic baseline of Sohn, Lee and Yan (2015), the "NN" rows of their tables: a network
 * y_hat = f(x) under scope {@code baseline} ({@code [n, xDim] -> [n, yDim]} likelihood parameters;
 * an MLP, or with {@code model.encoder} / {@code model.decoder} of type conv convolutions over the
 * image x and transposed convolutions to the image y, see {@link BaselineNetwork}) trained on
 * {@code -log p(y | y_hat)} over the hidden pixels. Its conditional log-likelihood is
 * exact. The network is built exactly as a CVAE's baseline network (same scope and variable names,
 * same initialisation for the same seed), so its weights can be loaded into a CVAE with a baseline.
 *
 * <p>Loss terms: {@value CvaeModel#RECONSTRUCTION} (batch mean of -log p(y | x)) and the multi-scale
 * {@value CvaeModel#RECONSTRUCTION_2X}, {@value CvaeModel#RECONSTRUCTION_4X}, weighted by the loss
 * weights of the same names. Graph: placeholders {@link CvaeGraph#X}, {@link CvaeGraph#Y}, {@link
 * CvaeGraph#Y_MASK} and, with input noise, {@link CvaeGraph#INPUT_MASK}; outputs {@link
 * CvaeGraph#LOG_LIKELIHOOD} {@code [n]} and {@link CvaeGraph#PREDICTION} {@code [n, yDim]} on the
 * clean x.
 */
@PaperReference(
        value = "Sohn, Lee and Yan 2015, Learning Structured Output Representation using Deep Conditional"
                + " Generative Models",
        where = "Section 4 and Fig. 1d (the baseline network, 'NN' in Tables 1-2)")
public final class BaselineModel extends GraphModel<BaselineConfig> implements DeterministicPredictor {

    /** Builds the graph with weights drawn from {@code Rng.derive(context.seed(), "init")}. */
    public BaselineModel(BaselineConfig config, ModelContext context) {
        super(BaselineFactory.TYPE, config, context);
        DataSpec spec = context.data();
        DataType type = context.dataType();
        if (spec.xDim() < 1) {
            throw new IllegalArgumentException("the baseline predicts y from x; the data task gives no x"
                    + " (use a conditional task such as {type: quadrants, given: 1})");
        }
        if (config.inputNoise()) {
            CvaeGraph.checkImageInput(spec);
        }
        Likelihood likelihood = config.outputLikelihood();
        BaselineNetwork net = new BaselineNetwork(sd, spec, config.hidden(), config.activation(),
                config.encoderNetwork(), config.decoderNetwork(), type, Rng.derive(context.seed(), "init"));
        SDVariable x = sd.placeHolder(CvaeGraph.X, type, -1, spec.xDim());
        SDVariable y = sd.placeHolder(CvaeGraph.Y, type, -1, spec.yDim());
        SDVariable mask = sd.placeHolder(CvaeGraph.Y_MASK, type, -1, spec.yDim());
        SDVariable clean = net.apply(sd, x);
        SDVariable train = config.inputNoise()
                ? net.apply(sd, x.mul(sd.placeHolder(CvaeGraph.INPUT_MASK, type, -1, spec.xDim())))
                : clean;
        sd.identity(CvaeGraph.LOG_LIKELIHOOD, likelihood.logLikelihood(sd, clean, y, mask));
        sd.identity(CvaeGraph.PREDICTION, likelihood.mean(sd, clean));

        LossWeights w = context.loss();
        Objective.Builder b = Objective.builder();
        // per factor: -log p(y | x) on the (pooled) images, [n] -> batch mean, a scalar
        MultiScale.addTerms(b, sd, w, 1.0, f -> spec.rows() > 0 && MultiScale.fits(spec.shape(), spec.yDim(), f),
                f -> (f == 1 ? likelihood.logLikelihood(sd, train, y, mask)
                        : MultiScale.logLikelihood(sd, likelihood, train, y, mask, spec.shape(), f))
                        .neg().mean(),
                CvaeModel.RECONSTRUCTION, CvaeModel.RECONSTRUCTION_2X, CvaeModel.RECONSTRUCTION_4X);
        List<String> trainable = List.copyOf(ModelWeights.of(sd).keySet());
        install(TrainingSchedule.single(new UpdateStep(UpdateStep.TRAIN, b.build(), trainable, context.updater())));
    }

    @Override
    public Map<String, INDArray> feed(Batch batch, Rng rng, boolean training) {
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put(CvaeGraph.X, x(batch));
        ph.put(CvaeGraph.Y, batch.y());
        ph.put(CvaeGraph.Y_MASK, AbstractCvaeModel.mask(batch));
        if (config().inputNoise()) {
            DataSpec s = context().data();
            ph.put(CvaeGraph.INPUT_MASK, training
                    ? InputNoise.masks(rng, batch.size(), s.shape(), dataType())
                    : InputNoise.none(batch.size(), s.xDim(), dataType()));
        }
        return ph;
    }

    private INDArray x(Batch batch) {
        if (batch.x() == null) {
            throw new IllegalArgumentException("model type '" + type() + "' needs x; the batch has none");
        }
        return batch.x();
    }

    @Override
    public INDArray logLikelihood(Batch batch) {
        return outputs.output(Map.of(CvaeGraph.X, x(batch), CvaeGraph.Y, batch.y(), CvaeGraph.Y_MASK,
                AbstractCvaeModel.mask(batch)), CvaeGraph.LOG_LIKELIHOOD);
    }

    @Override
    public INDArray predict(Batch batch) {
        return outputs.output(Map.of(CvaeGraph.X, x(batch)), CvaeGraph.PREDICTION);
    }
}
