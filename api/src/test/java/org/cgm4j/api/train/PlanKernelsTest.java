package org.cgm4j.api.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

class PlanKernelsTest {
    /** Every float class: zeros of both signs, NaNs of both signs, infinities, subnormals, normal values. */
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc00000),
        Float.intBitsToFloat(0x7f800001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
        -Float.MIN_VALUE, 1e-40f, -1e-40f, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -2.5f};

    private static int[] bits(INDArray a) {
        int[] out = new int[(int) a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.floatToRawIntBits(a.getFloat(i));
        }
        return out;
    }

    private static DynamicCustomOp reluBackwardOp(INDArray x, INDArray eps, INDArray z) {
        return DynamicCustomOp.builder("thresholdedrelu_bp").addInputs(x, eps).addOutputs(z)
                .addFloatingPointArguments(0.0).build();
    }

    @Test
    void reluBackwardIsTheNativeOpInEveryBit() {
        int k = SPECIAL.length;
        // every pair of special values, then random values over several blocks and a partial one
        int n = k * k + 3 * 2048 + 517;
        float[] xs = new float[n];
        float[] es = new float[n];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            xs[i] = i < k * k ? SPECIAL[i / k] : (float) random.nextGaussian();
            es[i] = i < k * k ? SPECIAL[i % k] : (float) random.nextGaussian();
        }
        INDArray x = Nd4j.createFromArray(xs);
        INDArray eps = Nd4j.createFromArray(es);
        INDArray want = Nd4j.create(DataType.FLOAT, n);
        Nd4j.exec(reluBackwardOp(x, eps, want));
        INDArray got = Nd4j.create(DataType.FLOAT, n).assign(Float.NaN);
        DynamicCustomOp op = reluBackwardOp(x, eps, got);
        org.nd4j.linalg.api.ops.OpContext context = Nd4j.getExecutioner().buildContext();
        context.setInputArrays(x, eps);
        context.setOutputArrays(got);
        Runnable kernel = PlanKernels.of(op, context);
        assertThat(kernel).as("a kernel for FLOAT arrays, threshold 0").isNotNull();
        kernel.run();
        assertThat(bits(got)).isEqualTo(bits(want));
    }

    @Test
    void otherThresholdsTypesAndLayoutsKeepTheNativeOp() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3);
        INDArray eps = Nd4j.rand(DataType.FLOAT, 4, 3);
        INDArray z = Nd4j.create(DataType.FLOAT, 4, 3);
        org.nd4j.linalg.api.ops.OpContext c = Nd4j.getExecutioner().buildContext();
        c.setInputArrays(x, eps);
        c.setOutputArrays(z);
        DynamicCustomOp threshold = DynamicCustomOp.builder("thresholdedrelu_bp").addInputs(x, eps).addOutputs(z)
                .addFloatingPointArguments(0.5).build();
        assertThat(PlanKernels.of(threshold, c)).isNull();
        org.nd4j.linalg.api.ops.OpContext f = Nd4j.getExecutioner().buildContext();
        f.setInputArrays(x.dup('f'), eps);
        f.setOutputArrays(z);
        assertThat(PlanKernels.of(reluBackwardOp(x, eps, z), f)).as("column-major input").isNull();
        INDArray view = Nd4j.create(DataType.FLOAT, 17).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 17))
                .reshape(4, 3);
        org.nd4j.linalg.api.ops.OpContext v = Nd4j.getExecutioner().buildContext();
        v.setInputArrays(view, eps);
        v.setOutputArrays(z);
        assertThat(PlanKernels.of(reluBackwardOp(view, eps, z), v)).as("a view into another buffer").isNull();
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray ed = eps.castTo(DataType.DOUBLE);
        INDArray zd = z.castTo(DataType.DOUBLE);
        org.nd4j.linalg.api.ops.OpContext d = Nd4j.getExecutioner().buildContext();
        d.setInputArrays(xd, ed);
        d.setOutputArrays(zd);
        assertThat(PlanKernels.of(reluBackwardOp(xd, ed, zd), d)).as("DOUBLE").isNull();
        String before = System.setProperty(PlanKernels.PROPERTY, "false");
        try {
            assertThat(PlanKernels.of(reluBackwardOp(x, eps, z), c)).as("turned off").isNull();
        } finally {
            if (before == null) {
                System.clearProperty(PlanKernels.PROPERTY);
            } else {
                System.setProperty(PlanKernels.PROPERTY, before);
            }
        }
    }

    @Test
    void aReluNetworksPlanRunsTheKernelAndGivesTheSessionsGradients() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 6);
        SDVariable w1 = sd.var("w1", Nd4j.linspace(-1, 1, 48, DataType.FLOAT).reshape(6, 8));
        SDVariable w2 = sd.var("w2", Nd4j.linspace(1, -2, 8, DataType.FLOAT).reshape(8, 1));
        sd.nn().relu(x.mmul(w1), 0).mmul(w2).mul(2.0).sum().rename("loss");
        sd.setLossVariables("loss");
        sd.createGradFunction();
        Map<String, INDArray> feed = Map.of("x", Nd4j.linspace(-3, 2, 30, DataType.FLOAT).reshape(5, 6));
        GradientPlan plan;
        try {
            plan = GradientPlan.compile(sd.getFunction("grad"), feed, List.of("loss", "w1-grad", "w2-grad"));
        } catch (GradientPlan.Unsupported e) {
            throw new AssertionError(e);
        }
        assertThat(plan.kernels()).as("calls run by a kernel").isEqualTo(1);
        Map<String, INDArray> got = plan.run(feed);
        Map<String, INDArray> want = sd.calculateGradients(feed, "w1", "w2");
        assertThat(bits(got.get("w1-grad"))).isEqualTo(bits(want.get("w1")));
        assertThat(bits(got.get("w2-grad"))).isEqualTo(bits(want.get("w2")));
    }
}
