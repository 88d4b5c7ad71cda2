package org.cgm4j.models.latentconstraints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.cgm4j.api.nn.Activation;
import org.cgm4j.api.nn.Dense;
import org.cgm4j.api.rng.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Closed forms and invariants of the latent constraints' graph pieces, in double precision: the
 * distance penalty, the gradient penalty, the critic's analytic input gradient against finite
 * differences, and the gated actor's identity when its gate is shut.
 */
class LatentConstraintsGraphTest {
    private static final DataType T = DataType.DOUBLE;

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.3, 1.0, 2.5})
    void theDistancePenaltyIsZeroAtTheIdentityAndMatchesItsClosedForm(double sigmaScale) {
        int n = 4;
        int d = 3;
        SameDiff sd = SameDiff.create();
        SDVariable zPrime = sd.placeHolder("zPrime", T, -1, d);
        SDVariable z = sd.placeHolder("z", T, -1, d);
        SDVariable sigma = sd.placeHolder("sigma", T, 1, d);
        sd.identity("dist", ActorCriticPair.distance(sd, zPrime, z, sigma));
        Rng rng = new Rng(3);
        INDArray zv = rng.gaussian(T, n, d);
        INDArray zp = rng.gaussian(T, n, d);
        double[] s = {sigmaScale, 2 * sigmaScale, 0.5 * sigmaScale};
        INDArray sv = Nd4j.create(s, new long[] {1, d}, T);

        double atIdentity = sd.output(Map.of("zPrime", zv, "z", zv, "sigma", sv), "dist").get("dist").getDouble(0);
        assertThat(atIdentity).isZero();

        double expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double delta = zp.getDouble(i, j) - zv.getDouble(i, j);
                expected += Math.log(1 + delta * delta) / (s[j] * s[j]);
            }
        }
        expected /= n * d;
        double got = sd.output(Map.of("zPrime", zp, "z", zv, "sigma", sv), "dist").get("dist").getDouble(0);
        assertThat(got).isCloseTo(expected, within(1e-12 * Math.max(1, expected)));
    }

    private static double penaltyOfLinearCritic(double weightNorm, boolean conditional) {
        int d = 4;
        int k = 3;
        SameDiff sd = SameDiff.create();
        SDVariable z = sd.placeHolder("z", T, -1, d);
        SDVariable y = conditional ? sd.placeHolder("y", T, -1, k) : null;
        Critic critic = new Critic(sd, "critic/test", d, conditional ? k : 0, 2, List.of(), Activation.RELU, T,
                new Rng(1));
        Dense layer = critic.net().layers().get(0);
        // The z rows of W get the given norm; the embedding rows (conditional) stay random.
        INDArray w = layer.weight().getArr();
        INDArray zRows = new Rng(2).gaussian(T, d, 1);
        zRows.muli(weightNorm / zRows.norm2Number().doubleValue());
        for (int j = 0; j < d; j++) {
            w.putScalar(j, 0, zRows.getDouble(j, 0));
        }
        sd.identity("gp", ActorCriticPair.gradientPenalty(sd, critic.evaluate(sd, z, y).inputGradient()));
        Map<String, INDArray> ph = conditional
                ? Map.of("z", new Rng(4).gaussian(T, 6, d),
                        "y", LatentConstraintsModel.oneHot(new int[] {0, 1, 2, 0, 1, 2}, k, T))
                : Map.of("z", new Rng(4).gaussian(T, 6, d));
        return sd.output(ph, "gp").get("gp").getDouble(0);
    }

    @Test
    void theGradientPenaltyOfALinearCriticWithUnitNormWeightsIsZero() {
        assertThat(penaltyOfLinearCritic(1.0, false)).isCloseTo(0.0, within(1e-12));
        assertThat(penaltyOfLinearCritic(1.0, true)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void theGradientPenaltyOfALinearCriticIsTheSquaredNormGap() {
        // ||dD/dz|| = ||W_z|| everywhere, so the penalty is (||W_z|| - 1)^2.
        assertThat(penaltyOfLinearCritic(2.0, false)).isCloseTo(1.0, within(1e-9));
        assertThat(penaltyOfLinearCritic(0.25, true)).isCloseTo(0.5625, within(1e-9));
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void theCriticsAnalyticInputGradientMatchesFiniteDifferences(Activation activation) {
        int n = 5;
        int d = 3;
        int k = 4;
        SameDiff sd = SameDiff.create();
        SDVariable z = sd.placeHolder("z", T, -1, d);
        SDVariable y = sd.placeHolder("y", T, -1, k);
        Critic critic = new Critic(sd, "critic/test", d, k, 2, List.of(7, 6), activation, T, new Rng(5));
        Critic.Output out = critic.evaluate(sd, z, y);
        sd.identity("logit", out.logit());
        sd.identity("grad", out.inputGradient());
        INDArray zv = new Rng(6).gaussian(T, n, d);
        INDArray yv = LatentConstraintsModel.oneHot(new int[] {0, 1, 2, 3, 1}, k, T);
        INDArray grad = sd.output(Map.of("z", zv, "y", yv), "grad").get("grad");
        INDArray logit = sd.output(Map.of("z", zv, "y", yv), "logit").get("logit");
        assertThat(logit.shape()).containsExactly(n, 1);
        assertThat(grad.shape()).containsExactly(n, d);
        double h = 1e-6;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                INDArray plus = zv.dup();
                plus.putScalar(i, j, zv.getDouble(i, j) + h);
                INDArray minus = zv.dup();
                minus.putScalar(i, j, zv.getDouble(i, j) - h);
                double fd = (sd.output(Map.of("z", plus, "y", yv), "logit").get("logit").getDouble(i, 0)
                        - sd.output(Map.of("z", minus, "y", yv), "logit").get("logit").getDouble(i, 0)) / (2 * h);
                assertThat(grad.getDouble(i, j)).as("dD/dz[%d, %d]", i, j).isCloseTo(fd, within(1e-7));
            }
        }
        // The plain forward pass and the one that also builds the gradient agree.
        sd.identity("plain", critic.logit(sd, z, y));
        assertThat(sd.output(Map.of("z", zv, "y", yv), "plain").get("plain")).isEqualTo(logit);
    }

    @Test
    void anActorWithItsGateShutIsTheIdentity() {
        int d = 4;
        SameDiff sd = SameDiff.create();
        SDVariable z = sd.placeHolder("z", DataType.FLOAT, -1, d);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 3);
        GatedActor actor = new GatedActor(sd, "actor/test", d, 3, 2, List.of(8), Activation.RELU, -1e4,
                DataType.FLOAT, new Rng(7));
        sd.identity("out", actor.apply(sd, z, y));
        INDArray zv = new Rng(8).gaussian(DataType.FLOAT, 6, d).mul(3);
        INDArray yv = LatentConstraintsModel.oneHot(new int[] {0, 1, 2, 0, 1, 2}, 3, DataType.FLOAT);
        assertThat(sd.output(Map.of("z", zv, "y", yv), "out").get("out")).isEqualTo(zv);

        // Opened wide, the actor outputs its proposal dz instead, which differs from z.
        actor.gate().bias().getArr().assign(1e4);
        assertThat(sd.output(Map.of("z", zv, "y", yv), "out").get("out")).isNotEqualTo(zv);
    }

    @Test
    void theStableSoftplusMatchesTheTextbookFormAndDoesNotOverflow() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", T, -1);
        sd.identity("sp", ActorCriticPair.softplus(sd, x));
        double[] xs = {-800, -3, 0, 2.5, 800};
        double[] got = sd.output(Map.of("x", Nd4j.create(xs, new long[] {xs.length}, T)), "sp").get("sp")
                .toDoubleVector();
        for (int i = 0; i < xs.length; i++) {
            double expected = xs[i] > 30 ? xs[i] : Math.log1p(Math.exp(xs[i]));
            assertThat(got[i]).as("softplus(%s)", xs[i]).isCloseTo(expected, within(1e-12));
        }
    }
}
