package org.cgm4j.models.latentconstraints;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.DataSpec;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.eval.LatentMath;
import org.cgm4j.api.model.GraphModel;
import org.cgm4j.api.model.LatentEditingModel;
import org.cgm4j.api.model.LatentVariableModel;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.model.PaperReference;
import org.cgm4j.api.nn.EncoderDecoder;
import org.cgm4j.api.nn.Graphs;
import org.cgm4j.api.nn.Scopes;
import org.cgm4j.api.objective.Objective;
import org.cgm4j.api.objective.TrainingSchedule.Phase;
import org.cgm4j.api.objective.TrainingSchedule.Stage;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Latent constraints (Engel, Hoffman and Roberts, ICLR 2018): conditional generation from an
 * unconditional VAE that is not retrained. One graph holds the VAE ({@link VaeGraph}) and one
 * {@link ActorCriticPair} per entry of {@code model.pairs}; training has two stages:
 *
 * <ol>
 *   <li>stage 0, {@code model.vaeEpochs} epochs: step {@value #VAE_STEP} trains the VAE (terms
 *       {@code reconstruction}, {@code kl}; optimiser {@code train.updater});
 *   <li>stage 1, the remaining epochs: the cycle {@value #CRITIC_STEP} x {@code criticSteps},
 *       {@value #ACTOR_STEP} x 1. The critic step trains every critic (terms {@code realismCritic},
 *       {@code attributeCritic} weighted by {@code loss.realism} / {@code loss.attribute}, and
 *       {@code gradientPenalty}, the sum of the pairs' penalties); the actor step trains every
 *       actor (terms {@code realism}, {@code attribute}, weighted likewise, and {@code distance},
 *       weighted by {@code loss.distance}; when it is above 0 the actors also learn on real codes,
 *       with random target labels, as in the reference). Each has its own optimiser ({@code model.critic.updater},
 *       {@code model.actor.updater}). The VAE's variables are in neither step, and the pairs see
 *       the VAE only through placeholders, so the VAE is frozen.
 * </ol>
 *
 * <p>The attribute pair's label vector y is the one-hot class of class-labelled data (any task;
 * the class comes with each example), or, for data labelled by binary attributes under {@code
 * data.task: {type: attributes}}, the example's attribute vector (its x): one mechanism, {@link
 * LabelVectors}, for both, which says how targets and mismatched labels are drawn.
 *
 * <p>Since the pairs' weights never mix, training them in one step is the same as training each
 * pair on its own with per-variable Adam. Term names differ between the steps (the trainer reads
 * each term from a graph variable named after it).
 *
 * <p>When stage 1 starts, {@link #beforeStage} computes the {@link EncoderStatistics} of the
 * training split: every example's posterior mean and log-variance and sigma_bar_z per dimension.
 * In stage 1 the real codes are posterior samples drawn from them (see {@link #trainingFeed}) and
 * sigma_bar_z is fed as the placeholder {@value #SIGMA_BAR} (ones before stage 1). They are not
 * stored with the weights: a model loaded from weights gets them again from {@link
 * #ensureStatistics} (deterministic, so identical).
 *
 * <p>Generalisation to any {@link LatentVariableModel}: the pairs ({@link ActorCriticPair}) see
 * latent codes, labels and noise as placeholders only; the statistics and the real codes come from
 * {@link LatentVariableModel#encode}, the metrics and the latent optimisation use {@code
 * encode}/{@code decode} and the pairs' probe outputs. Nothing but the stage-0 graph ({@link
 * VaeGraph}) and the stage-0 step is specific to the VAE: for another model, its graph and
 * training step take their place, or, for a model trained elsewhere, stage 0 goes away and the
 * statistics are computed from that model's {@code encode}.
 *
 * <p>Placeholders besides the VAE's ({@code y}, {@code eps}, {@code z}): {@value #REAL} and {@value
 * #PRIOR} {@code [batch, d]}; {@value #LABELS}, {@value #MISMATCHED}, {@value #TARGET}, {@value #ASKED} {@code
 * [batch, K]} label vectors;
 * {@value #RAW_PRIOR}, {@value #INTERPOLATION} {@code [batch, 1]}; {@value #SIGMA_BAR} {@code [1,
 * d]}; and for evaluation {@value #PROBE_Z} {@code [n, d]}, {@value #PROBE_LABELS} {@code [n,
 * K]}, with per-pair outputs {@link #probeOutput(String, String)}: {@value #TRANSFORMED} G(z, y)
 * {@code [n, d]}, {@value #LOGIT} D(z, y) {@code [n, 1]} and {@value #INPUT_GRADIENT} dD/dz {@code
 * [n, d]}.
 */
@PaperReference(
        value = "Engel, Hoffman and Roberts 2018, Latent Constraints: Learning to Generate Conditionally from"
                + " Unconditional Generative Models (arXiv 1711.05772)",
        where = "Section 3: actor-critic pairs in the latent space of a beta-VAE (L_D, L_G, L_dist);"
                + " optimisation of z without an actor")
public final class LatentConstraintsModel extends GraphModel<LatentConstraintsConfig> implements LatentEditingModel {
    private static final Logger LOG = LoggerFactory.getLogger(LatentConstraintsModel.class);

    /** The unconditional pair: prior samples made to look like posterior samples. */
    public static final String REALISM = "realism";
    /** The class-conditional pair. */
    public static final String ATTRIBUTE = "attribute";
    /** Loss weight and term: the distance penalty of the actors. */
    public static final String DISTANCE = "distance";
    /** Loss weight and term: the critics' gradient penalty. */
    public static final String GRADIENT_PENALTY = "gradientPenalty";
    /** Suffix of a pair's critic term ({@code realismCritic}); the weight is the pair's name. */
    public static final String CRITIC_TERM_SUFFIX = "Critic";

    /** Stage 0's step. */
    public static final String VAE_STEP = "vae";
    /** Stage 1's critic step. */
    public static final String CRITIC_STEP = "critic";
    /** Stage 1's actor step. */
    public static final String ACTOR_STEP = "actor";

    /** Placeholder: posterior samples z ~ q(z | x) of training examples. */
    public static final String REAL = "real";
    /** Placeholder: label vectors (one-hot classes or attributes): true labels of the real codes. */
    public static final String LABELS = "labels";
    /** Placeholder: label vectors (one-hot classes or attributes): labels that differ from the true ones. */
    public static final String MISMATCHED = "mismatched";
    /** Placeholder: label vectors (one-hot classes or attributes): target labels of the actor on real codes. */
    public static final String TARGET = "target";
    /**
     * Placeholder: label vectors (one-hot classes or attributes) the actor is asked for on the rows
     * of {@link #PRIOR}: {@link #LABELS}, except on rows that start from a real code ({@code
     * model.encodedFraction}), which ask for their {@link #TARGET}.
     */
    public static final String ASKED = "asked";
    /** Placeholder: prior draws z_p. */
    public static final String PRIOR = "prior";
    /** Placeholder: 1 where the critic's fake row is the raw prior draw. */
    public static final String RAW_PRIOR = "rawPrior";
    /** Placeholder: the interpolation weights of the gradient penalty. */
    public static final String INTERPOLATION = "interpolation";
    /** Placeholder: sigma_bar_z. */
    public static final String SIGMA_BAR = "sigmaBarZ";
    /** Placeholder: codes to evaluate the pairs' networks at. */
    public static final String PROBE_Z = "probe/z";
    /** Placeholder: label vectors (one-hot classes or attributes): labels of {@link #PROBE_Z}. */
    public static final String PROBE_LABELS = "probe/labels";
    /** Probe output: G(z, y). */
    public static final String TRANSFORMED = "transformed";
    /** Probe output: the critic's logit. */
    public static final String LOGIT = "logit";
    /** Probe output: the critic's input gradient dD/dz. */
    public static final String INPUT_GRADIENT = "inputGradient";

    private static final int STATISTICS_BATCH = 500;

    private final VaeGraph vae;
    private final Map<String, ActorCriticPair> pairs = new LinkedHashMap<>();
    private final int numClasses;
    /** What the attribute pair's labels are: one-hot classes or binary attribute vectors. */
    private final LabelVectors labelVectors;
    private volatile EncoderStatistics statistics;
    /** The pairs' probes and the latent optimisation, over this model's graph. */
    private final LatentEditor editor;

    /** What a feed holds at full size (the rest gets one row: its terms are not trained on). */
    private enum Feed {
        /** Everything, the real codes encoded from the batch: gradient checks, tests. */
        ALL,
        /** The VAE's batch; one dummy row for the pairs. */
        VAE,
        /** The pairs' placeholders, real codes from the encoder statistics; one row for the VAE. */
        PAIRS
    }

    /**
     * Builds the graph: the VAE with {@code Rng.derive(seed, "init")} (the same weights as {@code
     * model.type: vae} with that seed), then each pair.
     */
    public LatentConstraintsModel(LatentConstraintsConfig config, ModelContext context) {
        super(LatentConstraintsFactory.TYPE, config, context);
        DataSpec spec = context.data();
        this.numClasses = spec.numClasses();
        boolean attributeData = numClasses == 0 && spec.numAttributes() > 0;
        boolean attributes = attributeData && spec.xDim() == spec.numAttributes();
        if (config.pairs().contains(ATTRIBUTE)) {
            if (attributeData && !attributes) {
                throw new IllegalArgumentException("the attribute pair on data labelled by binary attributes needs"
                        + " data.task: {type: attributes}; the task gives x of width " + spec.xDim() + " for "
                        + spec.numAttributes() + " attributes");
            }
            if (!attributeData && numClasses < 2) {
                throw new IllegalArgumentException("the attribute pair needs labelled data with at least 2 classes"
                        + " or binary attributes; the data has " + numClasses + " classes");
            }
        }
        this.labelVectors = attributes
                ? LabelVectors.attributes(spec.attributeNames().isEmpty()
                        ? java.util.stream.IntStream.range(0, spec.numAttributes()).mapToObj(a -> "a" + a).toList()
                        : spec.attributeNames())
                : LabelVectors.classes(Math.max(numClasses, 1));
        DataType type = context.dataType();
        int d = config.vae().latentDim();
        int k = labelVectors.width();
        vae = new VaeGraph(sd, config.vae(), EncoderDecoder.imageOf(context.data()), type, Rng.derive(context.seed(), "init"));

        ActorCriticPair.Inputs in = new ActorCriticPair.Inputs(
                sd.placeHolder(REAL, type, -1, d),
                sd.placeHolder(LABELS, type, -1, k),
                sd.placeHolder(MISMATCHED, type, -1, k),
                sd.placeHolder(TARGET, type, -1, k),
                sd.placeHolder(ASKED, type, -1, k),
                sd.placeHolder(PRIOR, type, -1, d),
                sd.placeHolder(RAW_PRIOR, type, -1, 1),
                sd.placeHolder(INTERPOLATION, type, -1, 1),
                sd.placeHolder(SIGMA_BAR, type, 1, d));
        ActorCriticPair.Architecture arch = new ActorCriticPair.Architecture(d, k, config.labelEmbedding(),
                config.actor().hidden(), config.critic().hidden(), config.activation(), config.gateBias(),
                config.distance());
        boolean actorOnReal = context.loss().get(DISTANCE) > 0;
        SDVariable probeZ = sd.placeHolder(PROBE_Z, type, -1, d);
        SDVariable probeLabels = sd.placeHolder(PROBE_LABELS, type, -1, k);
        for (String name : config.pairs()) {
            boolean conditional = name.equals(ATTRIBUTE);
            ActorCriticPair p = new ActorCriticPair(sd, name, conditional, in, arch, actorOnReal, type,
                    context.seed());
            pairs.put(name, p);
            SDVariable y = conditional ? probeLabels : null;
            sd.identity(probeOutput(name, TRANSFORMED), p.actor().apply(sd, probeZ, y));
            var out = p.critic().evaluate(sd, probeZ, y);
            sd.identity(probeOutput(name, LOGIT), out.logit());
            sd.identity(probeOutput(name, INPUT_GRADIENT), out.inputGradient());
        }

        Objective.Builder critic = Objective.builder();
        Objective.Builder actor = Objective.builder();
        SDVariable penalty = null;
        SDVariable distance = null;
        for (ActorCriticPair p : pairs.values()) {
            double w = context.loss().get(p.name());
            critic.add(sd, p.name() + CRITIC_TERM_SUFFIX, p.criticLoss(), w);
            actor.add(sd, p.name(), p.actorLoss(), w);
            penalty = penalty == null ? p.gradientPenalty() : penalty.add(p.gradientPenalty());
            distance = distance == null ? p.distance() : distance.add(p.distance());
        }
        critic.add(sd, GRADIENT_PENALTY, penalty, context.loss().get(GRADIENT_PENALTY));
        actor.add(sd, DISTANCE, distance, context.loss().get(DISTANCE));

        List<String> all = new ArrayList<>(ModelWeights.of(sd).keySet());
        UpdateStep vaeStep = new UpdateStep(VAE_STEP, vae.addTerms(sd, Objective.builder(), context.loss()).build(),
                vae.variables(), context.updater());
        UpdateStep criticStep = new UpdateStep(CRITIC_STEP, critic.build(), inScope(all, Scopes.CRITIC),
                config.critic().updater());
        UpdateStep actorStep = new UpdateStep(ACTOR_STEP, actor.build(), inScope(all, Scopes.ACTOR),
                config.actor().updater());
        editor = new LatentEditor(outputs, pairs, labelVectors, latentDim(), dataType(), this::sigmaBar,
                config.distance());
        install(TrainingSchedule.staged(List.of(
                new Stage(config.vaeEpochs(), List.of(new Phase(vaeStep, 1))),
                new Stage(0, List.of(new Phase(criticStep, config.criticSteps()), new Phase(actorStep, 1))))));
    }

    private static List<String> inScope(List<String> names, String scope) {
        return names.stream().filter(n -> Scopes.inScope(n, scope)).toList();
    }

    /** The graph output {@code what} ({@link #TRANSFORMED}, {@link #LOGIT}, {@link #INPUT_GRADIENT}) of {@code pair}. */
    public static String probeOutput(String pair, String what) {
        return "probe/" + pair + "/" + what;
    }

    /**
     * Everything for the whole batch, the real codes from {@link #encode} of the batch (gradient
     * checks, tests); training steps get {@link #trainingFeed}.
     */
    @Override
    public Map<String, INDArray> feed(Batch batch, Rng rng, boolean training) {
        return feed(batch, rng, Feed.ALL);
    }

    /**
     * The placeholders of one training step. All steps share one loss graph, so every step gets
     * all of them, but only what the step trains on at full size:
     *
     * <ul>
     *   <li>step {@value #VAE_STEP}: the batch for the VAE; the pairs' placeholders get one dummy
     *       row (their terms are weighted 0), so a VAE step costs what the VAE alone costs;
     *   <li>steps {@value #CRITIC_STEP} and {@value #ACTOR_STEP}: the real codes are posterior
     *       samples of training examples drawn uniformly from the {@link EncoderStatistics} that
     *       {@link #beforeStage} stored (as the reference samples its precomputed encodings), with
     *       their labels; the VAE gets one row of the batch (its terms are weighted 0), so a step
     *       does not run the encoder or decoder at all.
     * </ul>
     */
    @Override
    public Map<String, INDArray> trainingFeed(Batch batch, Rng rng, UpdateStep step) {
        if (step.name().equals(VAE_STEP)) {
            return feed(batch, rng, Feed.VAE);
        }
        if (statistics == null) {
            throw new IllegalStateException("step '" + step.name() + "' needs the encoder statistics that"
                    + " beforeStage(1, data) or ensureStatistics(data) computes");
        }
        return feed(batch, rng, Feed.PAIRS);
    }

    /**
     * {@code model.encodedFraction}: each row, with probability {@code fraction}, becomes an edit's
     * input: the actor starts from the row's real code ({@code prior[i] = real[i]}, both {@code [n,
     * d]}) and is asked ({@code asked[i]} and {@code target[i]}) for the row's own label with one
     * attribute flipped (for a class: another class); its critic row is then the actor's output,
     * never the raw draw ({@code raw[i] = 0}). {@code asked} starts as {@code labels}. Draws from
     * {@code rng} only for {@code fraction > 0}, so runs without it keep their bits.
     */
    static void startFromRealCodes(INDArray prior, INDArray real, double[] raw, double[][] labels,
            double[][] target, double[][] asked, LabelVectors lv, double fraction, Rng rng) {
        for (int i = 0; i < raw.length; i++) {
            if (rng.nextDouble() < fraction) {
                prior.putRow(i, real.getRow(i));
                raw[i] = 0;
                target[i] = lv.edited(labels[i], rng);
                asked[i] = target[i];
            }
        }
    }

    /**
     * Noise comes from {@code rng} in a fixed order: the VAE's eps, the real codes' indices and eps,
     * prior draws, raw-prior indicators, interpolation weights, mismatched and target labels.
     */
    private Map<String, INDArray> feed(Batch batch, Rng rng, Feed what) {
        DataType type = dataType();
        LabelVectors lv = labelVectors;
        EncoderStatistics stats = statistics;
        boolean pairsOnly = what == Feed.PAIRS;
        Map<String, INDArray> ph = new LinkedHashMap<>(vae.feed(pairsOnly ? firstRow(batch) : batch, rng, type));
        int n = what == Feed.VAE ? 1 : batch.size();
        INDArray real;
        double[][] labels = new double[n][];
        if (pairsOnly) {
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = rng.nextInt(stats.labels().length);
                labels[i] = lv.oneHot() ? lv.ofClass(stats.labels()[idx[i]]) : stats.attributes()[idx[i]];
            }
            real = stats.sample(idx, rng, type);
        } else {
            double[][] x = lv.oneHot() ? null : batch.x().castTo(DataType.DOUBLE).toDoubleMatrix();
            for (int i = 0; i < n; i++) {
                labels[i] = lv.oneHot() ? lv.ofClass(Math.max(batch.labels()[i], 0)) : x[i];
            }
            if (what == Feed.VAE) {
                real = Nd4j.zeros(type, 1, latentDim());
            } else {
                INDArray[] q = encode(batch.y());
                real = LatentMath.sample(q[0], q[1], rng.gaussian(type, n, latentDim()));
            }
        }
        ph.put(REAL, real);
        ph.put(PRIOR, rng.gaussian(type, n, latentDim()));
        double[] raw = new double[n];
        double[] t = new double[n];
        double[][] mismatched = new double[n][];
        double[][] target = new double[n][];
        for (int i = 0; i < n; i++) {
            raw[i] = rng.nextDouble() < config().rawPriorFraction() ? 1 : 0;
        }
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextDouble();
        }
        for (int i = 0; i < n; i++) {
            mismatched[i] = lv.mismatched(labels[i], rng);
        }
        for (int i = 0; i < n; i++) {
            target[i] = lv.random(rng);
        }
        double[][] asked = labels.clone();
        if (pairsOnly && config().encoded() > 0) {
            startFromRealCodes(ph.get(PRIOR), real, raw, labels, target, asked, lv, config().encoded(), rng);
        }
        ph.put(RAW_PRIOR, column(raw, type));
        ph.put(INTERPOLATION, column(t, type));
        ph.put(LABELS, lv.rows(labels, type));
        ph.put(MISMATCHED, lv.rows(mismatched, type));
        ph.put(TARGET, lv.rows(target, type));
        ph.put(ASKED, lv.rows(asked, type));
        ph.put(SIGMA_BAR, sigmaBarRow());
        return ph;
    }

    private static Batch firstRow(Batch b) {
        return new Batch(b.x() == null ? null : b.x().get(NDArrayIndex.interval(0, 1), NDArrayIndex.all()),
                b.y().get(NDArrayIndex.interval(0, 1), NDArrayIndex.all()), null, new int[] {b.labels()[0]});
    }

    /** From stage 1 on, computes the encoder statistics of the training split. */
    @Override
    public void beforeStage(int stage, DataSource data) {
        if (stage >= 1) {
            statistics = EncoderStatistics.compute(this, data, Split.TRAIN, STATISTICS_BATCH);
            double[] s = statistics.sigmaBar();
            double lo = Double.POSITIVE_INFINITY;
            double hi = 0;
            for (double v : s) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            LOG.info("stage {}: encoder statistics of {} training codes; sigma_bar_z in [{}, {}]", stage,
                    statistics.means().length, String.format("%.4g", lo), String.format("%.4g", hi));
        }
    }

    /** Computes the encoder statistics on {@code data}'s training split unless they are there already. */
    public EncoderStatistics ensureStatistics(DataSource data) {
        if (statistics == null) {
            statistics = EncoderStatistics.compute(this, data, Split.TRAIN, STATISTICS_BATCH);
        }
        return statistics;
    }

    /** The encoder statistics, or null before stage 1 and {@link #ensureStatistics}. */
    public EncoderStatistics statistics() {
        return statistics;
    }

    /**
     * sigma_bar_z of the encoder statistics as the distance penalty uses it ({@link
     * DistanceScale#effectiveSigma}), {@code [d]}; ones when none were computed.
     */
    private double[] sigmaBar() {
        EncoderStatistics s = statistics;
        if (s != null) {
            return config().distance().effectiveSigma(s.sigmaBar());
        }
        double[] ones = new double[latentDim()];
        java.util.Arrays.fill(ones, 1.0);
        return ones;
    }

    private INDArray sigmaBarRow() {
        double[] s = sigmaBar();
        return Nd4j.create(s, new long[] {1, s.length}, DataType.DOUBLE).castTo(dataType());
    }

    @Override
    public int latentDim() {
        return config().vae().latentDim();
    }

    /** The number of classes K of the labels. */
    @Override
    public int numClasses() {
        return numClasses;
    }

    /** What the attribute pair's label vectors are: one-hot classes or binary attributes. */
    public LabelVectors labelVectors() {
        return labelVectors;
    }

    /** The pairs, by name, in the configured order. */
    public Map<String, ActorCriticPair> pairs() {
        return Collections.unmodifiableMap(pairs);
    }

    @Override
    public INDArray[] encode(INDArray y) {
        return VaeGraph.encode(outputs, y);
    }

    @Override
    public INDArray decode(INDArray z) {
        return VaeGraph.decode(outputs, z);
    }

    @Override
    public INDArray logLikelihood(INDArray y, INDArray z) {
        return VaeGraph.logLikelihood(outputs, y, z);
    }

    @Override
    public int decoderRowsPerCall() {
        return vae.decoderRowsPerCall();
    }

    /** The pairs' names: each pair's actor is an editor. */
    @Override
    public List<String> editors() {
        return List.copyOf(pairs.keySet());
    }

    @Override
    public boolean classConditional(String name) {
        return editor.classConditional(name);
    }

    /** z' = G(z, y) of pair {@code pair}, {@code [n, d]}; {@code labels} are ignored by the unconditional pair. */
    @Override
    public INDArray transform(String pair, INDArray z, int[] labels) {
        return editor.transform(pair, z, labels);
    }

    /**
     * z' = G(z, y) of pair {@code pair} for label vectors {@code labels} ({@code [n, K]}: one-hot
     * classes or binary attributes, see {@link #labelVectors}; ignored by the unconditional pair).
     */
    public INDArray transformVectors(String pair, INDArray z, INDArray labels) {
        return editor.transformVectors(pair, z, labels);
    }

    /** The critic logits D(z, y) of pair {@code pair}, {@code [n]}. */
    public INDArray criticLogit(String pair, INDArray z, int[] labels) {
        return editor.criticLogit(pair, z, labels);
    }

    /**
     * Latent optimisation without an actor (Engel et al., Section 3), with the encoder statistics
     * (ones when none were computed): see {@link LatentEditor#optimiseLatent}.
     */
    public INDArray optimiseLatent(String pair, INDArray z0, int[] labels, int steps, double learningRate,
            double distanceWeight) {
        return editor.optimiseLatent(pair, z0, labels, steps, learningRate, distanceWeight);
    }

    /** {@link #optimiseLatent} towards label vectors {@code labels}, {@code [n, K]}. */
    public INDArray optimiseLatentVectors(String pair, INDArray z0, INDArray labels, int steps, double learningRate,
            double distanceWeight) {
        return editor.optimiseLatent(pair, z0, labels, steps, learningRate, distanceWeight);
    }

    /** {@code [n, k]} one-hot rows of {@code labels}. */
    static INDArray oneHot(int[] labels, int k, DataType type) {
        double[] a = new double[labels.length * k];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("label " + labels[i] + " is outside [0, " + k + ")");
            }
            a[i * k + labels[i]] = 1;
        }
        return Nd4j.create(a, new long[] {labels.length, k}, DataType.DOUBLE).castTo(type);
    }

    private static INDArray column(double[] v, DataType type) {
        return Nd4j.create(v, new long[] {v.length, 1}, DataType.DOUBLE).castTo(type);
    }
}
