package org.cgm4j.models.latentconstraints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.model.LossWeights;
import org.cgm4j.api.model.ModelContext;
import org.cgm4j.api.objective.TermNames;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.rng.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code model.criticSeesEdits}: the attribute critic's loss gains one group, the actor's moves of
 * real codes with their targets labelled fake, and nothing else changes. The expected value is
 * computed from the model's own probe outputs: moved = G(z, y_target), l = D(moved, y_target),
 * and the group's cross-entropy mean softplus(l).
 */
class CriticSeesEditsTest {
    private static final long SEED = 9;

    private static LatentConstraintsModel build(DataSource data, Boolean seesEdits) {
        LatentConstraintsConfig c = LatentConstraintsPluginTest.tiny(DistanceScale.STANDARDISED);
        LatentConstraintsConfig config = new LatentConstraintsConfig(c.vaeEpochs(), c.vae(), c.pairs(), c.actor(),
                c.critic(), c.activation(), c.labelEmbedding(), c.criticSteps(), c.rawPriorFraction(), c.gateBias(),
                c.distanceScale(), null, seesEdits);
        LatentConstraintsFactory f = new LatentConstraintsFactory();
        return f.create(config, new ModelContext(data.spec(),
                LossWeights.of(LatentConstraintsPluginTest.weights(), f.lossWeights()), UpdaterConfig.adam(1e-3), SEED,
                DataType.DOUBLE));
    }

    private static double term(LatentConstraintsModel m, Map<String, INDArray> feed, String name) {
        String v = TermNames.variable(name);
        return m.graph().output(feed, v).get(v).getDouble(0);
    }

    private static INDArray probe(LatentConstraintsModel m, INDArray z, INDArray labels, String what) {
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put(LatentConstraintsModel.PROBE_Z, z);
        ph.put(LatentConstraintsModel.PROBE_LABELS, labels);
        String out = LatentConstraintsModel.probeOutput(LatentConstraintsModel.ATTRIBUTE, what);
        return m.graph().output(ph, out).get(out);
    }

    @Test
    void theCriticLearnsTheActorsMovesOfRealCodesAsFakesAndTheActorsLossIsUnchanged() {
        DataSource data = LatentConstraintsPluginTest.attributeData();
        Batch batch = data.batch(Split.TRAIN, new int[] {0, 5, 9, 14, 20, 33, 41, 57}, DataType.DOUBLE);
        LatentConstraintsModel plain = build(data, null);
        LatentConstraintsModel seeing = build(data, true);
        assertThat(plain.config().editsAreFakes()).isFalse();
        assertThat(seeing.config().editsAreFakes()).isTrue();
        Map<String, INDArray> feed = plain.feed(batch, new Rng(4), true);
        assertThat(seeing.feed(batch, new Rng(4), true).keySet()).isEqualTo(feed.keySet());

        INDArray target = feed.get(LatentConstraintsModel.TARGET);
        INDArray moved = probe(seeing, feed.get(LatentConstraintsModel.REAL), target,
                LatentConstraintsModel.TRANSFORMED);
        INDArray logits = probe(seeing, moved, target, LatentConstraintsModel.LOGIT);
        double movedAsFake = Transforms.softPlus(logits, true).meanNumber().doubleValue();

        String critic = LatentConstraintsModel.ATTRIBUTE + LatentConstraintsModel.CRITIC_TERM_SUFFIX;
        double without = term(plain, feed, critic);
        double with = term(seeing, feed, critic);
        // Groups: real, fake, real with mismatched labels; then the moved codes.
        assertThat(with).isCloseTo((3 * without + movedAsFake) / 4, within(1e-10));
        assertThat(with).isNotCloseTo(without, within(1e-6));
        String actor = LatentConstraintsModel.ATTRIBUTE;
        assertThat(term(seeing, feed, actor)).isEqualTo(term(plain, feed, actor));
        assertThat(term(seeing, feed, LatentConstraintsModel.DISTANCE))
                .isEqualTo(term(plain, feed, LatentConstraintsModel.DISTANCE));
    }
}
