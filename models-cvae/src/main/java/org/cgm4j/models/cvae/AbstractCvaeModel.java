package org.cgm4j.models.cvae;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSpec;
import org.cgm4j.api.model.ConditionalLatentVariableModel;
import org.cgm4j.api.model.GraphModel;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.nn.Scopes;
import org.cgm4j.api.objective.Objective;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the CVAE, the GSNN and the hybrid of Sohn, Lee and Yan (2015) share: the networks of a
 * {@link CvaeGraph}, the feed, the functions of {@link ConditionalLatentVariableModel} (through
 * graph outputs) and the training schedule. A subclass only says which loss terms its objective
 * sums, through an {@link ObjectiveFactory}.
 *
 * <p>Schedule: one update step {@value UpdateStep#TRAIN} over every network; with a baseline network
 * ({@code model.baseline: true}) two stages: stage 0 ({@code model.baselineEpochs} epochs) runs
 * step {@value #BASELINE_STEP}, which trains the baseline alone on its own term {@value
 * #BASELINE_TERM} = batch mean of {@code -log p(y | y_hat(x))}; stage 1 (the remaining {@code
 * train.epochs}) runs {@value UpdateStep#TRAIN} over the recognition, prior and generation networks with the
 * baseline <em>frozen</em>, as in Pyro's reproduction: the prior and recognition networks learn on
 * a fixed y_hat, and the baseline keeps the likelihood-optimal guess it was trained for.
 *
 * <p>Feed ({@link #feed}): x, y, the mask (all ones when the batch has none), fresh N(0, I) noise
 * {@code [L n, latentDim]} for each sampled term, and, with input noise, the omission mask of
 * {@link InputNoise} when training and ones at evaluation.
 */
public abstract class AbstractCvaeModel extends GraphModel<CvaeConfig> implements ConditionalLatentVariableModel {
    /** The baseline's pretraining step (stage 0). */
    public static final String BASELINE_STEP = "baseline";
    /** The baseline's loss term: batch mean of -log p(y | y_hat(x)). */
    public static final String BASELINE_TERM = "baseline";

    /** Builds the objective of the main step from the graph's terms and the loss weights. */
    @FunctionalInterface
    public interface ObjectiveFactory {
        /** The objective; use {@link #addLikelihoodTerms} for sampled likelihood terms. */
        Objective build(CvaeGraph graph, LossWeights weights);
    }

    private final CvaeGraph graph;

    /**
     * Builds the graph with weights drawn from {@code Rng.derive(context.seed(), "init")}, the
     * objective and the schedule.
     *
     * @param type the plugin type name
     * @param recognition whether the model has a recognition network
     */
    protected AbstractCvaeModel(String type, CvaeConfig config, ModelContext context, boolean recognition,
            ObjectiveFactory objective) {
        this(type, config, context, new CvaeGraph(config, context, recognition), objective);
    }

    private AbstractCvaeModel(String type, CvaeConfig config, ModelContext context, CvaeGraph graph,
            ObjectiveFactory objective) {
        super(type, config, context, graph.sd());
        this.graph = graph;
        Objective main = objective.build(graph, context.loss());
        List<String> all = List.copyOf(ModelWeights.of(sd).keySet());
        List<String> baselineVars = all.stream().filter(v -> Scopes.inScope(v, Scopes.BASELINE)).toList();
        List<String> others = all.stream().filter(v -> !Scopes.inScope(v, Scopes.BASELINE)).toList();
        UpdateStep mainStep = new UpdateStep(UpdateStep.TRAIN, main, others, context.updater());
        if (config.baseline()) {
            UpdateStep pre = new UpdateStep(BASELINE_STEP,
                    Objective.builder().add(sd, BASELINE_TERM, graph.baselineNll(), 1.0).build(), baselineVars,
                    context.updater());
            install(TrainingSchedule.staged(List.of(
                    new TrainingSchedule.Stage(config.baselineEpochs(), List.of(new TrainingSchedule.Phase(pre, 1))),
                    new TrainingSchedule.Stage(0, List.of(new TrainingSchedule.Phase(mainStep, 1))))));
        } else {
            install(TrainingSchedule.single(mainStep));
        }
    }

    /**
     * Adds the sampled likelihood terms {@code name} (full resolution), {@code name2x} and {@code
     * name4x} (average-pooled, {@link MultiScale}) with z from {@code sampler}, each weighted by its
     * loss weight times {@code scale} (the hybrid's alpha or 1 - alpha). A pooled term is left out
     * when the images do not pool by its factor; its weight must then be 0.
     */
    public static void addLikelihoodTerms(Objective.Builder b, CvaeGraph g, CvaeGraph.Sampler sampler,
            LossWeights w, double scale, String name, String name2x, String name4x) {
        MultiScale.addTerms(b, g.sd(), w, scale, g::scaleFits, f -> g.sampledNll(sampler, f), name, name2x, name4x);
    }

    /** The graph builder, for subclasses and tests. */
    public CvaeGraph networks() {
        return graph;
    }

    @Override
    public Map<String, INDArray> feed(Batch batch, Rng rng, boolean training) {
        int n = batch.size();
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put(CvaeGraph.X, x(batch));
        ph.put(CvaeGraph.Y, batch.y());
        ph.put(CvaeGraph.Y_MASK, mask(batch));
        int rows = config().samples() * n;
        if (graph.hasPlaceholder(CvaeGraph.EPS_RECOGNITION)) {
            ph.put(CvaeGraph.EPS_RECOGNITION, rng.gaussian(dataType(), rows, config().latentDim()));
        }
        if (graph.hasPlaceholder(CvaeGraph.EPS_PRIOR)) {
            ph.put(CvaeGraph.EPS_PRIOR, rng.gaussian(dataType(), rows, config().latentDim()));
        }
        if (config().inputNoise()) {
            DataSpec s = context().data();
            ph.put(CvaeGraph.INPUT_MASK, training
                    ? InputNoise.masks(rng, n, s.shape(), dataType())
                    : InputNoise.none(n, s.xDim(), dataType()));
        }
        return ph;
    }

    /** The batch's x; an error naming the model type when the task gives none. */
    INDArray x(Batch batch) {
        if (batch.x() == null) {
            throw new IllegalArgumentException("model type '" + type() + "' needs x; the batch has none");
        }
        return batch.x();
    }

    /** The batch's mask, or ones when every pixel counts. */
    static INDArray mask(Batch batch) {
        return batch.yMask() != null ? batch.yMask() : Nd4j.onesLike(batch.y());
    }

    @Override
    public int latentDim() {
        return config().latentDim();
    }

    @Override
    public INDArray[] prior(Batch batch) {
        Map<String, INDArray> out = outputs.output(Map.of(CvaeGraph.X, x(batch)), CvaeGraph.PRIOR_MEAN,
                CvaeGraph.PRIOR_LOG_VAR);
        return new INDArray[] {out.get(CvaeGraph.PRIOR_MEAN), out.get(CvaeGraph.PRIOR_LOG_VAR)};
    }

    @Override
    public boolean hasRecognition() {
        return graph.hasRecognition();
    }

    @Override
    public INDArray[] recognition(Batch batch) {
        if (!hasRecognition()) {
            throw new UnsupportedOperationException("model type '" + type() + "' has no recognition network");
        }
        Map<String, INDArray> out = outputs.output(Map.of(CvaeGraph.X, x(batch), CvaeGraph.Y, batch.y()),
                CvaeGraph.RECOGNITION_MEAN, CvaeGraph.RECOGNITION_LOG_VAR);
        return new INDArray[] {out.get(CvaeGraph.RECOGNITION_MEAN), out.get(CvaeGraph.RECOGNITION_LOG_VAR)};
    }

    @Override
    public INDArray logLikelihood(Batch batch, INDArray z) {
        return outputs.output(Map.of(CvaeGraph.X, x(batch), CvaeGraph.Y, batch.y(), CvaeGraph.Y_MASK, mask(batch),
                CvaeGraph.Z, z), CvaeGraph.LOG_LIKELIHOOD);
    }

    @Override
    public INDArray predict(Batch batch, INDArray z) {
        return outputs.output(Map.of(CvaeGraph.X, x(batch), CvaeGraph.Z, z), CvaeGraph.PREDICTION);
    }
}
