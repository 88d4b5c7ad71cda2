package org.cgm4j.api.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cgm4j.api.objective.UpdaterConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HeapAdamTest {
    private static INDArray gradient(int step) {
        // Mixed signs and magnitudes over four orders, different at every step.
        return Nd4j.linspace(-3 + step, 2 + 0.5 * step, 60, DataType.FLOAT).reshape(6, 10)
                .mul(Nd4j.linspace(1e-3, 10, 60, DataType.FLOAT).reshape(6, 10));
    }

    @Test
    void updatesAgreeWithNd4jsAdamToFloatRounding() {
        for (UpdaterConfig config : new UpdaterConfig[] {UpdaterConfig.adam(1e-2),
                new UpdaterConfig(UpdaterConfig.ADAM, 3e-4, 0.0, 0.9, 1e-8)}) {
            INDArray p1 = Nd4j.linspace(-1, 1, 60, DataType.FLOAT).reshape(6, 10);
            INDArray p2 = p1.dup();
            VariableUpdater ours = VariableUpdater.create(config, p1);
            VariableUpdater nd4j = new VariableUpdater.Nd4jUpdater(config.toNd4j(), p2);
            assertThat(ours).isInstanceOf(HeapAdam.class);
            for (int step = 0; step < 25; step++) {
                INDArray g1 = gradient(step);
                INDArray g2 = g1.dup();
                ours.apply(p1, g1, step, 0);
                nd4j.apply(p2, g2, step, 0);
                // The gradient holds the update afterwards, in both. ND4J rounds beta2 to float
                // before its bias correction (1 - 0.999f = 0.00099998713), which moves its step
                // size by up to 1e-5 relative in the first steps; ours corrects in double.
                assertThat(maxRelative(g1, g2)).as("update at step %d", step).isLessThan(3e-5);
            }
            assertThat(maxRelative(p1, p2)).isLessThan(3e-5);
            // The moments themselves involve no bias correction: float rounding only.
            assertThat(maxRelative(ours.exportState(), nd4j.exportState())).isLessThan(1e-6);
        }
    }

    @Test
    void theVariableIsUpdatedByTheFloatSubtractionOfTheUpdateInOneOrSeveralParts() {
        int n = 3 * HeapAdam.PARALLEL_MIN + 7; // split in parts when there are plan threads
        String before = System.getProperty(Trainer.PLAN_THREADS_PROPERTY);
        try {
            for (String threads : new String[] {"1", "2", "3"}) {
                System.setProperty(Trainer.PLAN_THREADS_PROPERTY, threads);
                INDArray p = Nd4j.linspace(-1, 1, n, DataType.FLOAT);
                INDArray reference = p.dup();
                HeapAdam adam = new HeapAdam(n, 1e-2, 0.9, 0.999, 1e-8);
                HeapAdam twin = new HeapAdam(n, 1e-2, 0.9, 0.999, 1e-8);
                for (int step = 0; step < 3; step++) {
                    INDArray g = Nd4j.linspace(-2 + step, 3, n, DataType.FLOAT).muli(Nd4j.linspace(1e-3, 5, n,
                            DataType.FLOAT));
                    adam.apply(p, g, step, 0);
                    // the twin updates a variable of another layout (a column view), which takes ND4J's subi
                    INDArray column = Nd4j.zeros(DataType.FLOAT, n, 2).getColumn(1).assign(reference);
                    INDArray g2 = Nd4j.linspace(-2 + step, 3, n, DataType.FLOAT).muli(Nd4j.linspace(1e-3, 5, n,
                            DataType.FLOAT));
                    twin.apply(column, g2, step, 0);
                    reference.assign(column);
                    assertThat(g).as("update, %s threads, step %d", threads, step).isEqualTo(g2);
                    assertThat(p).as("variable, %s threads, step %d", threads, step).isEqualTo(reference);
                }
            }
        } finally {
            if (before == null) {
                System.clearProperty(Trainer.PLAN_THREADS_PROPERTY);
            } else {
                System.setProperty(Trainer.PLAN_THREADS_PROPERTY, before);
            }
        }
    }

    private static double maxRelative(INDArray a, INDArray b) {
        INDArray diff = a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE));
        double scale = Math.max(b.castTo(DataType.DOUBLE).amaxNumber().doubleValue(), 1e-30);
        return diff.amaxNumber().doubleValue() / scale;
    }

    @Test
    void stateRoundTripsThroughACheckpointRowAndResumesExactly() {
        UpdaterConfig config = UpdaterConfig.adam(1e-2);
        INDArray p1 = Nd4j.linspace(-1, 1, 60, DataType.FLOAT).reshape(6, 10);
        VariableUpdater a = VariableUpdater.create(config, p1);
        for (int step = 0; step < 5; step++) {
            a.apply(p1, gradient(step), step, 0);
        }
        INDArray row = a.exportState();
        assertThat(row.shape()).containsExactly(1, 120);
        INDArray p2 = p1.dup();
        VariableUpdater b = VariableUpdater.create(config, p2);
        b.importState(row.dup());
        for (int step = 5; step < 10; step++) {
            a.apply(p1, gradient(step), step, 0);
            b.apply(p2, gradient(step), step, 0);
        }
        assertThat(p2).isEqualTo(p1);
        assertThatThrownBy(() -> b.importState(Nd4j.zeros(DataType.FLOAT, 1, 7)))
                .hasMessageContaining("120").hasMessageContaining("7");
    }

    @Test
    void aStridedGradientIsReadAndWrittenInPlace() {
        UpdaterConfig config = UpdaterConfig.adam(1e-2);
        INDArray p1 = Nd4j.linspace(-1, 1, 60, DataType.FLOAT).reshape(6, 10);
        INDArray p2 = p1.dup();
        VariableUpdater a = VariableUpdater.create(config, p1);
        VariableUpdater b = VariableUpdater.create(config, p2);
        INDArray g = gradient(0);
        INDArray strided = g.dup('f'); // same values, column-major
        a.apply(p1, g, 0, 0);
        b.apply(p2, strided, 0, 0);
        assertThat(strided).isEqualTo(g);
        assertThat(p2).isEqualTo(p1);
    }

    @Test
    void sgdAndDoubleVariablesKeepNd4jsUpdater() {
        assertThat(VariableUpdater.create(new UpdaterConfig(UpdaterConfig.SGD, 0.1, 0.9, 0.999, 1e-8),
                Nd4j.ones(DataType.FLOAT, 2, 2))).isInstanceOf(VariableUpdater.Nd4jUpdater.class);
        assertThat(VariableUpdater.create(UpdaterConfig.adam(1e-3), Nd4j.ones(DataType.DOUBLE, 2, 2)))
                .isInstanceOf(VariableUpdater.Nd4jUpdater.class);
    }
}
