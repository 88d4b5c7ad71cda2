package org.cgm4j.api.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.nn.Graphs;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CompiledOutputsTest {
    /**
     * h = tanh(tanh(x W1 + b1) W2), out = sigmoid(h W3) [n, 4], score = sum over columns of
     * out * y [n] and rowMax = max over columns of h [n]: a chain of same-shaped intermediates
     * (which a plan shares), legacy and custom ops, a reduction along an axis, two outputs sharing
     * ops. x [n, 5], y [n, 4], float.
     */
    private static SameDiff graph() {
        SameDiff sd = Graphs.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 5);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 4);
        SDVariable w1 = sd.var("w1", Nd4j.linspace(-1, 1, 30, DataType.FLOAT).reshape(5, 6));
        SDVariable b1 = sd.var("b1", Nd4j.linspace(-0.3, 0.3, 6, DataType.FLOAT).reshape(1, 6));
        SDVariable w2 = sd.var("w2", Nd4j.linspace(0.5, -0.5, 36, DataType.FLOAT).reshape(6, 6));
        SDVariable w3 = sd.var("w3", Nd4j.linspace(-0.8, 0.6, 24, DataType.FLOAT).reshape(6, 4));
        SDVariable h = sd.math().tanh(sd.math().tanh(x.mmul(w1).add(b1)).mmul(w2));
        SDVariable out = sd.nn().sigmoid(h.mmul(w3));
        sd.identity("out", out);
        sd.identity("score", out.mul(y).sum(1));
        sd.identity("rowMax", h.max(1));
        return sd;
    }

    private static Map<String, INDArray> feed(int n, double shift) {
        return Map.of("x", Nd4j.linspace(-2 + shift, 2 + shift, n * 5L, DataType.FLOAT).reshape(n, 5),
                "y", Nd4j.linspace(1, 0, n * 4L, DataType.FLOAT).reshape(n, 4));
    }

    @Test
    void outputsAreTheSessionsBitForBitAcrossChunksOfChangingSize() {
        SameDiff sd = graph();
        SameDiff reference = graph();
        CompiledOutputs outputs = new CompiledOutputs(sd, Trainer.Execution.PLANNED);
        // Chunks of 7 rows and a last one of 3, twice over: two plans, compiled once each.
        int[] chunks = {7, 7, 3, 7, 7, 3};
        for (int c = 0; c < chunks.length; c++) {
            Map<String, INDArray> f = feed(chunks[c], 0.1 * c);
            Map<String, INDArray> got = outputs.output(f, "score", "rowMax", "out");
            Map<String, INDArray> want = reference.output(f, "score", "rowMax", "out");
            assertThat(got.keySet()).containsExactly("score", "rowMax", "out");
            int chunk = c;
            want.forEach((name, w) -> assertThat(got.get(name)).as("chunk %d, %s", chunk, name).isEqualTo(w));
            assertThat(outputs.output(f, "score")).isEqualTo(want.get("score"));
        }
        assertThat(outputs.plans()).hasSize(4); // {score, rowMax, out} and {score}, at 7 and 3 rows
        assertThat(outputs.compilations()).isEqualTo(4);
        assertThat(outputs.refused()).isEmpty();
    }

    @Test
    void returnedArraysAreTheCallersOwn() {
        CompiledOutputs outputs = new CompiledOutputs(graph(), Trainer.Execution.PLANNED);
        INDArray first = outputs.output(feed(4, 0), "out");
        INDArray kept = first.dup();
        INDArray second = outputs.output(feed(4, 1), "out"); // the same plan runs again
        assertThat(second).isNotEqualTo(kept);
        assertThat(first).isEqualTo(kept);
        first.assign(0); // writing a result does not touch the plan
        assertThat(outputs.output(feed(4, 1), "out")).isEqualTo(second);
    }

    @Test
    void weightsLoadedInPlaceOrReplacedAreSeen() {
        SameDiff sd = graph();
        SameDiff reference = graph();
        CompiledOutputs outputs = new CompiledOutputs(sd, Trainer.Execution.PLANNED);
        Map<String, INDArray> f = feed(5, 0);
        INDArray before = outputs.output(f, "score");
        assertThat(before).isEqualTo(reference.output(f, "score").get("score"));

        // Loaded in place (as ModelWeights.assign does): the same plan reads the new values.
        INDArray w2 = Nd4j.linspace(-0.2, 0.9, 36, DataType.FLOAT).reshape(6, 6);
        sd.getArrForVarName("w2").assign(w2);
        reference.getArrForVarName("w2").assign(w2);
        INDArray inPlace = outputs.output(f, "score");
        assertThat(inPlace).isNotEqualTo(before).isEqualTo(reference.output(f, "score").get("score"));
        assertThat(outputs.compilations()).isEqualTo(1);

        // An array replaced (SameDiff 1.0.0-M2.1's setArray assigns in place when the shape is the
        // same, so the bias [1, 6] becomes a [6] that broadcasts alike): the plan bound the old
        // one, so a new plan is compiled and the old one freed.
        GradientPlan old = outputs.plans().get(0);
        INDArray b1 = Nd4j.linspace(0.9, -0.2, 6, DataType.FLOAT);
        INDArray previous = sd.getArrForVarName("b1");
        sd.getVariable("b1").setArray(b1.dup());
        reference.getVariable("b1").setArray(b1.dup());
        assertThat(sd.getArrForVarName("b1")).isNotSameAs(previous);
        INDArray replaced = outputs.output(f, "score");
        assertThat(replaced).isNotEqualTo(inPlace).isEqualTo(reference.output(f, "score").get("score"));
        assertThat(outputs.compilations()).isEqualTo(2);
        assertThat(old.closed()).isTrue();
        assertThat(outputs.plans()).hasSize(1);
    }

    @Test
    void theLeastRecentlyUsedPlansBeyondTheBoundsAreClosed() {
        SameDiff sd = graph();
        CompiledOutputs outputs = new CompiledOutputs(sd, Trainer.Execution.PLANNED, 3, Long.MAX_VALUE);
        outputs.output(feed(1, 0), "out");
        GradientPlan one = outputs.plans().get(0);
        outputs.output(feed(2, 0), "out");
        GradientPlan two = outputs.plans().get(1);
        outputs.output(feed(3, 0), "out");
        outputs.output(feed(1, 0), "out"); // used again: now the most recent
        outputs.output(feed(4, 0), "out"); // a fourth: the plan for 2 rows goes
        assertThat(outputs.plans()).hasSize(3).contains(one).doesNotContain(two);
        assertThat(two.closed()).isTrue();
        assertThat(one.closed()).isFalse();

        // A bound on bytes: each new plan pushes the older ones out, but the newest always stays.
        CompiledOutputs small = new CompiledOutputs(sd, Trainer.Execution.PLANNED, 8, 1);
        small.output(feed(50, 0), "out");
        GradientPlan first = small.plans().get(0);
        assertThat(small.bytes()).isGreaterThan(1);
        small.output(feed(60, 0), "out");
        assertThat(small.plans()).hasSize(1).doesNotContain(first);
        assertThat(first.closed()).isTrue();
        assertThat(small.output(feed(60, 0), "out")).isEqualTo(graph().output(feed(60, 0), "out").get("out"));

        small.close();
        assertThat(small.plans()).isEmpty();
        assertThat(small.output(feed(2, 0), "out")).isEqualTo(graph().output(feed(2, 0), "out").get("out"));
    }

    @Test
    void theExecutionPropertySessionLeavesEveryCallToTheSession() {
        String before = System.getProperty(Trainer.Execution.PROPERTY);
        try {
            for (String value : List.of("session", "recycled")) {
                System.setProperty(Trainer.Execution.PROPERTY, value);
                CompiledOutputs outputs = new CompiledOutputs(graph());
                assertThat(outputs.planned()).isFalse();
                assertThat(outputs.output(feed(3, 0), "score"))
                        .isEqualTo(graph().output(feed(3, 0), "score").get("score"));
                assertThat(outputs.plans()).isEmpty();
                assertThat(outputs.compilations()).isZero();
            }
            System.clearProperty(Trainer.Execution.PROPERTY);
            assertThat(new CompiledOutputs(graph()).planned()).isTrue();
        } finally {
            if (before == null) {
                System.clearProperty(Trainer.Execution.PROPERTY);
            } else {
                System.setProperty(Trainer.Execution.PROPERTY, before);
            }
        }
    }

    @Test
    void outputsAPlanCannotComputeGoToTheSession() {
        SameDiff sd = Graphs.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3);
        sd.identity("shifted", x.add(1));
        sd.identity("noisy", x.add(sd.random().normal(0, 1, DataType.FLOAT, 2, 3)));
        CompiledOutputs outputs = new CompiledOutputs(sd, Trainer.Execution.PLANNED);
        Map<String, INDArray> f = Map.of("x", Nd4j.zeros(DataType.FLOAT, 2, 3));
        for (int i = 0; i < 2; i++) {
            assertThat(outputs.output(f, "noisy").shape()).containsExactly(2, 3);
        }
        assertThat(outputs.refused()).containsExactly(List.of("noisy"));
        assertThat(outputs.compilations()).isZero();
        // Other outputs of the same graph still run as plans.
        assertThat(outputs.output(f, "shifted")).isEqualTo(Nd4j.ones(DataType.FLOAT, 2, 3));
        assertThat(outputs.compilations()).isEqualTo(1);
    }
}
