package org.cgm4j.api.objective;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which update step runs at each iteration: a cycle of phases, each a step repeated a number of
 * times ({@code critic x 10, actor x 1}); one step alone for a VAE.
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

    private final List<Phase> phases;
    private final List<UpdateStep> steps;
    private final int cycle;

    private TrainingSchedule(List<Phase> phases) {
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one phase");
        }
        this.phases = List.copyOf(phases);
        Map<String, UpdateStep> byName = new LinkedHashMap<>();
        for (Phase p : phases) {
            UpdateStep prev = byName.putIfAbsent(p.step().name(), p.step());
            if (prev != null && prev != p.step()) {
                throw new IllegalArgumentException("two different update steps are named '" + p.step().name() + "'");
            }
        }
        this.steps = List.copyOf(byName.values());
        this.cycle = phases.stream().mapToInt(Phase::repeats).sum();
    }

    /** One step, every iteration. */
    public static TrainingSchedule single(UpdateStep step) {
        return new TrainingSchedule(List.of(new Phase(step, 1)));
    }

    /** The phases in turn, over and over. */
    public static TrainingSchedule cycle(List<Phase> phases) {
        return new TrainingSchedule(new ArrayList<>(phases));
    }

    /** The distinct steps, in order of first appearance. */
    public List<UpdateStep> steps() {
        return steps;
    }

    /** The phases of one cycle. */
    public List<Phase> phases() {
        return phases;
    }

    /** The step that runs at global iteration {@code iteration} (0-based). */
    public UpdateStep stepAt(long iteration) {
        long r = iteration % cycle;
        for (Phase p : phases) {
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
        SDVariable loss = null;
        for (UpdateStep s : steps) {
            SDVariable total = s.objective().total(sd, TermNames.stepTotal(s.name()));
            if (steps.size() > 1) {
                total = total.mul(sd.placeHolder(TermNames.stepSelector(s.name()), type));
            }
            loss = loss == null ? total : loss.add(total);
        }
        sd.identity(TermNames.LOSS, loss);
        sd.setLossVariables(TermNames.LOSS);
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
