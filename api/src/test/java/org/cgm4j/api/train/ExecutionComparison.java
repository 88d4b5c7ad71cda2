package org.cgm4j.api.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.testing.SyntheticImages;
import org.cgm4j.api.testing.TinyModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains the tiny test model under two executions and checks that they agree bit for bit; also
 * the data, model and recording fit that {@code TrainerTest} trains with.
 */
final class ExecutionComparison {
    /** 96 training and 16 test images of 6 x 6 pixels. */
    static final DataSource DATA = SyntheticImages.source(96, 16, 6);

    private ExecutionComparison() {}

    /**
     * A fresh tiny model on {@link #DATA}.
     *
     * @param staged the two-stage schedule whose update steps alternate
     */
    static TinyModel model(boolean staged) {
        ModelContext ctx = new ModelContext(DATA.spec(), LossWeights.of(Map.of(), List.of()), UpdaterConfig.adam(1e-2),
                1, DataType.FLOAT);
        return new TinyModel(new TinyModel.Config(3, staged), ctx);
    }

    /**
     * Trains {@code m} on {@link #DATA} with {@code trainer}.
     *
     * @param extra listeners that see each step after it is recorded
     * @return every step's record, in order
     */
    static List<StepRecord> fit(Trainer trainer, TinyModel m, boolean resume, TrainingListener... extra) {
        List<StepRecord> records = new ArrayList<>();
        List<TrainingListener> ls = new ArrayList<>(List.of(extra));
        ls.add(0, new TrainingListener() {
            @Override
            public void onStep(StepRecord r) {
                records.add(r);
            }
        });
        trainer.fit(m, DATA, ls, resume);
        return records;
    }

    private static List<StepRecord> fit(TinyModel m, int batchSize, Trainer.Execution execution) {
        return fit(new Trainer(new TrainConfig(3, UpdaterConfig.adam(1e-2), 0), batchSize, 42, null, execution), m,
                false);
    }

    /**
     * Three epochs of 96 examples, with {@code reference} and with {@code other}: every loss term
     * of every step and every weight at the end are equal.
     *
     * @param staged the two-stage schedule whose update steps alternate
     */
    static void assertSameTraining(boolean staged, int batchSize, Trainer.Execution reference,
            Trainer.Execution other) {
        TinyModel a = model(staged);
        TinyModel b = model(staged);
        List<StepRecord> ra = fit(a, batchSize, reference);
        List<StepRecord> rb = fit(b, batchSize, other);
        assertThat(rb).hasSameSizeAs(ra);
        for (int i = 0; i < ra.size(); i++) {
            assertThat(rb.get(i).values()).as("step %d, staged %s, batch %d", i, staged, batchSize)
                    .isEqualTo(ra.get(i).values());
        }
        Map<String, INDArray> wa = ModelWeights.of(a.graph());
        Map<String, INDArray> wb = ModelWeights.of(b.graph());
        wa.forEach((k, v) -> assertThat(wb.get(k)).as(k).isEqualTo(v));
    }
}
