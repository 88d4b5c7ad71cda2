package org.cgm4j.experiments.trained;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataConfig;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.DataSpec;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.data.LabeledImages;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.eval.MetricConfig;
import org.cgm4j.api.model.ArrayArchive;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.ConditionalLatentVariableModel;
import org.cgm4j.api.model.DeterministicPredictor;
import org.cgm4j.api.model.LatentEditingModel;
import org.cgm4j.api.model.LatentVariableModel;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ExperimentDefinition;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.report.ConditionalPictures;
import org.cgm4j.experiments.run.DataSpecFile;
import org.cgm4j.experiments.run.ExperimentRunner;
import org.cgm4j.experiments.run.RunDirectory;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained model as an object: the model of a run directory rebuilt from its {@code
 * resolved.yaml} by the plugin registry, in the context the run built it in, with {@code
 * model/weights.zip} copied in, to sample, predict, encode, decode, edit and re-score.
 *
 * <pre>{@code
 * TrainedModel m = TrainedModel.open(Path.of("runs/vae-mnist-10k/seed=1__1a2b3c4d"));
 * INDArray samples = m.sample(16, Condition.none(), 7);          // [16, 784]
 * INDArray z = m.encode(images)[0];                               // [n, latentDim]
 * Map<String, Double> cll = m.evaluate(List.of(new ConditionalLogLikelihood("importance", 1000)));
 * }</pre>
 *
 * <p>It lives in {@code experiments}, not in {@code api}: rebuilding needs the definition loader
 * (defaults, validation, the run's loss weights and optimiser as {@link
 * ExperimentRunner#modelContext}) and the run-directory layout, both of this module. Model plugins
 * never see it; it sees models only through the {@code api} interfaces ({@link
 * ConditionalGenerativeModel}, {@link LatentVariableModel}, {@link ConditionalLatentVariableModel},
 * {@link DeterministicPredictor}, {@link LatentEditingModel}).
 *
 * <p>Opening does not load the data: the sizes the model was built for come from {@code
 * model/data-spec.json}. A run written before that file existed gets them by loading its data once
 * (logged). The data is loaded on first use of {@link #data()} (evaluation, test images).
 *
 * <p>Randomness: {@link #sample} draws from {@code Rng.derive(seed, "sample")}, so the same seed gives
 * the same samples, bit for bit, from the model that trained and from the model opened here.
 */
public final class TrainedModel {
    private final RunDirectory directory;
    private final ResolvedDefinition resolved;
    private final DataSpec spec;
    private final ConditionalGenerativeModel model;
    private final Function<DataConfig, DataSource> dataLoader;
    private DataSource data;

    private TrainedModel(RunDirectory directory, ResolvedDefinition resolved, DataSpec spec,
            ConditionalGenerativeModel model, Function<DataConfig, DataSource> dataLoader, DataSource data) {
        this.directory = directory;
        this.resolved = Objects.requireNonNull(resolved, "resolved");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.model = Objects.requireNonNull(model, "model");
        this.dataLoader = dataLoader;
        this.data = data;
    }

    /** Opens the run directory {@code runDir} with the plugins on the class path and the default dataset registry. */
    public static TrainedModel open(Path runDir) {
        return open(runDir, PluginRegistry.discover(), DatasetRegistry.defaults());
    }

    /** Opens {@code runDir} with {@code registry}'s plugins, its data (when needed) from {@code datasets}. */
    public static TrainedModel open(Path runDir, PluginRegistry registry, DatasetRegistry datasets) {
        return open(runDir, registry, config -> DataSource.create(config, datasets));
    }

    /**
     * Opens {@code runDir}, its data (when needed) from {@code data}, which may hand one source to
     * several runs trained on the same data.
     *
     * @throws TrainedModelException when the directory is not a run directory, is unfinished (no
     *     weights), its weights are unreadable, of another model type, or do not fit the graph (the
     *     message names the array)
     * @throws org.cgm4j.experiments.config.DefinitionException when its {@code resolved.yaml} does not
     *     load (an unknown model type, a key this version does not know)
     */
    public static TrainedModel open(Path runDir, PluginRegistry registry, Function<DataConfig, DataSource> data) {
        Objects.requireNonNull(runDir, "runDir");
        Path abs = runDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new TrainedModelException(runDir + " is not a run directory: no such directory");
        }
        RunDirectory run = RunDirectory.at(abs);
        if (!Files.isRegularFile(run.file(RunDirectory.RESOLVED))) {
            throw new TrainedModelException(runDir + " is not a run directory: it has no " + RunDirectory.RESOLVED);
        }
        Path weights = run.file(RunDirectory.WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new TrainedModelException(runDir + " has no trained model: " + RunDirectory.WEIGHTS + " is missing"
                    + (run.isComplete() ? "" : " (the run did not finish; 'cgm4j resume " + runDir + "' finishes it)"));
        }
        if (!run.isComplete()) {
            throw new TrainedModelException(runDir + " is not complete: it has no " + RunDirectory.COMPLETE
                    + " marker (training or evaluation did not finish; 'cgm4j resume " + runDir + "' finishes it)");
        }
        ResolvedDefinition resolved = new DefinitionLoader(registry).loadResolved(run.file(RunDirectory.RESOLVED));
        ExperimentDefinition def = resolved.definition();
        ArrayArchive.Contents contents;
        try {
            contents = ArrayArchive.read(weights);
        } catch (IllegalStateException e) {
            throw new TrainedModelException(runDir + ": " + RunDirectory.WEIGHTS + " cannot be read: "
                    + rootMessage(e), e);
        }
        String savedType = contents.texts().get("type");
        String type = resolved.modelType();
        if (savedType != null && !savedType.equals(type)) {
            throw new TrainedModelException(runDir + ": " + RunDirectory.WEIGHTS + " holds a " + savedType
                    + " model but " + RunDirectory.RESOLVED + " says model.type " + type);
        }
        Function<DataConfig, DataSource> loader = Objects.requireNonNull(data, "data");
        DataSource loaded = null;
        DataSpec spec;
        Path specFile = run.file(RunDirectory.DATA_SPEC);
        if (Files.isRegularFile(specFile)) {
            spec = readDataSpec(specFile);
        } else {
            // a run written before data-spec.json existed: the sizes come from its data
            loaded = loader.apply(def.data());
            spec = loaded.spec();
        }
        ConditionalGenerativeModel model = registry.create(type, def.model(), ExperimentRunner.modelContext(resolved, spec));
        try {
            ModelWeights.assign(model.graph(), contents.arrays(), RunDirectory.WEIGHTS);
        } catch (IllegalStateException e) {
            throw new TrainedModelException(runDir + ": " + e.getMessage() + " (model.type " + type + " as "
                    + RunDirectory.RESOLVED + " configures it)", e);
        }
        return new TrainedModel(run, resolved, spec, model, loader, loaded);
    }

    /**
     * A model trained in this process, as an object of this class: {@code model} as built by the
     * runner for {@code resolved} on {@code data} (its directory is null).
     */
    public static TrainedModel of(ConditionalGenerativeModel model, ResolvedDefinition resolved, DataSource data) {
        return new TrainedModel(null, resolved, data.spec(), model, c -> data, data);
    }

    /** The run directory; null for a model from {@link #of}. */
    public RunDirectory directory() {
        return directory;
    }

    /** The run's definition, from its {@code resolved.yaml}. */
    public ResolvedDefinition definition() {
        return resolved;
    }

    /** The data sizes the model was built for. */
    public DataSpec spec() {
        return spec;
    }

    /** The model with its trained weights. */
    public ConditionalGenerativeModel model() {
        return model;
    }

    /** The model's type name ({@code model.type}). */
    public String type() {
        return model.type();
    }

    /** The run's data (its limits and task applied), loaded on first use. */
    public synchronized DataSource data() {
        if (data == null) {
            data = dataLoader.apply(resolved.definition().data());
        }
        return data;
    }

    /**
     * The examples the run's task derives from whole images, as a batch in the model's data type:
     * x {@code [n, xDim]} (null for an unconditional task), y {@code [n, yDim]}, its mask, the labels.
     * For the quadrant task, x is the image with its hidden quadrants at -1.
     */
    public Batch examples(LabeledImages images) {
        if (!images.shape().equals(spec.shape())) {
            throw new TrainedModelException("images are " + images.shape() + " but the model of " + where()
                    + " was trained on " + spec.shape());
        }
        DataSource given = DataSource.of("given", images, images, resolved.definition().data().task());
        int[] all = new int[images.count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return given.batch(Split.TEST, all, model.dataType());
    }

    /**
     * {@code n} samples, {@code [n, yDim]}, with noise from {@code Rng.derive(seed, "sample")}:
     *
     * <ul>
     *   <li>a conditional latent-variable model (CVAE, GSNN, hybrid) given x ({@link Condition#given}):
     *       E[y | x, z] with z drawn from its prior p(z | x) (on all pixels: combine with the given
     *       ones by {@link ConditionalPictures#completion});
     *   <li>a deterministic predictor (the baseline) given x: its prediction E[y | x], n times;
     *   <li>a latent-editing model given a class ({@link Condition#ofClass}): the decoded edit
     *       G(z, class) of prior draws z ~ N(0, I) by its first class-conditional editor;
     *   <li>a latent-variable model without a condition: decoded prior draws.
     * </ul>
     *
     * @throws TrainedModelException when the condition does not fit the model
     */
    public INDArray sample(int n, Condition condition, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        Rng rng = Rng.derive(seed, "sample");
        Objects.requireNonNull(condition, "condition");
        if (condition instanceof Condition.Given g) {
            Batch batch = rows(g.batch(), n);
            if (model instanceof ConditionalLatentVariableModel c) {
                return c.predict(batch, ConditionalPictures.priorSample(c, batch, rng));
            }
            if (model instanceof DeterministicPredictor p) {
                return p.predict(batch);
            }
            throw unsupported("samples given inputs x", "a conditional model (cvae, gsnn, hybrid, baseline)");
        }
        if (condition instanceof Condition.ClassLabel c) {
            return decode(transform(latentEditor().editors().stream().filter(latentEditor()::classConditional)
                    .findFirst().orElseThrow(() -> unsupported("samples of a class", "a class-conditional editor")),
                    rng.gaussian(model.dataType(), n, latentModel().latentDim()), filled(n, c.label())));
        }
        if (model instanceof LatentVariableModel v) {
            return v.samplePrior(n, rng);
        }
        throw unsupported("samples without a condition", "a latent-variable model (vae, latentConstraints);"
                + " a conditional model needs its inputs x (--condition IMAGE)");
    }

    /**
     * The model's prediction of y given the batch's x, {@code [n, yDim]}: a deterministic
     * predictor's E[y | x], or a conditional latent-variable model's E[y | x, z] at the prior mean z.
     */
    public INDArray predict(Batch batch) {
        if (model instanceof DeterministicPredictor p) {
            return p.predict(batch);
        }
        if (model instanceof ConditionalLatentVariableModel c) {
            return c.predict(batch, c.prior(batch)[0]);
        }
        throw unsupported("predict", "a conditional model (cvae, gsnn, hybrid, baseline)");
    }

    /** The posterior q(z | y) of a latent-variable model: {@code {mean, logVar}}, each {@code [n, latentDim]}; y is {@code [n, yDim]}. */
    public INDArray[] encode(INDArray y) {
        return latentModel().encode(y.castTo(model.dataType()));
    }

    /** The decoder mean E[y | z] of a latent-variable model, {@code [n, yDim]}; z is {@code [n, latentDim]}. */
    public INDArray decode(INDArray z) {
        return latentModel().decode(z.castTo(model.dataType()));
    }

    /** The width of z of a latent-variable model. */
    public int latentDim() {
        return latentModel().latentDim();
    }

    /**
     * z' = G(z, labels) of the first class-conditional editor of a latent-editing model (the
     * latent constraints' attribute actor), {@code [n, latentDim]}.
     */
    public INDArray transform(INDArray z, int[] labels) {
        LatentEditingModel m = latentEditor();
        String name = m.editors().stream().filter(m::classConditional).findFirst()
                .orElseThrow(() -> unsupported("transform", "a class-conditional editor"));
        return transform(name, z, labels);
    }

    /** z' = G(z, labels) of editor {@code editor}, {@code [n, latentDim]} (labels ignored by an unconditional editor). */
    public INDArray transform(String editor, INDArray z, int[] labels) {
        LatentEditingModel m = latentEditor();
        if (!m.editors().contains(editor)) {
            throw new TrainedModelException("the model of " + where() + " has no editor '" + editor + "'; it has "
                    + m.editors());
        }
        return m.transform(editor, z.castTo(model.dataType()), labels);
    }

    /**
     * Scores the model on the test split of its own data with {@code metrics}, exactly as the run
     * did (same code path, batch size and seed): the run's own {@code evaluate:} list gives its
     * {@code metrics.json} bit for bit. Keys are {@code test/<value>}. Metrics that draw pictures
     * write nothing.
     */
    public Map<String, Double> evaluate(List<MetricConfig> metrics) {
        return evaluate(metrics, data(), null);
    }

    /** As {@link #evaluate(List)} on {@code data}'s test split, pictures of metrics into {@code outputDir} (null: none). */
    public Map<String, Double> evaluate(List<MetricConfig> metrics, DataSource data, Path outputDir) {
        return ExperimentRunner.evaluate(model, data, metrics, resolved.definition().seed(), outputDir);
    }

    /** Reads a run's {@link RunDirectory#DATA_SPEC} ({@link DataSpecFile}). */
    static DataSpec readDataSpec(Path file) {
        try {
            return DataSpecFile.read(file);
        } catch (IOException | RuntimeException e) {
            throw new TrainedModelException(file + " cannot be read: " + rootMessage(e), e);
        }
    }

    private LatentVariableModel latentModel() {
        if (model instanceof LatentVariableModel v) {
            return v;
        }
        throw unsupported("an encoder and decoder", "a latent-variable model (vae, latentConstraints)");
    }

    private LatentEditingModel latentEditor() {
        if (model instanceof LatentEditingModel e) {
            return e;
        }
        throw unsupported("latent editors (actors)", "a latent-editing model (latentConstraints)");
    }

    private TrainedModelException unsupported(String what, String needs) {
        return new TrainedModelException("the model of " + where() + " (model.type " + model.type() + ") has no "
                + what + ": that needs " + needs);
    }

    private String where() {
        return directory == null ? "this run" : directory.toString();
    }

    /** {@code batch} with n rows: as it is when it has n, its first row repeated when it has one. */
    private Batch rows(Batch batch, int n) {
        if (batch.size() == n) {
            return batch;
        }
        if (batch.size() == 1) {
            return batch.repeat(n);
        }
        throw new IllegalArgumentException("a condition has 1 or n = " + n + " rows, got " + batch.size());
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
