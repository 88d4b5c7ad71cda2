package org.cgm4j.models.latentconstraints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.IdxFile;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.eval.EvalContext;
import org.cgm4j.api.eval.Metric;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.nn.Scopes;
import org.cgm4j.api.objective.TermNames;
import org.cgm4j.api.objective.UpdateStep;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.testing.SyntheticImages;
import org.cgm4j.api.train.StepRecord;
import org.cgm4j.api.train.TrainConfig;
import org.cgm4j.api.train.Trainer;
import org.cgm4j.api.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The latent constraints model end to end at tiny size: staged training with disjoint update
 * steps, the encoder statistics of stage 1, latent optimisation, and the metrics (determinism,
 * files written into the run directory).
 */
class LatentConstraintsModelTest {
    /** Two epochs: one of VAE, one of 2 critic steps per actor step (4 batches per epoch). */
    private static final int BATCH = 16;
    private static final long SEED = 5;
    private static final EvaluationClassifier TINY_CLASSIFIER = new EvaluationClassifier(List.of(16), 3, 3e-3, 1);

    private static DataSource data;
    private static LatentConstraintsModel trained;
    private static List<StepRecord> records;
    /** For each step, whether a variable outside the step's own networks changed. */
    private static final List<String> violations = new ArrayList<>();
    /** For each step, whether it moved any of its own variables. */
    private static final List<String> stepsThatMoved = new ArrayList<>();

    @BeforeAll
    static void trainTwoEpochs() {
        data = data();
        trained = build(data, SEED);
        Map<String, INDArray>[] previous = new Map[] {snapshot(trained)};
        records = train(trained, data, 2, new TrainingListener() {
            @Override
            public void onStep(StepRecord r) {
                Map<String, INDArray> now = snapshot(trained);
                boolean movedOwn = false;
                for (Map.Entry<String, INDArray> e : now.entrySet()) {
                    boolean changed = !e.getValue().equals(previous[0].get(e.getKey()));
                    boolean own = role(e.getKey()).equals(r.step());
                    if (changed && !own) {
                        violations.add(e.getKey() + " changed in a " + r.step() + " step");
                    }
                    movedOwn |= changed && own;
                }
                if (movedOwn) {
                    stepsThatMoved.add(r.step());
                }
                previous[0] = now;
            }
        });
    }

    static DataSource data() {
        return SyntheticImages.source(64, 32, 8);
    }

    static LatentConstraintsModel build(DataSource data, long seed) {
        LatentConstraintsFactory f = new LatentConstraintsFactory();
        return f.create(LatentConstraintsPluginTest.tiny(), new ModelContext(data.spec(),
                LossWeights.of(LatentConstraintsPluginTest.weights(), f.lossWeights()), UpdaterConfig.adam(3e-3), seed,
                DataType.FLOAT));
    }

    static List<StepRecord> train(LatentConstraintsModel m, DataSource data, int epochs, TrainingListener extra) {
        List<StepRecord> records = new ArrayList<>();
        TrainingListener rec = new TrainingListener() {
            @Override
            public void onStep(StepRecord r) {
                records.add(r);
            }
        };
        new Trainer(new TrainConfig(epochs, UpdaterConfig.adam(3e-3), 0), BATCH, 11, null)
                .fit(m, data, extra == null ? List.of(rec) : List.of(rec, extra), false);
        return records;
    }

    private static Map<String, INDArray> snapshot(LatentConstraintsModel m) {
        Map<String, INDArray> s = new LinkedHashMap<>();
        ModelWeights.of(m.graph()).forEach((k, v) -> s.put(k, v.dup()));
        return s;
    }

    private static String role(String variable) {
        if (Scopes.inScope(variable, Scopes.ACTOR)) {
            return LatentConstraintsModel.ACTOR_STEP;
        }
        if (Scopes.inScope(variable, Scopes.CRITIC)) {
            return LatentConstraintsModel.CRITIC_STEP;
        }
        return LatentConstraintsModel.VAE_STEP;
    }

    @Test
    void eachStepChangesOnlyItsOwnNetworksAndTheVaeStaysFrozenInStageOne() {
        assertThat(records).extracting(StepRecord::step)
                .containsExactly("vae", "vae", "vae", "vae", "critic", "critic", "actor", "critic");
        assertThat(violations).isEmpty();
        assertThat(stepsThatMoved).as("every step moves some of its own weights")
                .containsExactly("vae", "vae", "vae", "vae", "critic", "critic", "actor", "critic");
        assertThat(records.get(4).values()).containsKeys("realismCritic", "attributeCritic", "gradientPenalty");
        assertThat(records.get(6).values()).containsKeys("realism", "attribute", "distance");
        assertThat(records).allSatisfy(r -> assertThat(r.values().values()).allSatisfy(v -> assertThat(v).isFinite()));
    }

    @Test
    void stageOneStartsWithTheEncoderStatisticsOfTheTrainingSplit() {
        assertThat(build(data, 2).statistics()).as("none before stage 1").isNull();
        LatentConstraintsModel m = trained;
        EncoderStatistics s = m.statistics();
        assertThat(s).isNotNull();
        assertThat(s.means()).hasNumberOfRows(64);
        // sigma_bar_z is the mean posterior standard deviation, computed here independently.
        INDArray lv = m.encode(data.batch(Split.TRAIN, range(64), DataType.FLOAT).y())[1];
        INDArray expected = Nd4j.math().exp(lv.castTo(DataType.DOUBLE).mul(0.5)).mean(0);
        for (int j = 0; j < m.latentDim(); j++) {
            assertThat(s.sigmaBar()[j]).isCloseTo(expected.getDouble(j), within(1e-6)).isPositive();
        }
        // Computing again on the same weights gives the same numbers, up to the rounding of FLOAT outputs
        // (the native reductions may group their sums differently from one call to the next: seen 7e-10).
        EncoderStatistics again = EncoderStatistics.compute(m, data, Split.TRAIN, 7);
        for (int j = 0; j < m.latentDim(); j++) {
            assertThat(again.sigmaBar()[j]).isCloseTo(s.sigmaBar()[j], within(1e-8));
        }
    }

    @Test
    void eachStepFeedsOnlyWhatItNeeds() {
        Batch batch = data.batch(Split.TRAIN, range(16), DataType.FLOAT);
        // Outside training (gradient checks), even once trained: everything for the whole batch.
        Map<String, INDArray> all = build(data, 6).feed(batch, new Rng(1), true);
        assertThat(all.get(VaeGraph.Y).rows()).isEqualTo(16);
        assertThat(all.get(LatentConstraintsModel.REAL).rows()).isEqualTo(16);
        assertThat(trained.feed(batch, new Rng(1), true).get(VaeGraph.Y).rows()).isEqualTo(16);
        // Critic and actor steps: no encoder or decoder work; the real codes come from the stored statistics.
        Map<String, INDArray> pairs = trained.trainingFeed(batch, new Rng(1), step(trained,
                LatentConstraintsModel.CRITIC_STEP));
        assertThat(pairs.get(VaeGraph.Y).rows()).isEqualTo(1);
        assertThat(pairs.get(LatentConstraintsModel.REAL).rows()).isEqualTo(16);
        assertThat(pairs.get(LatentConstraintsModel.SIGMA_BAR).toDoubleVector())
                .containsExactly(trained.statistics().sigmaBar(), within(1e-6));
        assertThat(trained.trainingFeed(batch, new Rng(1), step(trained, LatentConstraintsModel.ACTOR_STEP))
                .get(VaeGraph.Y).rows()).isEqualTo(1);
        // The VAE step: the VAE's batch, one dummy row for the pairs, whatever stage was announced last.
        LatentConstraintsModel fresh = build(data, 6);
        Map<String, INDArray> vae = fresh.trainingFeed(batch, new Rng(1), step(fresh, LatentConstraintsModel.VAE_STEP));
        assertThat(vae.get(VaeGraph.Y).rows()).isEqualTo(16);
        assertThat(vae.get(LatentConstraintsModel.REAL).rows()).isEqualTo(1);
        // A pair step before the encoder statistics exist is refused rather than fed from nothing.
        assertThatThrownBy(() -> fresh.trainingFeed(batch, new Rng(1), step(fresh, LatentConstraintsModel.CRITIC_STEP)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("encoder statistics");
        // Mismatched labels always differ from the true ones.
        INDArray labels = all.get(LatentConstraintsModel.LABELS);
        INDArray mismatched = all.get(LatentConstraintsModel.MISMATCHED);
        assertThat(labels.mul(mismatched).sumNumber().doubleValue()).isZero();
    }

    @Test
    void theActorIsAskedForTheAskedLabelsWhichArePriorRowsTrueLabelsWithoutEncodedStarts() {
        Batch batch = data.batch(Split.TRAIN, range(16), DataType.FLOAT);
        Map<String, INDArray> feed = trained.trainingFeed(batch, new Rng(2), step(trained,
                LatentConstraintsModel.ACTOR_STEP));
        assertThat(feed.get(LatentConstraintsModel.ASKED)).isEqualTo(feed.get(LatentConstraintsModel.LABELS));
        // The actor's and critic's terms read what the actor is asked for from ASKED, not LABELS.
        Map<String, INDArray> other = new LinkedHashMap<>(feed);
        other.put(LatentConstraintsModel.ASKED, feed.get(LatentConstraintsModel.MISMATCHED));
        String critic = LatentConstraintsModel.ATTRIBUTE + LatentConstraintsModel.CRITIC_TERM_SUFFIX;
        for (String term : List.of(LatentConstraintsModel.ATTRIBUTE, critic)) {
            assertThat(term(trained, other, term)).as(term).isNotEqualTo(term(trained, feed, term));
        }
    }

    private static double term(LatentConstraintsModel m, Map<String, INDArray> feed, String name) {
        String v = TermNames.variable(name);
        return m.graph().output(feed, v).get(v).getDouble(0);
    }

    private static UpdateStep step(LatentConstraintsModel m, String name) {
        return m.schedule().steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    @Test
    void latentOptimisationRaisesTheCriticsScoreOfTheTargetAndStaysPutWithoutSteps() {
        LatentConstraintsModel m = trained;
        INDArray z0 = new Rng(9).gaussian(DataType.FLOAT, 8, m.latentDim());
        int[] target = {0, 1, 2, 3, 0, 1, 2, 3};
        String pair = LatentConstraintsModel.ATTRIBUTE;
        assertThat(m.optimiseLatent(pair, z0, target, 0, 0.1, 0.1)).isEqualTo(z0);
        INDArray moved = m.optimiseLatent(pair, z0, target, 40, 0.05, 0.1);
        double before = m.criticLogit(pair, z0, target).meanNumber().doubleValue();
        double after = m.criticLogit(pair, moved, target).meanNumber().doubleValue();
        assertThat(after).isGreaterThan(before);
        // A heavier distance weight keeps the codes closer.
        INDArray anchored = m.optimiseLatent(pair, z0, target, 40, 0.05, 100.0);
        assertThat(anchored.sub(z0).norm2Number().doubleValue()).isLessThan(moved.sub(z0).norm2Number().doubleValue());
    }

    @Test
    void aPairThatTheModelLacksIsAnErrorNamingThePairs() {
        LatentConstraintsModel m = trained;
        assertThatThrownBy(() -> m.transform("style", Nd4j.zeros(DataType.FLOAT, 1, m.latentDim()), new int[] {0}))
                .hasMessageContaining("style").hasMessageContaining("realism");
    }

    private static List<Metric> metrics() {
        return List.of(new LatentConstraintsMetrics.ClassifierAccuracy(TINY_CLASSIFIER),
                new LatentConstraintsMetrics.AttributeAccuracy(5, TINY_CLASSIFIER),
                new LatentConstraintsMetrics.RealismScore(20),
                new LatentConstraintsMetrics.LatentMove(20),
                new LatentConstraintsMetrics.IdentityEdits(3, 5, 0.05, 0.1, TINY_CLASSIFIER));
    }

    private static Map<String, Double> evaluate(LatentConstraintsModel m, DataSource source, Path dir) {
        Map<String, Double> all = new LinkedHashMap<>();
        for (Metric metric : metrics()) {
            metric.compute(new EvalContext(m, source, Split.TEST, 10, 5, dir))
                    .forEach((k, v) -> all.put(metric.name() + "/" + k, v));
        }
        return all;
    }

    @Test
    void theSameSeedGivesIdenticalMetricsAndTheFilesAreWritten(@TempDir Path dir) {
        Map<String, Double> a = evaluate(trained, data, dir);
        // Trained again from the same seed on a fresh data source (so the classifier is trained again too).
        DataSource fresh = data();
        LatentConstraintsModel again = build(fresh, SEED);
        train(again, fresh, 2, null);
        Map<String, Double> b = evaluate(again, fresh, null);
        assertThat(b).isEqualTo(a);
        assertThat(a.values()).allSatisfy(v -> assertThat(v).isFinite());
        assertThat(a.get("attributeAccuracy/attributeAccuracy")).isBetween(0.0, 1.0);
        assertThat(a.get("classifierAccuracy/classifierAccuracy")).isBetween(0.0, 1.0);
        assertThat(a.get("latentMove/meanMove_attribute")).isPositive();

        IdxFile.IdxArray images = IdxFile.read(dir.resolve(LatentConstraintsMetrics.AttributeAccuracy.IMAGES_FILE));
        IdxFile.IdxArray labels = IdxFile.read(dir.resolve(LatentConstraintsMetrics.AttributeAccuracy.LABELS_FILE));
        assertThat(images.dims()).containsExactly(4 * 5, 8, 8);
        assertThat(labels.dims()).containsExactly(4 * 5);
        assertThat(labels.data()).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3);
        assertThat(dir.resolve(LatentConstraintsMetrics.AttributeAccuracy.PICTURE)).isRegularFile();
        assertThat(dir.resolve(LatentConstraintsMetrics.RealismScore.PICTURE)).isRegularFile();
        assertThat(dir.resolve(LatentConstraintsMetrics.IdentityEdits.PICTURE)).isRegularFile();
        assertThat(dir.resolve(LatentConstraintsMetrics.IdentityEdits.ACTOR_PICTURE)).isRegularFile();
    }
}
