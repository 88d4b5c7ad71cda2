package org.cgm4j.api.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientPlanTest {
    @Test
    void plannedStepsTrainBitForBitAsSameDiffsSessionDoes() {
        // Batch 20 of 96 examples: a last batch of 16 each epoch, so a second plan per step.
        // Staged: two update steps alternate, sharing the forward ops of one gradient function.
        for (boolean staged : new boolean[] {false, true}) {
            for (int batch : new int[] {16, 20}) {
                ExecutionComparison.assertSameTraining(staged, batch, Trainer.Execution.SESSION,
                        Trainer.Execution.PLANNED);
            }
        }
    }

    @Test
    void plansOnSeveralThreadsTrainBitForBitAsTheSessionDoes() {
        String before = System.setProperty(Trainer.PLAN_THREADS_PROPERTY, "4");
        try {
            assertThat(Trainer.planThreads()).isEqualTo(4);
            for (boolean staged : new boolean[] {false, true}) {
                ExecutionComparison.assertSameTraining(staged, 20, Trainer.Execution.SESSION,
                        Trainer.Execution.PLANNED);
            }
        } finally {
            restore(before);
        }
    }

    @Test
    void aParallelRunComputesWhatAnInOrderRunComputes() throws Exception {
        // Two branches that meet only in the loss: their ops are independent until then.
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 3);
        SDVariable w1 = sd.var("w1", Nd4j.linspace(-1, 1, 15, DataType.DOUBLE).reshape(3, 5));
        SDVariable w2 = sd.var("w2", Nd4j.linspace(1, -2, 15, DataType.DOUBLE).reshape(3, 5));
        SDVariable a = sd.math().tanh(x.mmul(w1));
        SDVariable b = sd.nn().sigmoid(x.mmul(w2));
        a.mul(a).sum().add(b.mul(b).mean()).rename("loss");
        sd.setLossVariables("loss");
        sd.createGradFunction();
        SameDiff fn = sd.getFunction("grad");
        List<String> requested = List.of("loss", "w1-grad", "w2-grad");
        Map<String, INDArray> feed = Map.of("x", Nd4j.linspace(-2, 3, 18, DataType.DOUBLE).reshape(6, 3));
        GradientPlan inOrder = GradientPlan.compile(fn, feed, requested);
        Map<String, INDArray> want = new java.util.HashMap<>();
        inOrder.run(feed).forEach((k, v) -> want.put(k, v.dup()));
        String before = System.setProperty(Trainer.PLAN_THREADS_PROPERTY, "3");
        try (GradientPlan parallel = GradientPlan.compile(fn, feed, requested)) {
            for (int run = 0; run < 50; run++) {
                Map<String, INDArray> got = parallel.run(feed);
                for (String r : requested) {
                    assertThat(got.get(r)).as("%s, run %d", r, run).isEqualTo(want.get(r));
                }
            }
        } finally {
            restore(before);
            inOrder.close();
        }
    }

    @Test
    void planThreadsMustBeAPositiveNumber() {
        String before = System.setProperty(Trainer.PLAN_THREADS_PROPERTY, "two");
        try {
            assertThatThrownBy(Trainer::planThreads).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cgm4j.planThreads=two: allowed values are positive numbers");
            System.setProperty(Trainer.PLAN_THREADS_PROPERTY, "0");
            assertThatThrownBy(Trainer::planThreads).hasMessageContaining("cgm4j.planThreads=0");
        } finally {
            restore(before);
        }
    }

    private static void restore(String before) {
        if (before == null) {
            System.clearProperty(Trainer.PLAN_THREADS_PROPERTY);
        } else {
            System.setProperty(Trainer.PLAN_THREADS_PROPERTY, before);
        }
    }

    /** loss = sum(tanh(x W + b)^2) + 0.5 * mean(x W): [4, 3] x [3, 5], legacy and custom ops, a scalar input. */
    private static SameDiff graph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 3);
        SDVariable scale = sd.placeHolder("scale", DataType.DOUBLE);
        SDVariable w = sd.var("w", Nd4j.linspace(-1, 1, 15, DataType.DOUBLE).reshape(3, 5));
        SDVariable b = sd.var("b", Nd4j.linspace(-0.5, 0.5, 5, DataType.DOUBLE).reshape(1, 5));
        SDVariable xw = x.mmul(w);
        SDVariable y = sd.math().tanh(xw.add(b));
        y.mul(y).sum(1).sum().add(xw.mean().mul(scale)).rename("loss");
        sd.setLossVariables("loss");
        sd.createGradFunction();
        return sd;
    }

    @Test
    void aPlanComputesWhatTheSessionComputesAndRecomputesAfterItsInputsChange() throws Exception {
        SameDiff reference = graph();
        SameDiff sd = graph();
        SameDiff fn = sd.getFunction("grad");
        List<String> requested = List.of("loss", "w-grad", "b-grad");
        Map<String, INDArray> feed0 = Map.of("x", Nd4j.linspace(0, 1, 12, DataType.DOUBLE).reshape(4, 3),
                "scale", Nd4j.scalar(0.5));
        GradientPlan plan = GradientPlan.compile(fn, feed0, requested);
        assertThat(plan.size()).isPositive();
        for (int step = 0; step < 3; step++) {
            Map<String, INDArray> feed = Map.of("x", Nd4j.linspace(step, step + 2, 12, DataType.DOUBLE).reshape(4, 3),
                    "scale", Nd4j.scalar(0.5 + step));
            assertThat(plan.accepts(fn, feed)).isTrue();
            Map<String, INDArray> got = plan.run(feed);
            OutAndGrad want = reference.calculateGradientsAndOutputs(feed, List.of("loss"), List.of("w", "b"));
            assertThat(got.get("loss")).isEqualTo(want.getOutputs().get("loss"));
            assertThat(got.get("w-grad")).isEqualTo(want.getGradients().get("w"));
            assertThat(got.get("b-grad")).isEqualTo(want.getGradients().get("b"));
            // Weights updated in place are read by the next run, as the trainer's updates are.
            sd.getArrForVarName("w").subi(0.1);
            reference.getArrForVarName("w").subi(0.1);
        }
        // A feed of another shape, or a weight array replaced, needs a new plan.
        assertThat(plan.accepts(fn, Map.of("x", Nd4j.ones(DataType.DOUBLE, 2, 3), "scale", Nd4j.scalar(1.0))))
                .isFalse();
        sd.getVariable("b").setArray(Nd4j.zeros(DataType.DOUBLE, 1, 5));
        assertThat(plan.accepts(fn, feed0)).isFalse();
    }

    @Test
    void sharedIntermediateArraysGiveTheSameValuesInLessMemory() throws Exception {
        // Eight tanh layers of [n, 16]: without sharing a plan holds every layer's products at once.
        SameDiff sd = SameDiff.create();
        SDVariable h = sd.placeHolder("x", DataType.DOUBLE, -1, 16);
        for (int l = 0; l < 8; l++) {
            SDVariable w = sd.var("w" + l, Nd4j.linspace(-0.3 - 0.01 * l, 0.3, 256, DataType.DOUBLE).reshape(16, 16));
            h = sd.math().tanh(h.mmul(w).add(0.05 * l));
        }
        sd.identity("out", h.sum(1));
        sd.identity("first", sd.getVariable("w0").mul(2));
        Map<String, INDArray> feed0 = Map.of("x", Nd4j.linspace(-1, 1, 64, DataType.DOUBLE).reshape(4, 16));
        GradientPlan own = GradientPlan.compile(sd, feed0, List.of("out", "first"), false);
        GradientPlan shared = GradientPlan.compile(sd, feed0, List.of("out", "first"), true);
        assertThat(shared.bytes()).isLessThan(own.bytes() / 3);
        for (int step = 0; step < 3; step++) {
            Map<String, INDArray> feed = Map.of("x", Nd4j.linspace(-step, step + 1, 64, DataType.DOUBLE).reshape(4, 16));
            Map<String, INDArray> want = sd.output(feed, "out", "first");
            Map<String, INDArray> a = own.run(feed);
            assertThat(a.get("out")).isEqualTo(want.get("out"));
            Map<String, INDArray> b = shared.run(feed);
            assertThat(b.get("out")).isEqualTo(want.get("out"));
            assertThat(b.get("first")).isEqualTo(want.get("first"));
        }
        own.close();
        shared.close();
        assertThat(shared.closed()).isTrue();
    }

    @Test
    void graphsWithOpsThePlanCannotRunAreRefused() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 3);
        SDVariable w = sd.var("w", Nd4j.ones(DataType.DOUBLE, 3, 2));
        SDVariable noise = sd.random().normal(0, 1, DataType.DOUBLE, 4, 2);
        x.mmul(w).add(noise).sum().rename("loss");
        sd.setLossVariables("loss");
        sd.createGradFunction();
        assertThatThrownBy(() -> GradientPlan.compile(sd.getFunction("grad"),
                Map.of("x", Nd4j.ones(DataType.DOUBLE, 4, 3)), List.of("loss", "w-grad")))
                .isInstanceOf(GradientPlan.Unsupported.class)
                .hasMessageContaining("not a plain op");
    }
}
