package org.cgm4j.api.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StepMemoryTest {
    @Test
    void recycledStepsTrainBitForBitAsSameDiffsOwnMemoryDoes() {
        for (boolean staged : new boolean[] {false, true}) {
            ExecutionComparison.assertSameTraining(staged, 16, Trainer.Execution.SESSION, Trainer.Execution.RECYCLED);
        }
    }

    /** y = tanh(x W + b), loss = sum(y^2): [4, 3] x [3, 5]. */
    private static SameDiff graph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 3);
        SDVariable w = sd.var("w", Nd4j.linspace(-1, 1, 15, DataType.DOUBLE).reshape(3, 5));
        SDVariable b = sd.var("b", Nd4j.linspace(-0.5, 0.5, 5, DataType.DOUBLE).reshape(1, 5));
        SDVariable y = sd.math().tanh(x.mmul(w).add(b));
        y.mul(y).sum().rename("loss");
        sd.setLossVariables("loss");
        return sd;
    }

    @Test
    void afterTheFirstStepNothingIsAllocatedAndGradientsStayExact() {
        SameDiff reference = graph();
        SameDiff sd = graph();
        StepMemory memory = new StepMemory();
        long afterFirst = -1;
        // Step 0 builds the gradient function on SameDiff's own memory; step 1 fills the pool.
        for (int step = 0; step < 5; step++) {
            INDArray x = Nd4j.linspace(step, step + 1, 12, DataType.DOUBLE).reshape(4, 3);
            memory.attach(sd);
            memory.recycle();
            Map<String, INDArray> g = sd.calculateGradients(Map.of("x", x), "w", "b");
            Map<String, INDArray> expected = reference.calculateGradients(Map.of("x", x), "w", "b");
            assertThat(g.get("w")).isEqualTo(expected.get("w"));
            assertThat(g.get("b")).isEqualTo(expected.get("b"));
            if (step == 0) {
                assertThat(memory.allocations()).isZero();
            }
            if (step == 1) {
                afterFirst = memory.allocations();
                assertThat(afterFirst).isPositive();
            }
        }
        assertThat(memory.allocations()).isEqualTo(afterFirst);
        memory.detach();
        // Detached, the graph works with its own memory manager again.
        INDArray x = Nd4j.ones(DataType.DOUBLE, 2, 3);
        assertThat(sd.calculateGradients(Map.of("x", x), "w").get("w"))
                .isEqualTo(reference.calculateGradients(Map.of("x", x), "w").get("w"));
    }
}
