package org.cgm4j.experiments.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.ClassConditionalTask;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.DataSpec;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.io.ImageGrid;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.eval.ClassSamples;
import org.cgm4j.api.eval.EvalContext;
import org.cgm4j.api.io.AtomicFiles;
import org.cgm4j.api.eval.Metric;
import org.cgm4j.api.eval.MetricConfig;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.ConditionalLatentVariableModel;
import org.cgm4j.api.model.DeterministicPredictor;
import org.cgm4j.api.model.GraphModel;
import org.cgm4j.api.model.LatentVariableModel;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.objective.TermNames;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.train.Checkpoint;
import org.cgm4j.api.train.CheckpointException;
import org.cgm4j.api.train.TrainResult;
import org.cgm4j.api.train.Trainer;
import org.cgm4j.api.train.TrainingListener;
import org.cgm4j.api.train.Validator;
import org.cgm4j.api.data.ValidationSplit;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ExperimentDefinition;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.report.ConditionalPictures;
import org.cgm4j.experiments.report.HistoryWriter;
import org.cgm4j.experiments.report.LossCurvePlot;
import org.cgm4j.experiments.report.MetricsFile;
import org.cgm4j.experiments.report.ProcessMemory;
import org.cgm4j.experiments.report.ProgressListener;
import org.cgm4j.experiments.report.Provenance;
import org.cgm4j.experiments.report.ValidationHistory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one resolved experiment into its {@link RunDirectory}: writes the resolved definition and
 * provenance, trains with checkpoints (resuming a killed run of the same definition), evaluates
 * the test metrics, draws the sample grids (prior samples and reconstructions of a VAE; inputs,
 * truth and predictions of a conditional model) and loss curves, and writes the completion marker
 * last.
 */
public final class ExperimentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);
    /** Batch size of evaluation (does not change results, only speed and memory). */
    private static final int EVAL_BATCH = 250;
    /** Rows of prior samples in {@link RunDirectory#PREDICTIONS} (at most {@code output.samples}). */
    private static final int PREDICTION_SAMPLE_ROWS = 3;
    /** Samples per class in {@link RunDirectory#SAMPLES} of a class-conditional run (at most {@code output.samples}). */
    private static final int CLASS_SAMPLE_COLUMNS = 10;

    private final PluginRegistry registry;
    private final DatasetRegistry datasets;
    private final DefinitionLoader loader;

    /** A runner over the given plugins and datasets. */
    public ExperimentRunner(PluginRegistry registry, DatasetRegistry datasets) {
        this.registry = registry;
        this.datasets = datasets;
        this.loader = new DefinitionLoader(registry);
    }

    /** What a run produced. */
    public record RunResult(RunDirectory directory, Map<String, Double> metrics, boolean skipped) {}

    /**
     * Runs {@code resolved} under {@code runsRoot}. A complete run of the same definition is not
     * run again (its metrics are returned); an incomplete one resumes from its checkpoint unless
     * {@code fresh}.
     */
    public RunResult run(ResolvedDefinition resolved, Path runsRoot, boolean fresh, List<String> command)
            throws IOException {
        return run(resolved, runsRoot, "", fresh, command);
    }

    /**
     * {@link #run(ResolvedDefinition, Path, boolean, List)} into the directory {@code
     * <label>__seed=<n>__<hash8>} (see {@link RunDirectory#of(Path, String, String, long, String)}):
     * how a sweep names its runs.
     */
    public RunResult run(ResolvedDefinition resolved, Path runsRoot, String label, boolean fresh, List<String> command)
            throws IOException {
        ExperimentDefinition def = resolved.definition();
        String yaml = loader.toYaml(resolved);
        return runInto(resolved, yaml, RunDirectory.of(runsRoot, def.name(), label, def.seed(), yaml), fresh, command);
    }

    /**
     * {@link #run(ResolvedDefinition, Path, boolean, List)} into the directory {@code run}, whatever
     * its name: how {@code cgm4j reproduce} reruns a run next to the original. The same rules hold:
     * a complete run there is not run again, an incomplete one resumes from its checkpoint. One
     * process at a time: the run's {@link RunDirectory#lock() lock} is held throughout.
     *
     * @throws RunDirectory.RunInUseException if another process is writing the run
     */
    public RunResult runInto(ResolvedDefinition resolved, RunDirectory run, boolean fresh, List<String> command)
            throws IOException {
        return runInto(resolved, loader.toYaml(resolved), run, fresh, command);
    }

    /**
     * {@link #runInto(ResolvedDefinition, RunDirectory, boolean, List)} given {@code yaml}, the
     * definition as {@link DefinitionLoader#toYaml} writes it.
     */
    private RunResult runInto(ResolvedDefinition resolved, String yaml, RunDirectory run, boolean fresh,
            List<String> command) throws IOException {
        // Whether the run's folder is this call's to remove again: it held nothing before (the lock creates it).
        boolean heldNothing = isAbsentOrEmpty(run.path());
        boolean parentAbsent = run.path().getParent() != null && !Files.exists(run.path().getParent());
        try (RunDirectory.Lock held = run.lock()) {
            List<Path> stale = run.deleteStaleTemporaries(held);
            if (!stale.isEmpty()) {
                LOG.info("deleted {} temporary file(s) that an interrupted write left in {}: {}", stale.size(), run,
                        stale.stream().map(p -> run.path().relativize(p).toString()).toList());
            }
            return runLocked(resolved, yaml, run, fresh, command, heldNothing, parentAbsent);
        }
    }

    private static boolean isAbsentOrEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /**
     * A checkpoint error with what the user can do about it: train the run again from the start,
     * which throws the checkpoint away (so it is never done without being asked).
     */
    public static CheckpointException withFreshHint(CheckpointException e, RunDirectory run) {
        return new CheckpointException(e.getMessage() + "; 'cgm4j resume --fresh " + run + "' trains the run again"
                + " from the start in the same directory", e);
    }

    /**
     * {@link #runInto(ResolvedDefinition, String, RunDirectory, boolean, List)} while this process
     * holds the run's lock.
     */
    private RunResult runLocked(ResolvedDefinition resolved, String yaml, RunDirectory run, boolean fresh,
            List<String> command, boolean heldNothing, boolean parentAbsent) throws IOException {
        ExperimentDefinition def = resolved.definition();
        if (run.isComplete() && !fresh) {
            LOG.info("{} is complete; not running it again (use --fresh to rerun)", run);
            return new RunResult(run, MetricsFile.read(run.file(RunDirectory.METRICS)), true);
        }
        if (fresh && Files.exists(run.path())) {
            deleteContents(run.path(), run.file(RunDirectory.LOCK)); // the held lock stays
        }
        boolean resume = Files.isRegularFile(run.file(RunDirectory.CHECKPOINT));
        DataSource data;
        Provenance provenance;
        ConditionalGenerativeModel model;
        try {
            Files.createDirectories(run.path());
            AtomicFiles.writeString(run.file(RunDirectory.RESOLVED), yaml);
            LOG.info("run directory: {}{}", run, resume ? " (resuming from its checkpoint)" : "");

            data = DataSource.create(def.data(), datasets);
            provenance = Provenance.capture(def.seed(), data.splits().sha256(), Path.of("").toAbsolutePath())
                    .withCommand(command)
                    .withDatasetOrigin(data.splits().origin());
            if (data.validationSplit() != null) {
                ValidationSplit v = data.validationSplit();
                provenance = provenance.withValidationSplit(Map.of("fraction", Double.toString(def.data().validation()),
                        "images", Integer.toString(v.validation().count()), "indicesSha256", v.indicesSha256()));
            }
            provenance.write(run.file(RunDirectory.PROVENANCE));

            model = registry.create(resolved.modelType(), def.model(), modelContext(resolved, data.spec()));
        } catch (IOException | RuntimeException | Error e) {
            if (heldNothing) {
                // Failed before training (data, model): leave no directory that looks like a run.
                removeStub(run, parentAbsent);
            }
            throw e;
        }

        List<String> columns = new ArrayList<>();
        for (UpdateStep s : model.schedule().steps()) {
            for (String t : s.objective().termNames()) {
                columns.add(HistoryWriter.column(s.name(), t));
            }
            columns.add(HistoryWriter.column(s.name(), TermNames.TOTAL));
            // the schedules' values, logged by the trainer beside the step's terms
            for (String w : model.schedule().weightFactors()) {
                columns.add(HistoryWriter.column(s.name(), TermNames.weightLog(w)));
            }
            if (def.train().learningRate() != null) {
                columns.add(HistoryWriter.column(s.name(), TermNames.LEARNING_RATE));
            }
            if (def.train().clipNorm() != null) {
                columns.add(HistoryWriter.column(s.name(), TermNames.GRADIENT_NORM));
            }
        }
        warnIfBatchExceedsTrainingSplit(def.data().batchSize(), data.size(Split.TRAIN));
        int batchesPerEpoch = (data.size(Split.TRAIN) + def.data().batchSize() - 1) / def.data().batchSize();
        long total = (long) batchesPerEpoch * def.train().epochs();
        // The checkpoint records the run it belongs to: a checkpoint of another run is refused, not continued.
        Trainer trainer = new Trainer(def.train(), def.data().batchSize(), def.seed(), run.file(RunDirectory.CHECKPOINT))
                .withOwner(new Checkpoint.Owner(model.type(), RunDirectory.sha256(yaml)));
        TrainResult result;
        try (HistoryWriter history = new HistoryWriter(run.file(RunDirectory.HISTORY), columns);
                ProgressListener progress = new ProgressListener(total, ProgressListener.interactiveConsole(),
                        Duration.ofSeconds(10))) {
            List<TrainingListener> listeners = List.of(history, progress,
                    new ValidationHistory(run.file(RunDirectory.VALIDATION)));
            result = trainer.fit(model, data, listeners, resume, validator(def, model, data, run));
        } catch (CheckpointException e) {
            throw withFreshHint(e, run);
        }
        ModelWeights.save(model, run.file(RunDirectory.WEIGHTS));

        DataSpecFile.write(data.spec(), run.file(RunDirectory.DATA_SPEC));

        long evalStart = System.nanoTime();
        Map<String, Double> metrics = evaluate(model, data, def.evaluate(), def.seed(), run.path());
        double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
        releasePlans(model);
        if (def.train().earlyStopping() != null) {
            // deterministic facts of training, beside the test metrics they explain
            metrics.put("train/epochsTrained", (double) result.epochs());
            metrics.put("train/bestEpoch", (double) result.bestEpoch());
            metrics.put("train/stoppedEarly", result.stoppedEarly() ? 1.0 : 0.0);
            metrics.put("train/best_" + def.train().earlyStopping().metric(), result.bestValue());
        }
        MetricsFile.write(metrics, run.file(RunDirectory.METRICS));

        long picturesStart = System.nanoTime();
        writePictures(def, model, data, run);
        double picturesSeconds = (System.nanoTime() - picturesStart) / 1e9;
        releasePlans(model);

        Map<String, Double> perf = new LinkedHashMap<>();
        perf.put("trainExamplesPerSecond", result.examplesPerSecond());
        perf.put("trainSeconds", result.seconds());
        perf.put("trainIterations", (double) result.iterations());
        perf.put("evalSeconds", evalSeconds);
        perf.put("picturesSeconds", picturesSeconds);
        perf.put("peakRssMegabytes", ProcessMemory.peakRssMegabytes());
        MetricsFile.write(perf, run.file(RunDirectory.PERFORMANCE));
        provenance.withEnd(Instant.now()).write(run.file(RunDirectory.PROVENANCE));
        run.markComplete("complete " + Instant.now() + "\n");
        LOG.info("done: {} ({} examples/s, peak RSS {} MB)", run, String.format("%.0f", result.examplesPerSecond()),
                String.format("%.0f", perf.get("peakRssMegabytes")));
        return new RunResult(run, metrics, false);
    }

    /**
     * The test metrics of {@code model}: each of {@code metrics} in order, over the test split of
     * {@code data}, with noise derived from {@code seed}, its values keyed {@code test/<name>}. The
     * one code path of a run's {@code metrics.json} and of re-evaluating a trained model, so both
     * give the same figures bit for bit.
     *
     * @param outputDir where metrics may write pictures (a run directory, or a re-evaluation's folder)
     */
    public static Map<String, Double> evaluate(ConditionalGenerativeModel model, DataSource data,
            List<MetricConfig> metrics, long seed, Path outputDir) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (MetricConfig mc : metrics) {
            Metric m = mc.create();
            Map<String, Double> values = m.compute(new EvalContext(model, data, Split.TEST, EVAL_BATCH, seed, outputDir));
            values.forEach((k, v) -> out.put("test/" + k, v));
            LOG.info("{}: {}", m.name(), values.entrySet().stream().filter(e -> !e.getKey().startsWith("klPerDim"))
                    .map(e -> e.getKey() + " = " + String.format("%.4f", e.getValue())).toList());
        }
        return out;
    }

    /**
     * The validation of {@code train.validate}: its metrics on the validation split, keyed
     * {@code validation/<key>}, with the run's seed (so they repeat exactly); null when the
     * definition asks for none.
     */
    private static Validator validator(ExperimentDefinition def, ConditionalGenerativeModel model, DataSource data,
            RunDirectory run) {
        if (def.train().validate() == null) {
            return null;
        }
        List<Metric> metrics = def.train().validate().metrics().stream().map(MetricConfig::create).toList();
        return epoch -> {
            Map<String, Double> out = new LinkedHashMap<>();
            for (Metric m : metrics) {
                m.compute(new EvalContext(model, data, Split.VALIDATION, EVAL_BATCH, def.seed(), run.path()))
                        .forEach((k, v) -> out.put("validation/" + k, v));
            }
            releasePlans(model); // not held through the next epoch's training
            LOG.info("validation after epoch {}: {}", epoch, out.entrySet().stream()
                    .filter(e -> !e.getKey().contains("klPerDim"))
                    .map(e -> e.getKey() + " = " + String.format("%.4f", e.getValue())).toList());
            return out;
        };
    }

    /**
     * Frees the compiled output plans of {@code model}'s evaluation functions now (they are
     * compiled again when next needed) instead of holding their memory through training or
     * leaving it to the garbage collector.
     */
    static void releasePlans(ConditionalGenerativeModel model) {
        if (model instanceof GraphModel<?> g) {
            g.outputs().close();
        }
    }

    /**
     * The context a run builds its model in: the data's sizes, the loss weights, the optimiser and
     * seed of the definition, FLOAT. Loading a trained model back must build it the same way.
     */
    public static ModelContext modelContext(ResolvedDefinition resolved, DataSpec spec) {
        ExperimentDefinition def = resolved.definition();
        return new ModelContext(spec, resolved.lossWeights(), def.train().updater(), def.seed(), DataType.FLOAT);
    }

    private void writePictures(ExperimentDefinition def, ConditionalGenerativeModel model, DataSource data,
            RunDirectory run) throws IOException {
        ImageShape shape = data.spec().shape();
        if (model instanceof LatentVariableModel lvm) {
            int n = def.output().samples();
            if (n > 0) {
                INDArray s = lvm.samplePrior(n, Rng.derive(def.seed(), "samples"));
                ImageGrid.write(floats(s), shape, (int) Math.ceil(Math.sqrt(n)), run.file(RunDirectory.SAMPLES));
            }
            int r = Math.min(def.output().reconstructions(), data.size(Split.TEST));
            if (r > 0) {
                int[] idx = new int[r];
                for (int i = 0; i < r; i++) {
                    idx[i] = i * (data.size(Split.TEST) / r);
                }
                INDArray y = data.batch(Split.TEST, idx, model.dataType()).y();
                INDArray recon = lvm.decode(lvm.encode(y)[0]);
                ImageGrid.writeRows(List.of(floats(y), floats(recon)), shape, run.file(RunDirectory.RECONSTRUCTIONS));
            }
        }
        int perClass = Math.min(def.output().samples(), CLASS_SAMPLE_COLUMNS);
        if (perClass > 0 && data.task() instanceof ClassConditionalTask.OneHot task && ClassSamples.samples(model)) {
            // one row per class: samples of class k in row k, captioned with the class
            float[][] s = floats(ClassSamples.draw(model, task, ClassSamples.labels(task.numClasses(), perClass),
                    Rng.derive(def.seed(), "samples")));
            List<float[][]> grid = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            for (int k = 0; k < task.numClasses(); k++) {
                grid.add(java.util.Arrays.copyOfRange(s, k * perClass, (k + 1) * perClass));
                captions.add(task.caption(k));
            }
            ImageGrid.writeLabelled(grid, captions, List.of(), shape, run.file(RunDirectory.SAMPLES));
        }
        int examples = Math.min(def.output().reconstructions(), data.size(Split.TEST));
        if (examples > 0 && (model instanceof ConditionalLatentVariableModel || model instanceof DeterministicPredictor)) {
            // inputs, truth, prediction (at the prior mean for a latent-variable model), then prior samples
            Batch batch = data.batch(Split.TEST, ConditionalPictures.spread(data.size(Split.TEST), examples),
                    model.dataType());
            int sampleRows = Math.min(PREDICTION_SAMPLE_ROWS, def.output().samples());
            List<float[][]> picture = ConditionalPictures.predictionRows(model, batch,
                    Rng.derive(def.seed(), "predictions"), sampleRows);
            ImageGrid.writeRows(picture, shape, run.file(RunDirectory.PREDICTIONS));
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        LossCurvePlot.fromHistory(run.file(RunDirectory.HISTORY), 20).forEach((column, xy) -> {
            if (!TermNames.isScheduleLog(column.substring(column.indexOf('/') + 1))) {
                series.put(column, xy); // learning rates and weight factors are not losses
            }
        });
        if (Files.exists(run.file(RunDirectory.VALIDATION))) {
            series.putAll(LossCurvePlot.fromHistory(run.file(RunDirectory.VALIDATION), 1));
        }
        if (!series.isEmpty()) {
            LossCurvePlot.write(series, def.name(), "loss (nats, moving average)", run.file(RunDirectory.LOSS_CURVE));
        }
    }

    private static float[][] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).toFloatMatrix();
    }

    /**
     * Deletes the directory of a run that failed before training and held nothing before this
     * attempt, and its parent folder when this attempt created it and it is left empty. The lock file goes too, while
     * held: {@link RunDirectory#lock()} knows a deleted lock file from the one at its path.
     */
    private static void removeStub(RunDirectory run, boolean parentAbsent) {
        try {
            deleteContents(run.path(), null);
            Files.deleteIfExists(run.path());
            Path experiment = run.path().getParent();
            if (parentAbsent && experiment != null && isAbsentOrEmpty(experiment)) {
                Files.deleteIfExists(experiment);
            }
        } catch (IOException e) {
            // a folder someone else just wrote into stays; the error that stopped the run is what matters
            LOG.warn("could not remove the unfinished run directory {}: {}", run, e.toString());
        }
    }

    /** Deletes everything below {@code dir} except {@code keep}. */
    private static void deleteContents(Path dir, Path keep) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir) && !p.equals(keep)) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * A batch larger than the training split trains one short batch per epoch, the whole split:
     * legal, but rarely what the definition meant, so the log says so with both numbers.
     */
    static void warnIfBatchExceedsTrainingSplit(int batchSize, int trainExamples) {
        if (batchSize > trainExamples) {
            LOG.warn("data.batchSize {} is larger than the training split ({} examples): every epoch trains one"
                    + " batch of {} examples", batchSize, trainExamples, trainExamples);
        }
    }
}
