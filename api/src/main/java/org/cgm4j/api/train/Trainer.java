package org.cgm4j.api.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
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
    private final boolean recycleMemory;

    /**
     * @param checkpointFile where checkpoints go; null for none
     */
    public Trainer(TrainConfig config, int batchSize, long seed, Path checkpointFile) {
        this(config, batchSize, seed, checkpointFile, true);
    }

    /** As the public constructor; {@code recycleMemory = false} leaves SameDiff's own memory manager (for tests). */
    Trainer(TrainConfig config, int batchSize, long seed, Path checkpointFile, boolean recycleMemory) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.config = config;
        this.batchSize = batchSize;
        this.seed = seed;
        this.checkpointFile = checkpointFile;
        this.recycleMemory = recycleMemory;
    }

    /** The optimiser of one variable with its state array (what a checkpoint saves). */
    private record VarUpdater(GradientUpdater<?> updater, INDArray state) {}

    /**
     * Trains {@code model} on the training split of {@code data}.
     *
     * @param resume continue from the checkpoint file if there is one
     */
    public TrainResult fit(ConditionalGenerativeModel model, DataSource data, List<TrainingListener> listeners,
            boolean resume) {
        SameDiff sd = model.graph();
        TrainingSchedule schedule = model.schedule();
        DataType type = model.dataType();

        Map<String, Map<String, VarUpdater>> updaters = new LinkedHashMap<>();
        Map<String, List<String>> outputs = new LinkedHashMap<>();
        Map<String, Long> stepIterations = new LinkedHashMap<>();
        for (UpdateStep step : schedule.steps()) {
            IUpdater conf = step.updater().toNd4j();
            Map<String, VarUpdater> m = new LinkedHashMap<>();
            for (String var : step.trainable()) {
                INDArray arr = sd.getArrForVarName(var);
                if (arr == null) {
                    throw new IllegalStateException("update step '" + step.name() + "' trains '" + var
                            + "', which is not a variable of the graph");
                }
                long size = conf.stateSize(arr.length());
                INDArray state = size > 0 ? Nd4j.zeros(arr.dataType(), 1, size) : null;
                GradientUpdater<?> u = conf.instantiate(state, false);
                if (state != null) {
                    u.setStateViewArray(state, arr.shape(), arr.ordering(), true);
                }
                m.put(var, new VarUpdater(u, state));
            }
            updaters.put(step.name(), m);
            List<String> outs = new ArrayList<>();
            step.objective().termNames().forEach(t -> outs.add(TermNames.variable(t)));
            outs.add(TermNames.stepTotal(step.name()));
            outputs.put(step.name(), outs);
            stepIterations.put(step.name(), 0L);
        }

        int startEpoch = 0;
        int startBatch = 0;
        long iteration = 0;
        long stageStart = 0;
        Rng noise = Rng.derive(seed, "noise");
        if (resume && checkpointFile != null && Files.isRegularFile(checkpointFile)) {
            Checkpoint.Loaded ck = Checkpoint.read(checkpointFile);
            if (ck.state().seed() != seed) {
                throw new IllegalStateException(checkpointFile + " was written with seed " + ck.state().seed()
                        + ", not " + seed);
            }
            ModelWeights.assign(sd, ck.weights(), checkpointFile.toString());
            for (Map.Entry<String, Map<String, VarUpdater>> e : updaters.entrySet()) {
                Map<String, INDArray> saved = ck.updaterStates().getOrDefault(e.getKey(), Map.of());
                for (Map.Entry<String, VarUpdater> v : e.getValue().entrySet()) {
                    if (v.getValue().state() == null) {
                        continue;
                    }
                    INDArray s = saved.get(v.getKey());
                    if (s == null) {
                        throw new IllegalStateException(checkpointFile + " has no optimiser state for "
                                + e.getKey() + "/" + v.getKey());
                    }
                    v.getValue().state().assign(s);
                }
            }
            stepIterations.putAll(ck.state().stepIterations());
            startEpoch = ck.state().epoch();
            startBatch = ck.state().batch();
            iteration = ck.state().iteration();
            stageStart = ck.state().stageStartIteration();
            noise = Rng.fromState(ck.state().rng());
            LOG.info("resuming from {} at epoch {}, batch {}, iteration {}", checkpointFile, startEpoch, startBatch,
                    iteration);
            for (TrainingListener l : listeners) {
                l.onResume(startEpoch, iteration);
            }
        }

        // Arrays of the gradient computation are reused from step to step (see StepMemory).
        StepMemory memory = new StepMemory();
        try {
            long examples = 0;
            long t0 = System.nanoTime();
            int stage = -1;
            for (int epoch = startEpoch; epoch < config.epochs(); epoch++) {
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
                    UpdateStep step = schedule.stepAt(epoch, iteration, stageStart);
                    Batch batch = data.batch(Split.TRAIN, batches.get(b), type);
                    Map<String, INDArray> ph = new LinkedHashMap<>(model.feed(batch, noise, true));
                    ph.putAll(schedule.selectors(step, type));
                    Map<String, VarUpdater> ups = updaters.get(step.name());
                    if (recycleMemory) {
                        memory.attach(sd);
                        memory.recycle(); // every array of the previous step is consumed
                    }
                    OutAndGrad og = sd.calculateGradientsAndOutputs(ph, outputs.get(step.name()),
                            List.copyOf(ups.keySet()));

                    Map<String, Double> values = new LinkedHashMap<>();
                    for (String term : step.objective().termNames()) {
                        values.put(term, og.getOutputs().get(TermNames.variable(term)).getDouble(0));
                    }
                    values.put(TermNames.TOTAL, og.getOutputs().get(TermNames.stepTotal(step.name())).getDouble(0));
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
                    long stepIt = stepIterations.get(step.name());
                    for (Map.Entry<String, VarUpdater> e : ups.entrySet()) {
                        INDArray g = og.getGradients().get(e.getKey());
                        if (g == null) {
                            continue; // the step's objective does not depend on this variable
                        }
                        e.getValue().updater().applyUpdater(g, (int) stepIt, epoch);
                        sd.getArrForVarName(e.getKey()).subi(g);
                    }
                    stepIterations.put(step.name(), stepIt + 1);
                    iteration++;
                    examples += batch.size();
                    StepRecord rec = new StepRecord(epoch, iteration - 1, step.name(), values, batch.size());
                    for (TrainingListener l : listeners) {
                        l.onStep(rec);
                    }
                    if (config.checkpointEvery() > 0 && iteration % config.checkpointEvery() == 0
                            && b + 1 < batches.size()) {
                        save(new Checkpoint.State(epoch, b + 1, iteration, stageStart, stepIterations, noise.state(),
                                seed), sd,
                                updaters);
                    }
                }
                for (TrainingListener l : listeners) {
                    l.onEpochEnd(epoch, iteration);
                }
                save(new Checkpoint.State(epoch + 1, 0, iteration, stageStart, stepIterations, noise.state(), seed),
                        sd, updaters);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new TrainResult(config.epochs(), iteration, examples, seconds);
        } finally {
            memory.detach();
        }
    }

    private void save(Checkpoint.State state, SameDiff sd, Map<String, Map<String, VarUpdater>> updaters) {
        if (checkpointFile == null) {
            return;
        }
        Map<String, Map<String, INDArray>> states = new LinkedHashMap<>();
        updaters.forEach((step, m) -> {
            Map<String, INDArray> s = new LinkedHashMap<>();
            m.forEach((var, u) -> {
                if (u.state() != null) {
                    s.put(var, u.state());
                }
            });
            states.put(step, s);
        });
        Checkpoint.write(checkpointFile, state, ModelWeights.of(sd), states);
    }
}
