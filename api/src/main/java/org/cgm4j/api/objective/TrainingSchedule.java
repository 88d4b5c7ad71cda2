package org.cgm4j.api.objective;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which update step runs at each iteration: a sequence of stages, each lasting some epochs and
 * made of a cycle of phases, each phase a step repeated a number of times. A VAE has one stage
 * of one step; the latent constraints cycle {@code critic x 10, actor x 1}; a CVAE with a baseline
 * network trains the baseline alone for some epochs first (two stages). The model is told when a
 * stage starts ({@code ConditionalGenerativeModel.beforeStage}), e.g. to compute statistics of a
 * network that the previous stage trained.
 *
 * <p>All steps share one gradient function: {@link #install} adds one scalar placeholder per step
 * and sets the graph's loss to {@code sum_s selector_s * total_s}; the trainer feeds 1 to the
 * running step and 0 to the others, and asks only for the running step's variables. Rebuilding
 * the gradient function per step ({@code setLossVariables}) would cost seconds each time.
 */
public final class TrainingSchedule {
    /** A step and how many consecutive iterations it runs. */
    public record Phase(UpdateStep step, int repeats) {
        /** Validates. */
        public Phase {
            if (repeats < 1) {
                throw new IllegalArgumentException("step '" + step.name() + "' must repeat at least once, got " + repeats);
            }
        }
    }

    /**
     * A cycle of phases run for {@code epochs} epochs; 0 in the last stage means "until training
     * ends".
     */
    public record Stage(int epochs, List<Phase> phases) {
        /** Validates and copies. */
        public Stage {
            if (epochs < 0) {
                throw new IllegalArgumentException("a stage lasts >= 0 epochs, got " + epochs);
            }
            if (phases.isEmpty()) {
                throw new IllegalArgumentException("a stage needs at least one phase");
            }
            phases = List.copyOf(phases);
        }

        int cycle() {
            return phases.stream().mapToInt(Phase::repeats).sum();
        }
    }

    private final List<Stage> stages;
    private final List<UpdateStep> steps;
    private List<String> weightFactors = List.of();

    private TrainingSchedule(List<Stage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one stage");
        }
        for (int i = 0; i < stages.size() - 1; i++) {
            if (stages.get(i).epochs() == 0) {
                throw new IllegalArgumentException("only the last stage may last until the end (epochs 0)");
            }
        }
        this.stages = List.copyOf(stages);
        Map<String, UpdateStep> byName = new LinkedHashMap<>();
        for (Stage st : stages) {
            for (Phase p : st.phases()) {
                UpdateStep prev = byName.putIfAbsent(p.step().name(), p.step());
                if (prev != null && prev != p.step()) {
                    throw new IllegalArgumentException("two different update steps are named '" + p.step().name() + "'");
                }
            }
        }
        this.steps = List.copyOf(byName.values());
    }

    /** One step, every iteration. */
    public static TrainingSchedule single(UpdateStep step) {
        return cycle(List.of(new Phase(step, 1)));
    }

    /** The phases in turn, over and over. */
    public static TrainingSchedule cycle(List<Phase> phases) {
        return new TrainingSchedule(List.of(new Stage(0, phases)));
    }

    /** Stages in sequence; the last runs until training ends. */
    public static TrainingSchedule staged(List<Stage> stages) {
        return new TrainingSchedule(new ArrayList<>(stages));
    }

    /** The distinct steps, in order of first appearance. */
    public List<UpdateStep> steps() {
        return steps;
    }

    /** The stages. */
    public List<Stage> stages() {
        return stages;
    }

    /** The stage (0-based) that epoch {@code epoch} belongs to. */
    public int stageOf(int epoch) {
        int end = 0;
        for (int i = 0; i < stages.size(); i++) {
            end += stages.get(i).epochs();
            if (stages.get(i).epochs() == 0 || epoch < end) {
                return i;
            }
        }
        return stages.size() - 1;
    }

    /** The first epoch of stage {@code stage}. */
    public int firstEpochOf(int stage) {
        int start = 0;
        for (int i = 0; i < stage; i++) {
            start += stages.get(i).epochs();
        }
        return start;
    }

    /**
     * The step that runs at global iteration {@code iteration} (0-based) of epoch {@code epoch}; the
     * position in the stage's cycle counts from {@code stageStartIteration}.
     */
    public UpdateStep stepAt(int epoch, long iteration, long stageStartIteration) {
        Stage st = stages.get(stageOf(epoch));
        long r = (iteration - stageStartIteration) % st.cycle();
        for (Phase p : st.phases()) {
            if (r < p.repeats()) {
                return p.step();
            }
            r -= p.repeats();
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * Adds each step's weighted total ({@link TermNames#stepTotal}) and the combined loss
     * ({@link TermNames#LOSS}) to the graph and makes the latter its only loss variable. Call once,
     * after the model's graph is complete.
     */
    public void install(SameDiff sd, DataType type) {
        install(sd, type, Set.of());
    }

    /**
     * As {@link #install(SameDiff, DataType)}, with every term named in {@code scheduledWeights}
     * multiplied by a scalar placeholder {@link TermNames#weightFactor} (shared by the steps that
     * have the term) that the trainer feeds before each update ({@link #weightFactors}): a loss
     * weight that changes over training without rebuilding the gradient function. Names no step
     * has are ignored.
     */
    public void install(SameDiff sd, DataType type, Set<String> scheduledWeights) {
        Map<String, SDVariable> factors = new LinkedHashMap<>();
        for (String name : new TreeSet<>(scheduledWeights)) {
            boolean used = steps.stream().anyMatch(s -> s.objective().terms().stream()
                    .anyMatch(t -> t.term().name().equals(name) && t.weight() != 0.0));
            if (used) {
                factors.put(name, sd.placeHolder(TermNames.weightFactor(name), type));
            }
        }
        weightFactors = List.copyOf(factors.keySet());
        SDVariable loss = null;
        for (UpdateStep s : steps) {
            SDVariable total = s.objective().total(sd, TermNames.stepTotal(s.name()), factors);
            if (steps.size() > 1) {
                total = total.mul(sd.placeHolder(TermNames.stepSelector(s.name()), type));
            }
            loss = loss == null ? total : loss.add(total);
        }
        sd.identity(TermNames.LOSS, loss);
        sd.setLossVariables(TermNames.LOSS);
    }

    /**
     * The loss weights whose factor placeholder {@link #install} added (sorted): the trainer feeds
     * {@link TermNames#weightFactor} of each before every update.
     */
    public List<String> weightFactors() {
        return weightFactors;
    }

    /** The selector placeholders for running {@code active}: empty when there is one step. */
    public Map<String, INDArray> selectors(UpdateStep active, DataType type) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        if (steps.size() > 1) {
            for (UpdateStep s : steps) {
                m.put(TermNames.stepSelector(s.name()), Nd4j.scalar(type, s == active ? 1.0 : 0.0));
            }
        }
        return m;
    }
}
