package org.cgm4j.api.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.model.LossWeightSpec;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.objective.TermNames;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.testing.GradientCheck;
import org.cgm4j.api.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training protocol: validation with early stopping (best weights, resumable patience),
 * learning-rate and loss-weight schedules, and gradient clipping, on the tiny test model.
 */
class TrainingProtocolTest {
    /** A validation metric's value per epoch: a scripted sequence, so the stopping epoch is known. */
    private static final double[] SCRIPT = {5, 4, 4.5, 3.5, 3.8, 3.9, 1, 1};
    private static final EarlyStoppingConfig PATIENCE_2 = new EarlyStoppingConfig("validation/score", "min", 2, null);

    private static TrainConfig stopping(int epochs) {
        ValidateConfig validate = new ValidateConfig(1, List.of(() -> null));
        return new TrainConfig(epochs, UpdaterConfig.adam(1e-2), 0, validate, PATIENCE_2, null, null, null);
    }

    private static Validator scripted() {
        return epoch -> Map.of("validation/score", SCRIPT[epoch]);
    }

    @Test
    void earlyStoppingStopsAfterPatienceValidationsWithoutImprovement() {
        EarlyStopping s = new EarlyStopping(new EarlyStoppingConfig("validation/m", "min", 3, null));
        double[] values = {10, 9, 9.5, 9.2, 8.9, 8.8, 9.9, 9.9, 9.9, 1};
        List<Boolean> improved = new ArrayList<>();
        int epoch = 0;
        while (!s.stopped()) {
            improved.add(s.observe(epoch, values[epoch]));
            epoch++;
        }
        assertThat(improved).containsExactly(true, true, false, false, true, true, false, false, false);
        assertThat(s.stoppedEpoch()).isEqualTo(8);
        assertThat(s.bestEpoch()).isEqualTo(5);
        assertThat(s.best()).isEqualTo(8.8);
        assertThatThrownBy(() -> s.observe(9, 1)).isInstanceOf(IllegalStateException.class);

        EarlyStopping max = new EarlyStopping(new EarlyStoppingConfig("validation/m", "max", 1, 0.5));
        assertThat(max.observe(0, 1.0)).isTrue();
        assertThat(max.observe(1, 1.4)).as("within minDelta").isFalse();
        assertThat(max.stoppedEpoch()).isEqualTo(1);
    }

    @Test
    void theTrainerStopsAtThePatienceEpochAndKeepsTheBestWeights() {
        TinyModel m = ExecutionComparison.model(false);
        List<Integer> validated = new ArrayList<>();
        TrainResult r = new Trainer(stopping(8), 16, 42, null).fit(m, ExecutionComparison.DATA,
                List.of(new TrainingListener() {
                    @Override
                    public void onValidation(int epoch, long iteration, Map<String, Double> values) {
                        validated.add(epoch);
                        assertThat(iteration).isEqualTo(6L * epoch + 5); // the epoch's last update
                    }
                }), false, scripted());
        // best 3.5 at epoch 3; 3.8 and 3.9 do not improve: patience 2 runs out after epoch 5
        assertThat(validated).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(r.epochs()).isEqualTo(6);
        assertThat(r.bestEpoch()).isEqualTo(3);
        assertThat(r.bestValue()).isEqualTo(3.5);
        assertThat(r.stoppedEarly()).isTrue();
        assertThat(r.iterations()).isEqualTo(36);

        // the weights are those after epoch 3: a plain run of 4 epochs ends with them
        TinyModel four = ExecutionComparison.model(false);
        new Trainer(new TrainConfig(4, UpdaterConfig.adam(1e-2), 0), 16, 42, null).fit(four, ExecutionComparison.DATA,
                List.of(), false);
        Map<String, INDArray> a = ModelWeights.of(four.graph());
        ModelWeights.of(m.graph()).forEach((k, v) -> assertThat(v).as(k).isEqualTo(a.get(k)));
    }

    @Test
    void aRunKilledMidPatienceResumesToTheUninterruptedResult(@TempDir Path dir) {
        TinyModel full = ExecutionComparison.model(false);
        List<StepRecord> fullRecords = new ArrayList<>();
        TrainResult fr = new Trainer(stopping(8), 16, 42, dir.resolve("a.ckpt")).fit(full, ExecutionComparison.DATA,
                List.of(recorder(fullRecords)), false, scripted());

        // killed in epoch 5, after epoch 4's checkpoint: one validation without improvement so far
        Path ckpt = dir.resolve("b.ckpt");
        TinyModel first = ExecutionComparison.model(false);
        assertThatThrownBy(() -> new Trainer(stopping(8), 16, 42, ckpt).fit(first, ExecutionComparison.DATA,
                List.of(new TrainingListener() {
                    @Override
                    public void onStep(StepRecord r) {
                        if (r.iteration() == 32) {
                            throw new IllegalStateException("killed");
                        }
                    }
                }), false, scripted())).hasMessage("killed");
        Checkpoint.Loaded ck = Checkpoint.read(ckpt);
        assertThat(ck.protocol()).isEqualTo(new Checkpoint.Protocol(3.5, 3, 1, -1));
        assertThat(ck.bestWeights()).isNotEmpty();

        TinyModel resumed = ExecutionComparison.model(false); // fresh weights: all from the checkpoint
        List<StepRecord> rest = new ArrayList<>();
        TrainResult rr = new Trainer(stopping(8), 16, 42, ckpt).fit(resumed, ExecutionComparison.DATA,
                List.of(recorder(rest)), true, scripted());
        assertThat(rr.epochs()).isEqualTo(fr.epochs());
        assertThat(rr.bestEpoch()).isEqualTo(fr.bestEpoch());
        assertThat(rr.iterations()).isEqualTo(fr.iterations());
        assertThat(rest).hasSize(fullRecords.size() - 30);
        for (int i = 0; i < rest.size(); i++) {
            assertThat(rest.get(i).values()).isEqualTo(fullRecords.get(i + 30).values());
        }
        Map<String, INDArray> a = ModelWeights.of(full.graph());
        ModelWeights.of(resumed.graph()).forEach((k, v) -> assertThat(v).as(k).isEqualTo(a.get(k)));

        // resuming a run that has already stopped trains no further
        TinyModel again = ExecutionComparison.model(false);
        List<StepRecord> none = new ArrayList<>();
        TrainResult ra = new Trainer(stopping(8), 16, 42, ckpt).fit(again, ExecutionComparison.DATA,
                List.of(recorder(none)), true, scripted());
        assertThat(none).isEmpty();
        assertThat(ra.epochs()).isEqualTo(6);
        ModelWeights.of(again.graph()).forEach((k, v) -> assertThat(v).as(k).isEqualTo(a.get(k)));
    }

    @Test
    void anUnknownStoppingMetricNamesTheValidationMetrics() {
        TrainConfig c = new TrainConfig(2, UpdaterConfig.adam(1e-2), 0, new ValidateConfig(1, List.of(() -> null)),
                new EarlyStoppingConfig("validation/nope", "min", 2, null), null, null, null);
        assertThatThrownBy(() -> new Trainer(c, 16, 42, null).fit(ExecutionComparison.model(false),
                ExecutionComparison.DATA, List.of(), false, scripted()))
                .hasMessageContaining("validation/nope").hasMessageContaining("validation/score");
    }

    @Test
    void schedulesTakeTheirValuesAtChosenSteps() {
        ScheduleConfig linear = ScheduleConfig.linear(0, 1, 10);
        assertThat(linear.at(0, 5)).isEqualTo(0.0);
        assertThat(linear.at(5, 5)).isEqualTo(0.5);
        assertThat(linear.at(10, 5)).isEqualTo(1.0);
        assertThat(linear.at(99, 5)).isEqualTo(1.0);
        ScheduleConfig byEpoch = new ScheduleConfig("linear", 0.0, 1.0, 2, null, null, null, "epoch");
        assertThat(byEpoch.at(5, 10)).isEqualTo(0.25); // 2 epochs of 10 updates
        ScheduleConfig step = new ScheduleConfig("step", 1.0, null, null, 100, 0.5, null, null);
        assertThat(step.at(99, 1)).isEqualTo(1.0);
        assertThat(step.at(100, 1)).isEqualTo(0.5);
        assertThat(step.at(250, 1)).isEqualTo(0.25);
        ScheduleConfig exp = new ScheduleConfig("exponential", 2.0, null, null, 10, 0.1, null, null);
        assertThat(exp.at(5, 1)).isCloseTo(2 * Math.sqrt(0.1), within(1e-15));
        assertThat(exp.at(20, 1)).isCloseTo(0.02, within(1e-15));
        ScheduleConfig cosine = new ScheduleConfig("cosine", 1.0, 0.1, 100, null, null, null, null);
        assertThat(cosine.at(0, 1)).isEqualTo(1.0);
        assertThat(cosine.at(50, 1)).isCloseTo(0.55, within(1e-15));
        assertThat(cosine.at(100, 1)).isCloseTo(0.1, within(1e-15));
        assertThat(cosine.at(1000, 1)).isCloseTo(0.1, within(1e-15));
        ScheduleConfig warm = new ScheduleConfig("cosine", 1.0, 0.0, 100, null, null, 10, null);
        assertThat(warm.at(0, 1)).isCloseTo(0.1, within(1e-15));
        assertThat(warm.at(4, 1)).isCloseTo(0.5, within(1e-15));
        assertThat(warm.at(10, 1)).isEqualTo(1.0); // the cosine starts after the warm-up
        assertThat(warm.at(60, 1)).isCloseTo(0.5, within(1e-15));
        assertThat(new ScheduleConfig("constant", 0.3, null, null, null, null, null, null).at(7, 1)).isEqualTo(0.3);
        assertThatThrownBy(() -> new ScheduleConfig("cosine", null, null, null, null, null, null, null))
                .hasMessageContaining("length");
        assertThatThrownBy(() -> new ScheduleConfig("sawtooth", null, null, null, null, null, null, null))
                .hasMessageContaining("constant, linear, step, exponential or cosine");
    }

    @Test
    void aLearningRateFactorScalesAdamsUpdateExactly() {
        HeapAdam plain = new HeapAdam(5, 1e-2, 0.9, 0.999, 1e-8);
        HeapAdam halved = new HeapAdam(5, 1e-2, 0.9, 0.999, 1e-8);
        halved.setLearningRateFactor(0.5);
        Rng rng = new Rng(3);
        INDArray pa = Nd4j.zeros(DataType.FLOAT, 5);
        INDArray pb = Nd4j.zeros(DataType.FLOAT, 5);
        for (int t = 0; t < 4; t++) {
            INDArray g = rng.gaussian(DataType.FLOAT, 1, 5).reshape(5);
            INDArray before = pb.dup();
            INDArray beforeA = pa.dup();
            plain.apply(pa, g.dup(), t, 0);
            halved.apply(pb, g.dup(), t, 0);
            // a factor of 1/2 is exact in binary: the update is exactly half
            assertThat(pb.sub(before)).isEqualTo(pa.sub(beforeA).mul(0.5));
        }
    }

    @Test
    void theScheduledLearningRateAndLossWeightAreFedAndLoggedPerUpdate() {
        ScheduleConfig lr = new ScheduleConfig("step", 1.0, null, null, 4, 0.5, 2, null);
        ScheduleConfig warmup = ScheduleConfig.linear(0, 1, 12);
        TrainConfig c = new TrainConfig(2, UpdaterConfig.adam(1e-2), 0, null, null, lr,
                Map.of("penalty", warmup), null);
        TinyModel m = scheduledModel(DataType.FLOAT);
        assertThat(m.schedule().weightFactors()).containsExactly("penalty");
        List<StepRecord> records = new ArrayList<>();
        new Trainer(c, 16, 42, null).fit(m, ExecutionComparison.DATA, List.of(recorder(records)), false);
        assertThat(records).hasSize(12);
        for (StepRecord r : records) {
            assertThat(r.values().get(TermNames.LEARNING_RATE)).isEqualTo(lr.at(r.iteration(), 6));
            assertThat(r.values().get(TermNames.weightLog("penalty"))).isEqualTo(warmup.at(r.iteration(), 6));
        }
        assertThat(records.get(0).values().get(TermNames.LEARNING_RATE)).isEqualTo(0.5);
        assertThat(records.get(11).values().get(TermNames.weightLog("penalty"))).isCloseTo(11 / 12.0, within(1e-15));
        // the total is reconstruction + 0.01 * factor * penalty: at factor 0 the penalty is out
        StepRecord r0 = records.get(0);
        assertThat(r0.values().get("loss")).isCloseTo(r0.values().get("reconstruction"), within(1e-6));
        StepRecord r11 = records.get(11);
        assertThat(r11.values().get("loss")).isCloseTo(r11.values().get("reconstruction")
                + 0.01 * (11 / 12.0) * r11.values().get("penalty"), within(1e-5));
    }

    @Test
    void aScheduledLossWeightHasFiniteDifferenceGradients() {
        TinyModel m = scheduledModel(DataType.DOUBLE);
        var batch = ExecutionComparison.DATA.batch(Split.TRAIN, new int[] {0, 1, 2, 3, 4, 5, 6, 7}, DataType.DOUBLE);
        Map<String, INDArray> ph = new LinkedHashMap<>(m.feed(batch, new Rng(9), true));
        ph.put(TermNames.weightFactor("penalty"), Nd4j.scalar(DataType.DOUBLE, 37.0));
        List<String> vars = List.copyOf(ModelWeights.of(m.graph()).keySet());
        GradientCheck.Result r = GradientCheck.check(m.graph(), ph, TermNames.LOSS, vars, 5);
        assertThat(r.checked()).isEqualTo(vars.size());
        assertThat(r.worstRelativeError()).as(r.worstVariable()).isLessThan(1e-6);
        // the factor matters: the loss moves with it as 0.01 * penalty per unit
        double at37 = m.graph().output(ph, TermNames.LOSS).get(TermNames.LOSS).getDouble(0);
        double penalty = m.graph().output(ph, TermNames.variable("penalty")).get(TermNames.variable("penalty"))
                .getDouble(0);
        ph.put(TermNames.weightFactor("penalty"), Nd4j.scalar(DataType.DOUBLE, 38.0));
        double at38 = m.graph().output(ph, TermNames.LOSS).get(TermNames.LOSS).getDouble(0);
        assertThat(at38 - at37).isCloseTo(0.01 * penalty, within(1e-9));
    }

    @Test
    void clippingBoundsTheUpdateNorm() {
        double clip = 0.05;
        UpdaterConfig sgd = new UpdaterConfig(UpdaterConfig.SGD, 1.0, 0, 0, 1e-8);
        List<Double> clipped = updateNorms(sgd, new TrainConfig(1, sgd, 0, null, null, null, null, clip), true);
        List<Double> free = updateNorms(sgd, new TrainConfig(1, sgd, 0, null, null, null, null, null), false);
        // SGD at rate 1: the update is the gradient; unclipped it is larger than the bound
        assertThat(free).anyMatch(n -> n > 2 * clip);
        assertThat(clipped).allMatch(n -> n <= clip * (1 + 1e-5));
        assertThat(clipped).anyMatch(n -> n > clip * (1 - 1e-4));
    }

    /** The L2 norm of every update over all weights, checking the logged gradient norm when {@code logged}. */
    private static List<Double> updateNorms(UpdaterConfig updater, TrainConfig c, boolean logged) {
        ModelContext ctx = new ModelContext(ExecutionComparison.DATA.spec(), LossWeights.of(Map.of(), List.of()),
                updater, 1, DataType.FLOAT);
        TinyModel m = new TinyModel(new TinyModel.Config(3, false), ctx);
        List<Double> norms = new ArrayList<>();
        Map<String, INDArray> before = new LinkedHashMap<>();
        ModelWeights.of(m.graph()).forEach((k, v) -> before.put(k, v.dup()));
        new Trainer(c, 16, 42, null).fit(m, ExecutionComparison.DATA, List.of(new TrainingListener() {
            @Override
            public void onStep(StepRecord r) {
                double sq = 0;
                for (Map.Entry<String, INDArray> e : ModelWeights.of(m.graph()).entrySet()) {
                    INDArray d = e.getValue().castTo(DataType.DOUBLE).sub(before.get(e.getKey()).castTo(DataType.DOUBLE));
                    sq += Math.pow(d.norm2Number().doubleValue(), 2);
                    before.put(e.getKey(), e.getValue().dup());
                }
                norms.add(Math.sqrt(sq));
                assertThat(r.values().containsKey(TermNames.GRADIENT_NORM)).isEqualTo(logged);
            }
        }), false);
        return norms;
    }

    private static TinyModel scheduledModel(DataType type) {
        LossWeights w = LossWeights.of(Map.of("reconstruction", 1.0, "penalty", 0.01),
                List.of(LossWeightSpec.nonNegative("reconstruction", 1.0, "r"), LossWeightSpec.nonNegative("penalty", 0.01, "p")))
                .withScheduled(Set.of("penalty"));
        ModelContext ctx = new ModelContext(ExecutionComparison.DATA.spec(), w, UpdaterConfig.adam(1e-2), 1, type);
        return new TinyModel(new TinyModel.Config(3, false), ctx);
    }

    private static TrainingListener recorder(List<StepRecord> out) {
        return new TrainingListener() {
            @Override
            public void onStep(StepRecord r) {
                out.add(r);
            }
        };
    }
}
