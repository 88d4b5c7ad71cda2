package org.cgm4j.api.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cgm4j.api.eval.LatentMath;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.api.testing.GradientCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DiagonalGaussianTest {
    private static final DataType D = DataType.DOUBLE;

    private static INDArray row(double... v) {
        return Nd4j.create(v, new long[] {1, v.length}, D);
    }

    private static double kl(INDArray muQ, INDArray lvQ, INDArray muP, INDArray lvP) {
        SameDiff sd = SameDiff.create();
        DiagonalGaussian q = new DiagonalGaussian(sd.constant(muQ), sd.constant(lvQ));
        DiagonalGaussian p = new DiagonalGaussian(sd.constant(muP), sd.constant(lvP));
        SDVariable out = q.kl(sd, p);
        return out.eval().getDouble(0);
    }

    static Stream<Arguments> knownKl() {
        // KL(N(m1, s1^2) || N(m2, s2^2)) = log(s2/s1) + (s1^2 + (m1-m2)^2) / (2 s2^2) - 1/2, per dimension.
        return Stream.of(
                Arguments.of(0.0, 1.0, 0.0, 1.0, 0.0),
                Arguments.of(1.0, 1.0, 0.0, 1.0, 0.5),
                Arguments.of(0.0, 2.0, 0.0, 1.0, -Math.log(2) + 2 - 0.5),
                Arguments.of(0.5, 0.5, -1.0, 2.0, Math.log(4) + (0.25 + 2.25) / 8 - 0.5));
    }

    @ParameterizedTest
    @MethodSource("knownKl")
    void klMatchesTheUnivariateClosedForm(double m1, double s1, double m2, double s2, double expected) {
        double got = kl(row(m1), row(Math.log(s1 * s1)), row(m2), row(Math.log(s2 * s2)));
        assertThat(got).isCloseTo(expected, within(1e-12));
    }

    @Test
    void klOfEqualGaussiansIsZero() {
        INDArray mu = row(0.3, -1.2, 4.0);
        INDArray lv = row(-0.5, 0.7, 2.0);
        assertThat(kl(mu, lv, mu, lv)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void klSumsOverDimensionsAndIsNonNegative() {
        Rng rng = new Rng(3);
        for (int t = 0; t < 50; t++) {
            double[] mq = new double[4], lq = new double[4], mp = new double[4], lp = new double[4];
            for (int j = 0; j < 4; j++) {
                mq[j] = 2 * rng.nextGaussian();
                lq[j] = rng.nextGaussian();
                mp[j] = 2 * rng.nextGaussian();
                lp[j] = rng.nextGaussian();
            }
            double got = kl(row(mq), row(lq), row(mp), row(lp));
            assertThat(got).isGreaterThanOrEqualTo(0.0).isCloseTo(LatentMath.kl(mq, lq, mp, lp), within(1e-10));
        }
    }

    @Test
    void klToStandardNormalEqualsTheGeneralFormAgainstZeroMeanUnitVariance() {
        SameDiff sd = SameDiff.create();
        INDArray mu = row(0.5, -2.0);
        INDArray lv = row(0.3, -1.0);
        DiagonalGaussian q = new DiagonalGaussian(sd.constant(mu), sd.constant(lv));
        double special = q.klToStandardNormal(sd).eval().getDouble(0);
        double general = kl(mu, lv, row(0, 0), row(0, 0));
        assertThat(special).isCloseTo(general, within(1e-12));
        assertThat(special).isCloseTo(LatentMath.klToStandardNormal(mu.toDoubleVector(), lv.toDoubleVector()), within(1e-12));
    }

    @Test
    void logDensityMatchesTheClosedForm() {
        SameDiff sd = SameDiff.create();
        double[] mu = {0.5, -1.0};
        double[] lv = {0.2, -0.4};
        double[] z = {1.0, 0.0};
        DiagonalGaussian q = new DiagonalGaussian(sd.constant(row(mu)), sd.constant(row(lv)));
        double got = q.logDensity(sd, sd.constant(row(z))).eval().getDouble(0);
        assertThat(got).isCloseTo(LatentMath.logNormal(z, mu, lv), within(1e-12));
    }

    @Test
    void reparameterisedSamplesHaveTheRightMoments() {
        SameDiff sd = SameDiff.create();
        int n = 20000;
        INDArray mu = Nd4j.valueArrayOf(new long[] {n, 1}, 1.5, D);
        INDArray lv = Nd4j.valueArrayOf(new long[] {n, 1}, Math.log(0.25), D);
        DiagonalGaussian q = new DiagonalGaussian(sd.constant(mu), sd.constant(lv));
        INDArray s = q.sample(sd, sd.constant(new Rng(9).gaussian(D, n, 1))).eval();
        assertThat(s.meanNumber().doubleValue()).isCloseTo(1.5, within(0.02));
        assertThat(s.stdNumber().doubleValue()).isCloseTo(0.5, within(0.02));
    }

    /** Every KL and density term, with trainable means and log-variances, in double precision. */
    @Test
    void gradientsOfKlAndLogDensityMatchFiniteDifferences() {
        Rng rng = new Rng(4);
        SameDiff sd = SameDiff.create();
        SDVariable muQ = sd.var("muQ", rng.gaussian(D, 5, 3));
        SDVariable lvQ = sd.var("lvQ", rng.gaussian(D, 5, 3).mul(0.5));
        SDVariable muP = sd.var("muP", rng.gaussian(D, 5, 3));
        SDVariable lvP = sd.var("lvP", rng.gaussian(D, 5, 3).mul(0.5));
        DiagonalGaussian q = new DiagonalGaussian(muQ, lvQ);
        DiagonalGaussian p = new DiagonalGaussian(muP, lvP);
        SDVariable z = sd.constant(rng.gaussian(D, 5, 3));
        // Scaled and reduced after the term, exactly where the built-in losses go wrong.
        q.kl(sd, p).mul(3.0).mean().rename("kl");
        q.klToStandardNormal(sd).mul(0.5).sum().rename("klStd");
        p.logDensity(sd, q.sample(sd, z)).mul(-2.0).mean().rename("logDensity");
        for (String loss : List.of("kl", "klStd", "logDensity")) {
            GradientCheck.Result r = GradientCheck.check(sd, Map.of(), loss, List.of("muQ", "lvQ", "muP", "lvP"), 1);
            assertThat(r.worstRelativeError()).as(loss + ": " + r.worstVariable()).isLessThan(1e-6);
        }
    }

    /** Raw log-variances (as a network outputs them) at and far beyond the overflow of exp(). */
    private static INDArray extremeLogVars(DataType type) {
        double[] v = {-1e4, -100, -31, -29, 0, 29, 31, 100, 1e4, 88.8, -88.8, 500};
        return Nd4j.create(v, new long[] {3, 4}, DataType.DOUBLE).castTo(type);
    }

    @Test
    void withinTheBoundTheNetworksLogVarianceIsUsedBitForBitValuesAndGradients() {
        Rng rng = new Rng(12);
        INDArray mu0 = rng.gaussian(DataType.FLOAT, 8, 5).mul(3);
        INDArray lv0 = rng.gaussian(DataType.FLOAT, 8, 5).mul(9);
        lv0.putScalar(0, 0, 29.99f);
        lv0.putScalar(0, 1, -29.99f);
        INDArray eps0 = rng.gaussian(DataType.FLOAT, 8, 5);
        Map<String, INDArray> out = new java.util.HashMap<>();
        for (boolean bounded : List.of(false, true)) {
            SameDiff sd = SameDiff.create();
            SDVariable mu = sd.var("mu", mu0.dup());
            SDVariable lv = sd.var("lv", lv0.dup());
            DiagonalGaussian q = bounded ? DiagonalGaussian.fromNetwork(sd, mu, lv) : new DiagonalGaussian(mu, lv);
            SDVariable z = q.sample(sd, sd.constant(eps0));
            q.klToStandardNormal(sd).mean().add(q.logDensity(sd, z).mean())
                    .add(q.kl(sd, new DiagonalGaussian(mu.mul(0.5), lv.mul(0.5))).mean()).rename("loss");
            sd.setLossVariables("loss");
            Map<String, INDArray> g = sd.calculateGradients(Map.of(), List.of("mu", "lv"));
            String tag = bounded ? "bounded/" : "raw/";
            out.put(tag + "loss", sd.output(Map.of(), "loss").get("loss"));
            out.put(tag + "gmu", g.get("mu"));
            out.put(tag + "glv", g.get("lv"));
        }
        for (String k : List.of("loss", "gmu", "glv")) {
            assertThat(out.get("bounded/" + k)).as(k).isEqualTo(out.get("raw/" + k));
        }
    }

    @Test
    void extremeLogVariancesGiveFiniteTermsInFloatAndDouble() {
        for (DataType type : List.of(DataType.FLOAT, D)) {
            SameDiff sd = SameDiff.create();
            INDArray lvRaw = extremeLogVars(type);
            SDVariable lv = sd.var("lv", lvRaw);
            SDVariable mu = sd.var("mu", lvRaw.mul(0.01));
            DiagonalGaussian q = DiagonalGaussian.fromNetwork(sd, mu, lv);
            DiagonalGaussian p = DiagonalGaussian.fromNetwork(sd, mu.neg(), lv.neg());
            SDVariable z = q.sample(sd, sd.constant(Nd4j.ones(type, 3, 4)));
            q.logVar().rename("logVar");
            q.kl(sd, p).mean().rename("kl");
            q.klToStandardNormal(sd).mean().rename("klStd");
            p.logDensity(sd, z).mean().rename("logDensity");
            z.sum().rename("sample");
            INDArray logVar = sd.output(Map.of(), "logVar").get("logVar");
            // The bound: the identity within +-30, logarithmic beyond, so exp() stays finite.
            assertThat(logVar.getDouble(0, 3)).isEqualTo(lvRaw.getDouble(0, 3));
            assertThat(logVar.getDouble(0, 0)).isCloseTo(-(30 + Math.log1p(1e4 - 30)), within(1e-4));
            assertThat(logVar.getDouble(2, 0)).isCloseTo(30 + Math.log1p(1e4 - 30), within(1e-4));
            for (String term : List.of("kl", "klStd", "logDensity", "sample")) {
                assertThat(sd.output(Map.of(), term).get(term).getDouble(0)).as(type + " " + term).isFinite();
                sd.setLossVariables(term);
                Map<String, INDArray> g = sd.calculateGradients(Map.of(), List.of("mu", "lv"));
                for (String v : List.of("mu", "lv")) {
                    assertThat(java.util.Arrays.stream(g.get(v).ravel().toDoubleVector()).allMatch(Double::isFinite)).as(type + " d" + term + "/d" + v).isTrue();
                }
            }
            // Far out in the tails the KL still pulls the log-variance back: a nonzero gradient.
            sd.setLossVariables("klStd");
            INDArray glv = sd.calculateGradients(Map.of(), List.of("lv")).get("lv");
            assertThat(glv.getDouble(2, 0)).as("dKL/dlv at raw 1e4").isPositive();
            assertThat(glv.getDouble(0, 0)).as("dKL/dlv at raw -1e4").isNegative();
        }
    }

    /**
     * One tail at a time (all raw log-variances of q far above the bound, or all far below), so that
     * the loss is not dominated by terms some 30 orders larger than the ones whose gradient is
     * checked; p and z are ordinary. Each term is checked against the variables its size is made
     * of: a term of order e^39 hides a derivative of order 1 below the rounding of a central
     * difference.
     */
    @ParameterizedTest
    @MethodSource("tails")
    void gradientsAtExtremeLogVariancesMatchFiniteDifferences(double sign, Map<String, List<String>> checked) {
        Rng rng = new Rng(13);
        SameDiff sd = SameDiff.create();
        // Off the kinks at +-30, so the central difference does not straddle one.
        INDArray raw = Nd4j.create(new double[] {31.3, 100, 500, 1e4, 40.7, 99.2, 2e3, 1e3}, new long[] {2, 4}, D);
        SDVariable lvQ = sd.var("lvQ", raw.mul(sign));
        SDVariable muQ = sd.var("muQ", rng.gaussian(D, 2, 4).mul(3));
        SDVariable lvP = sd.var("lvP", rng.gaussian(D, 2, 4));
        SDVariable muP = sd.var("muP", rng.gaussian(D, 2, 4));
        DiagonalGaussian q = DiagonalGaussian.fromNetwork(sd, muQ, lvQ);
        DiagonalGaussian p = DiagonalGaussian.fromNetwork(sd, muP, lvP);
        SDVariable eps = sd.constant(rng.gaussian(D, 2, 4));
        q.kl(sd, p).mul(3.0).mean().rename("kl");
        q.klToStandardNormal(sd).mul(0.5).sum().rename("klStd");
        q.logDensity(sd, p.sample(sd, eps)).mul(-2.0).mean().rename("logDensity");
        p.logDensity(sd, q.sample(sd, eps)).mul(-2.0).mean().rename("logDensityOfSample");
        for (Map.Entry<String, List<String>> e : checked.entrySet()) {
            String loss = e.getKey();
            assertThat(sd.output(Map.of(), loss).get(loss).getDouble(0)).as(loss).isFinite();
            GradientCheck.Result r = GradientCheck.check(sd, Map.of(), loss, e.getValue(), 3);
            assertThat(r.worstRelativeError()).as(sign + " " + loss + ": " + r.worstVariable()).isLessThan(1e-5);
        }
    }

    static Stream<Arguments> tails() {
        List<String> all = List.of("muQ", "lvQ", "muP", "lvP");
        return Stream.of(
                // Variances up to e^39: the terms grow with them, so their log-variance gradients are checked.
                Arguments.of(1.0, Map.of("kl", List.of("lvQ", "lvP"), "klStd", List.of("lvQ"),
                        "logDensity", List.of("muQ", "lvQ"), "logDensityOfSample", List.of("lvQ", "lvP"))),
                // Variances down to e^-39: KL terms stay of ordinary size; densities grow as 1 / variance.
                Arguments.of(-1.0, Map.of("kl", all, "klStd", List.of("muQ", "lvQ"),
                        "logDensity", List.of("muQ", "lvQ"), "logDensityOfSample", List.of("muQ", "muP", "lvP"))));
    }
}
