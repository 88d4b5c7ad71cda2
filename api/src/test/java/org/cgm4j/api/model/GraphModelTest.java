package org.cgm4j.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.objective.Objective;
import org.cgm4j.api.objective.TermNames;
import org.cgm4j.api.objective.TrainingSchedule;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.testing.SyntheticImages;
import org.cgm4j.api.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GraphModelTest {
    private static ModelContext newContext() {
        DataSource data = SyntheticImages.source(8, 4, 4);
        return new ModelContext(data.spec(), LossWeights.of(Map.of(), List.of()), UpdaterConfig.adam(1e-3), 1,
                DataType.DOUBLE);
    }

    /** A one-weight model that installs its schedule {@code installs} times. */
    private static final class OneWeight extends GraphModel<TinyModel.Config> {
        OneWeight(int installs) {
            super("oneWeight", new TinyModel.Config(1), newContext());
            SDVariable w = sd.var("w", Nd4j.scalar(DataType.DOUBLE, 3.0));
            Objective o = Objective.builder().add(sd, "square", w.mul(w), 1.0).build();
            for (int i = 0; i < installs; i++) {
                install(TrainingSchedule.single(new UpdateStep(UpdateStep.TRAIN, o, List.of("w"), context().updater())));
            }
        }

        @Override
        public Map<String, INDArray> feed(Batch batch, Rng rng, boolean training) {
            return Map.of();
        }
    }

    @Test
    void theBaseHoldsWhatTheModelWasBuiltWithAndInstallsTheSchedule() {
        OneWeight m = new OneWeight(1);
        assertThat(m.type()).isEqualTo("oneWeight");
        assertThat(m.config()).isEqualTo(new TinyModel.Config(1));
        assertThat(m.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(m.schedule().steps()).extracting(UpdateStep::name).containsExactly(UpdateStep.TRAIN);
        Map<String, INDArray> ph = m.schedule().selectors(m.schedule().steps().get(0), DataType.DOUBLE);
        assertThat(m.graph().output(ph, TermNames.LOSS).get(TermNames.LOSS).getDouble(0)).isEqualTo(9.0);
    }

    @Test
    void aScheduleIsInstalledExactlyOnce() {
        assertThatThrownBy(() -> new OneWeight(2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("installed already");
        assertThatThrownBy(() -> new OneWeight(0).schedule()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no training schedule");
    }
}
