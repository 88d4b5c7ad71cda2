package org.cgm4j.api.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.objective.TermNames;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.rng.Rng;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a model by its {@link TrainingSchedule}: one update step per batch, each with its own
 * optimiser per trainable variable (the loop of {@code SameDiff.fit}, written out so that loss
 * terms are seen, several steps can alternate, and optimiser state can be checkpointed).
 *
 * <p>Reproducible: batch order comes from {@code Rng.derive(seed, "shuffle/" + epoch)}, noise from
 * {@code Rng.derive(seed, "noise")} whose state is checkpointed. With a checkpoint file, a
 * checkpoint is written atomically every {@code checkpointEvery} iterations and at each epoch's
 * end; {@code fit(..., resume = true)} continues from it exactly. A NaN or infinite loss term
 * stops training with {@link NonFiniteLossException} before that step's update is applied.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainConfig config;
    private final long seed;
    private final Path checkpointFile;
    private final int batchSize;
    private final Execution execution;
    private final Checkpoint.Owner owner;

    /** The system property of the number of threads a compiled plan runs its independent ops on. */
    public static final String PLAN_THREADS_PROPERTY = "cgm4j.planThreads";
    /** The environment variable of the same, read when the property is not set (the launcher sets it). */
    public static final String PLAN_THREADS_VARIABLE = "CGM4J_PLAN_THREADS";

    /**
     * The threads a compiled plan (a training step's or an evaluation's) runs its independent ops
     * on: {@value #PLAN_THREADS_PROPERTY}, else {@value #PLAN_THREADS_VARIABLE}, else 1. A plan's
     * ops each write only their own arrays and are deterministic at a fixed OpenMP and BLAS thread
     * count, so this changes speed, never results.
     *
     * @throws IllegalArgumentException naming the setting when it is not a positive number
     */
    public static int planThreads() {
        String where = PLAN_THREADS_PROPERTY;
        String value = System.getProperty(PLAN_THREADS_PROPERTY);
        if (value == null) {
            where = PLAN_THREADS_VARIABLE;
            value = System.getenv(PLAN_THREADS_VARIABLE);
        }
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(where + "=" + value + ": allowed values are positive numbers");
    }

    /**
     * How a step's losses and gradients are computed. All three give bit-identical results
     * ({@code StepMemoryTest}, {@code GradientPlanTest}, and {@code PlannedTrainingTest} for every
     * shipped model type); only speed and memory differ.
     */
    public enum Execution {
        /** SameDiff's session with its own memory manager. */
        SESSION,
        /** SameDiff's session with a {@link StepMemory} recycling its arrays between steps. */
        RECYCLED,
        /**
         * The gradient function compiled, per update step and feed shape, into a fixed list of
         * native op calls with their arrays bound once; {@link #RECYCLED} for a graph with ops a
         * plan cannot run (control flow, in-graph random numbers). The default.
         */
        PLANNED;

        /**
         * The system property that chooses the execution of {@link Trainer#Trainer(TrainConfig, int, long, Path)}
         * and of a model's evaluation outputs ({@link CompiledOutputs}: plans only for {@link #PLANNED}).
         */
        public static final String PROPERTY = "cgm4j.execution";

        /**
         * The execution named by the system property {@value #PROPERTY} ({@code planned},
         * {@code recycled} or {@code session}); {@link #PLANNED} when it is unset. A switch for
         * benchmarks and for ruling the plan out when debugging; results are the same.
         */
        public static Execution fromSystemProperty() {
            String v = System.getProperty(PROPERTY);
            if (v == null || v.isBlank()) {
                return PLANNED;
            }
            for (Execution e : values()) {
                if (e.name().equalsIgnoreCase(v.strip())) {
                    return e;
                }
            }
            throw new IllegalArgumentException("system property " + PROPERTY + " is '" + v
                    + "'; allowed: planned, recycled, session");
        }
    }

    /**
     * A trainer whose steps run as {@link Execution#fromSystemProperty()} says (planned unless told).
     *
     * @param checkpointFile where checkpoints go; null for none
     */
    public Trainer(TrainConfig config, int batchSize, long seed, Path checkpointFile) {
        this(config, batchSize, seed, checkpointFile, Execution.fromSystemProperty());
    }

    /** A trainer whose steps run as {@code execution} says (for tests, benchmarks and debugging). */
    public Trainer(TrainConfig config, int batchSize, long seed, Path checkpointFile, Execution execution) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.config = config;
        this.batchSize = batchSize;
        this.seed = seed;
        this.checkpointFile = checkpointFile;
        this.execution = execution;
        this.owner = null;
    }

    private Trainer(Trainer t, Checkpoint.Owner owner) {
        this.config = t.config;
        this.batchSize = t.batchSize;
        this.seed = t.seed;
        this.checkpointFile = t.checkpointFile;
        this.execution = t.execution;
        this.owner = owner;
    }

    /**
     * This trainer, recording {@code owner} in every checkpoint it writes and resuming only from a
     * checkpoint that records the same owner (or none: an older checkpoint, accepted with a warning);
     * any other is refused with a {@link CheckpointException}.
     */
    public Trainer withOwner(Checkpoint.Owner owner) {
        return new Trainer(this, Objects.requireNonNull(owner, "owner"));
    }

    /**
     * Trains {@code model} on the training split of {@code data}.
     *
     * @param resume continue from the checkpoint file if there is one
     */
    public TrainResult fit(ConditionalGenerativeModel model, DataSource data, List<TrainingListener> listeners,
            boolean resume) {
        return fit(model, data, listeners, resume, null);
    }

    /**
     * As {@link #fit(ConditionalGenerativeModel, DataSource, List, boolean)}, validating with
     * {@code validator} as {@code train.validate} says (every {@code every} epochs and after the
     * last), and stopping early as {@code train.earlyStopping} says: training ends after {@code
     * patience} validations without improvement, and the model holds the weights of its best
     * validation at the end. Early stopping's counters and best weights are in every checkpoint.
     *
     * @param validator evaluates the validation split; null for none (then {@code train.validate}
     *     and {@code train.earlyStopping} are not used)
     */
    public TrainResult fit(ConditionalGenerativeModel model, DataSource data, List<TrainingListener> listeners,
            boolean resume, Validator validator) {
        Fit fit = new Fit(model, data, listeners, validator);
        if (resume && checkpointFile != null && Files.isRegularFile(checkpointFile)) {
            fit.restore(Checkpoint.read(checkpointFile));
        }
        return fit.run();
    }

    /**
     * One call of {@link #fit}: the model's optimisers and the position in training (epoch, batch,
     * iteration, noise stream, early stopping), which a checkpoint saves and restores whole.
     */
    private final class Fit {
        private final ConditionalGenerativeModel model;
        private final DataSource data;
        private final List<TrainingListener> listeners;
        private final Validator validator;
        private final SameDiff sd;
        private final TrainingSchedule schedule;
        private final DataType type;
        /** Per update step: the optimiser of each variable it trains. */
        private final Map<String, Map<String, VariableUpdater>> updaters = new LinkedHashMap<>();
        /** Per update step: the graph outputs it reads (its terms, then its total). */
        private final Map<String, List<String>> outputs = new LinkedHashMap<>();
        /** Per update step: the variables it trains, in order. */
        private final Map<String, List<String>> trainable = new LinkedHashMap<>();
        /** Per update step: the updates it has made (its optimisers' iteration). */
        private final Map<String, Long> stepIterations = new LinkedHashMap<>();
        private final boolean validating;
        private final EarlyStopping stopping;
        /** The weights of the best validation so far (early stopping only). */
        private final Map<String, INDArray> best = new LinkedHashMap<>();

        private int startEpoch;
        private int startBatch;
        private long iteration;
        private long stageStart;
        private Rng noise = Rng.derive(seed, "noise");
        private long examples;
        private long updatesPerEpoch;

        Fit(ConditionalGenerativeModel model, DataSource data, List<TrainingListener> listeners, Validator validator) {
            this.model = model;
            this.data = data;
            this.listeners = listeners;
            this.validator = validator;
            this.sd = model.graph();
            this.schedule = model.schedule();
            this.type = model.dataType();
            for (UpdateStep step : schedule.steps()) {
                Map<String, VariableUpdater> m = new LinkedHashMap<>();
                for (String var : step.trainable()) {
                    INDArray arr = sd.getArrForVarName(var);
                    if (arr == null) {
                        throw new IllegalStateException("update step '" + step.name() + "' trains '" + var
                                + "', which is not a variable of the graph");
                    }
                    m.put(var, VariableUpdater.create(step.updater(), arr));
                }
                updaters.put(step.name(), m);
                trainable.put(step.name(), List.copyOf(m.keySet()));
                List<String> outs = new ArrayList<>();
                step.objective().termNames().forEach(t -> outs.add(TermNames.variable(t)));
                outs.add(TermNames.stepTotal(step.name()));
                outputs.put(step.name(), outs);
                stepIterations.put(step.name(), 0L);
            }
            this.validating = validator != null && config.validate() != null;
            this.stopping = validating && config.earlyStopping() != null
                    ? new EarlyStopping(config.earlyStopping()) : null;
        }

        /** Continues from checkpoint {@code ck}: weights, optimiser states, position, noise and early stopping. */
        void restore(Checkpoint.Loaded ck) {
            checkOwner(ck.owner());
            if (ck.state().seed() != seed) {
                throw new CheckpointException(checkpointFile + " was written with seed " + ck.state().seed()
                        + ", not " + seed + ", so this run cannot continue from it", null);
            }
            try {
                ModelWeights.assign(sd, ck.weights(), checkpointFile.toString());
            } catch (IllegalStateException e) {
                throw new CheckpointException(e.getMessage() + " (a checkpoint of another model), so this run cannot"
                        + " continue from it", e);
            }
            for (Map.Entry<String, Map<String, VariableUpdater>> e : updaters.entrySet()) {
                Map<String, INDArray> saved = ck.updaterStates().getOrDefault(e.getKey(), Map.of());
                for (Map.Entry<String, VariableUpdater> v : e.getValue().entrySet()) {
                    if (!v.getValue().hasState()) {
                        continue;
                    }
                    INDArray s = saved.get(v.getKey());
                    if (s == null) {
                        throw new CheckpointException(checkpointFile + " has no optimiser state for "
                                + e.getKey() + "/" + v.getKey() + ", so this run cannot continue from it", null);
                    }
                    v.getValue().importState(s);
                }
            }
            stepIterations.putAll(ck.state().stepIterations());
            startEpoch = ck.state().epoch();
            startBatch = ck.state().batch();
            iteration = ck.state().iteration();
            stageStart = ck.state().stageStartIteration();
            noise = Rng.fromState(ck.state().rng());
            if (stopping != null) {
                if (ck.protocol() == null) {
                    throw new IllegalStateException(checkpointFile + " has no early-stopping state, but the run"
                            + " stops early (train.earlyStopping)");
                }
                stopping.restore(ck.protocol());
                best.putAll(ck.bestWeights());
            }
            LOG.info("resuming from {} at epoch {}, batch {}, iteration {}", checkpointFile, startEpoch, startBatch,
                    iteration);
            for (TrainingListener l : listeners) {
                l.onResume(startEpoch, iteration);
            }
        }

        /** Trains from the current position to the last epoch, or until early stopping stops it. */
        TrainResult run() {
            GradientFunction.of(sd);
            updatesPerEpoch = (data.size(Split.TRAIN) + batchSize - 1) / batchSize;
            for (String w : schedule.weightFactors()) {
                if (!config.lossWeights().containsKey(w)) {
                    throw new IllegalStateException("the model scales loss weight '" + w + "' by a scheduled factor,"
                            + " but train.lossWeights has no schedule for it; it has " + config.lossWeights().keySet());
                }
            }
            // Arrays of the gradient computation are reused from step to step (see StepMemory).
            StepMemory memory = new StepMemory();
            StepPlans plans = new StepPlans();
            try {
                long t0 = System.nanoTime();
                int stage = -1;
                int epochsDone = config.epochs();
                for (int epoch = startEpoch; epoch < config.epochs(); epoch++) {
                    if (stopping != null && stopping.stopped()) {
                        epochsDone = stopping.stoppedEpoch() + 1; // a run resumed after it stopped
                        break;
                    }
                    if (schedule.stageOf(epoch) != stage) {
                        stage = schedule.stageOf(epoch);
                        // A stage begins only at its first epoch's first batch; a resume inside it keeps its start.
                        if (epoch == schedule.firstEpochOf(stage) && !(epoch == startEpoch && startBatch > 0)) {
                            stageStart = iteration;
                        }
                        model.beforeStage(stage, data);
                    }
                    List<int[]> batches = data.epochBatches(seed, epoch, batchSize);
                    for (int b = (epoch == startEpoch ? startBatch : 0); b < batches.size(); b++) {
                        StepRecord rec = step(epoch, batches.get(b), memory, plans);
                        for (TrainingListener l : listeners) {
                            l.onStep(rec);
                        }
                        if (config.checkpointEvery() > 0 && iteration % config.checkpointEvery() == 0
                                && b + 1 < batches.size()) {
                            save(epoch, b + 1);
                        }
                    }
                    for (TrainingListener l : listeners) {
                        l.onEpochEnd(epoch, iteration);
                    }
                    if (validating && ((epoch + 1) % config.validate().every() == 0 || epoch + 1 == config.epochs())) {
                        memory.detach(); // evaluation runs on the graph's own session memory
                        validate(epoch);
                    }
                    save(epoch + 1, 0);
                    if (stopping != null && stopping.stopped()) {
                        LOG.info("early stopping after epoch {}: {} has not improved on {} (epoch {}) for {}"
                                + " validations", epoch, config.earlyStopping().metric(), stopping.best(),
                                stopping.bestEpoch(), config.earlyStopping().patience());
                        epochsDone = epoch + 1;
                        break;
                    }
                }
                if (stopping != null && !best.isEmpty()) {
                    ModelWeights.assign(sd, best, "the best weights (epoch " + stopping.bestEpoch() + ")");
                }
                return result(epochsDone, (System.nanoTime() - t0) / 1e9, plans);
            } finally {
                memory.detach();
                plans.close();
            }
        }

        /**
         * One update step on the batch {@code indices} of epoch {@code epoch}: the feed (with the
         * scheduled weight factors and learning rate), the losses and gradients, the {@link #check}
         * of the losses, clipping, and the update; returns what the listeners are told.
         */
        private StepRecord step(int epoch, int[] indices, StepMemory memory, StepPlans plans) {
            UpdateStep step = schedule.stepAt(epoch, iteration, stageStart);
            Batch batch = data.trainingBatch(seed, epoch, indices, type);
            Map<String, INDArray> ph = new LinkedHashMap<>(model.trainingFeed(batch, noise, step));
            ph.putAll(schedule.selectors(step, type));
            Map<String, Double> scheduled = new LinkedHashMap<>();
            for (String w : schedule.weightFactors()) {
                double f = config.lossWeights().get(w).at(iteration, updatesPerEpoch);
                ph.put(TermNames.weightFactor(w), Nd4j.scalar(type, f));
                scheduled.put(TermNames.weightLog(w), f);
            }
            Map<String, VariableUpdater> ups = updaters.get(step.name());
            if (config.learningRate() != null) {
                double f = config.learningRate().at(iteration, updatesPerEpoch);
                ups.values().forEach(u -> u.setLearningRateFactor(f));
                scheduled.put(TermNames.LEARNING_RATE, f);
            }
            OutAndGrad og = compute(sd, step.name(), ph, outputs.get(step.name()), trainable.get(step.name()),
                    memory, plans);

            Map<String, Double> values = new LinkedHashMap<>();
            for (String term : step.objective().termNames()) {
                values.put(term, og.getOutputs().get(TermNames.variable(term)).getDouble(0));
            }
            values.put(TermNames.TOTAL, og.getOutputs().get(TermNames.stepTotal(step.name())).getDouble(0));
            check(values, step, epoch);
            if (config.clipNorm() != null) {
                scheduled.put(TermNames.GRADIENT_NORM, clip(og.getGradients(), ups.keySet(), config.clipNorm()));
            }
            values.putAll(scheduled);
            long stepIt = stepIterations.get(step.name());
            for (Map.Entry<String, VariableUpdater> e : ups.entrySet()) {
                INDArray g = og.getGradients().get(e.getKey());
                if (g == null) {
                    continue; // the step's objective does not depend on this variable
                }
                e.getValue().apply(sd.getArrForVarName(e.getKey()), g, (int) stepIt, epoch);
            }
            release(batch, ph);
            stepIterations.put(step.name(), stepIt + 1);
            iteration++;
            examples += batch.size();
            return new StepRecord(epoch, iteration - 1, step.name(), values, batch.size());
        }

        /** Stops training with a {@link NonFiniteLossException} when a loss term is NaN or infinite, before the update. */
        private void check(Map<String, Double> values, UpdateStep step, int epoch) {
            for (Map.Entry<String, Double> v : values.entrySet()) {
                if (!Double.isFinite(v.getValue())) {
                    throw new NonFiniteLossException(String.format(
                            "loss term '%s' of step '%s' is %s at epoch %d, iteration %d; the update was not"
                                    + " applied; last good checkpoint: %s",
                            v.getKey(), step.name(), v.getValue(), epoch, iteration,
                            checkpointFile != null && Files.exists(checkpointFile) ? checkpointFile : "none"),
                            iteration);
                }
            }
        }

        /** Validates after epoch {@code epoch}, tells the listeners, and keeps the best weights for early stopping. */
        private void validate(int epoch) {
            Map<String, Double> v = validator.validate(epoch);
            for (TrainingListener l : listeners) {
                l.onValidation(epoch, iteration - 1, v);
            }
            if (stopping != null) {
                Double value = v.get(config.earlyStopping().metric());
                if (value == null) {
                    throw new IllegalArgumentException("train.earlyStopping.metric '"
                            + config.earlyStopping().metric() + "' is not a validation metric; the"
                            + " validation metrics are " + v.keySet());
                }
                if (stopping.observe(epoch, value)) {
                    best.clear();
                    ModelWeights.of(sd).forEach((k, a) -> best.put(k, a.dup()));
                }
            }
        }

        /** Writes the checkpoint of the position {@code (epoch, batch)} (the next batch to train); none without a file. */
        private void save(int epoch, int batch) {
            if (checkpointFile == null) {
                return;
            }
            Checkpoint.State state = new Checkpoint.State(epoch, batch, iteration, stageStart, stepIterations,
                    noise.state(), seed);
            Map<String, Map<String, INDArray>> states = new LinkedHashMap<>();
            updaters.forEach((step, m) -> {
                Map<String, INDArray> s = new LinkedHashMap<>();
                m.forEach((var, u) -> {
                    INDArray st = u.exportState();
                    if (st != null) {
                        s.put(var, st);
                    }
                });
                states.put(step, s);
            });
            Checkpoint.write(checkpointFile, state, ModelWeights.of(sd), states, owner,
                    stopping == null ? null : stopping.state(), best);
        }

        /** What training did, with how each update step ran (planned, recycled or by the session). */
        private TrainResult result(int epochsDone, double seconds, StepPlans plans) {
            Map<String, String> how = new LinkedHashMap<>();
            for (String name : updaters.keySet()) {
                if (plans.compiled().contains(name)) {
                    how.put(name, "planned");
                } else if (plans.refused().containsKey(name)) {
                    how.put(name, "recycled (" + plans.refused().get(name) + ")");
                } else if (stepIterations.get(name) > 0 && execution != Execution.PLANNED) {
                    how.put(name, execution.name().toLowerCase(Locale.ROOT));
                }
            }
            if (stopping != null) {
                return new TrainResult(epochsDone, iteration, examples, seconds, how, stopping.bestEpoch(),
                        stopping.best(), stopping.stopped());
            }
            return new TrainResult(config.epochs(), iteration, examples, seconds, how);
        }
    }

    /** The outputs and gradients of one update step: by a plan where the execution allows and the graph permits. */
    private OutAndGrad compute(SameDiff sd, String stepName, Map<String, INDArray> ph, List<String> outs,
            List<String> trainable, StepMemory memory, StepPlans plans) {
        if (execution == Execution.PLANNED) {
            OutAndGrad og = plans.compute(sd, stepName, ph, outs, trainable);
            if (og != null) {
                return og;
            }
        }
        if (execution != Execution.SESSION) {
            memory.attach(sd);
            memory.recycle(); // every array of the previous step is consumed
        }
        return sd.calculateGradientsAndOutputs(ph, outs, trainable);
    }

    /**
     * Frees the native memory of a step's batch and placeholder arrays now instead of when the
     * garbage collector finds them. Memory freed at once is reused by the next step; memory
     * freed late means fresh pages for every batch, and a first touch of a page costs a fault
     * and zeroing by the kernel (figures in docs/PERFORMANCE.md). Views, arrays already
     * freed (a batch array also fed as a placeholder) and arrays sharing a freed buffer are
     * skipped: {@code INDArray.close} does nothing for them.
     */
    private static void release(Batch batch, Map<String, INDArray> feed) {
        for (INDArray a : feed.values()) {
            if (a != null) {
                a.close();
            }
        }
        batch.release();
    }

    /**
     * Refuses a checkpoint written for another run than this trainer's {@link #owner}. A checkpoint
     * recording no owner (written before checkpoints recorded one) is accepted with a warning: its
     * run directory's name, which is the hash of its definition, is then the only tie.
     */
    private void checkOwner(Checkpoint.Owner recorded) {
        if (owner == null) {
            return;
        }
        if (recorded == null) {
            LOG.warn("{} does not record the run it was written for (an older checkpoint); continuing from it as"
                    + " this run's ({})", checkpointFile, owner);
        } else if (!recorded.equals(owner)) {
            throw new CheckpointException(checkpointFile + " was written for another run (" + recorded
                    + ") than this one (" + owner + "), so this run cannot continue from it", null);
        }
    }

    /**
     * Scales the step's gradients in place so that their global L2 norm, over every variable of
     * the step, is at most {@code max}; returns the norm before scaling.
     */
    static double clip(Map<String, INDArray> gradients, java.util.Collection<String> variables, double max) {
        double sumSquares = 0;
        for (String v : variables) {
            INDArray g = gradients.get(v);
            if (g != null) {
                double n = g.norm2Number().doubleValue();
                sumSquares += n * n;
            }
        }
        double norm = Math.sqrt(sumSquares);
        if (norm > max) {
            double scale = max / norm;
            for (String v : variables) {
                INDArray g = gradients.get(v);
                if (g != null) {
                    g.muli(scale);
                }
            }
        }
        return norm;
    }
}
