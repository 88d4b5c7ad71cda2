package org.cgm4j.api.train;

import java.nio.IntBuffer;
import java.util.List;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;

/**
 * Java replacements, bit for bit, of native ops that libnd4j runs far below memory speed, for
 * {@link GradientPlan}'s calls.
 *
 * <p>ReLU's backward pass, {@code thresholdedrelu_bp(x, eps)} with threshold 0 ({@code eps} where
 * {@code x > 0}, else +0), takes libnd4j about 8 ns an element on one thread, a tenth of a CVAE
 * step (figures in docs/PERFORMANCE.md); the loop below selects on the float's bits, which the JIT
 * turns into vector instructions, at under 1 ns an element. A kernel is used only where its
 * result is the op's in every bit, NaN, signed zeros, infinities and subnormals included ({@code
 * PlanKernelsTest} compares both on all of them): FLOAT arrays, each one contiguous row of
 * memory. Anything else, and every run with the system property {@value #PROPERTY} {@code
 * false}, calls the native op.
 */
final class PlanKernels {
    /** The system property that turns the kernels off ({@code -Dcgm4j.planKernels=false}). */
    static final String PROPERTY = "cgm4j.planKernels";

    /** Elements a kernel handles at a time: its scratch arrays stay in the core's first-level cache. */
    private static final int BLOCK = 2048;

    private static final ThreadLocal<int[][]> SCRATCH = ThreadLocal.withInitial(() -> new int[][] {
        new int[BLOCK], new int[BLOCK]});

    private PlanKernels() {}

    /** The kernel computing {@code op} into the arrays of {@code context}, or null where the native op runs. */
    static Runnable of(DifferentialFunction op, OpContext context) {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            return null;
        }
        if (op instanceof DynamicCustomOp custom && "thresholdedrelu_bp".equals(custom.opName())) {
            double[] t = custom.tArgs();
            List<INDArray> in = context.getInputArrays();
            List<INDArray> out = context.getOutputArrays();
            if ((t.length == 0 || t[0] == 0.0) && in.size() == 2 && out.size() == 1) {
                INDArray x = in.get(0);
                INDArray eps = in.get(1);
                INDArray z = out.get(0);
                if (flat(x) && flat(eps) && flat(z) && x.length() == eps.length() && x.length() == z.length()) {
                    return () -> reluBackward(x, eps, z);
                }
            }
        }
        return null;
    }

    /** A FLOAT array whose elements are one contiguous run of its buffer, in row-major order. */
    private static boolean flat(INDArray a) {
        return a != null && !a.isEmpty() && a.dataType() == DataType.FLOAT && a.ordering() == 'c'
                && a.elementWiseStride() == 1 && a.offset() + a.length() <= a.data().length()
                && a.offset() + a.length() <= Integer.MAX_VALUE;
    }

    /**
     * {@code z = x > 0 ? eps : +0}, on the bits: {@code x > 0} holds exactly for the bit
     * patterns 1 (the smallest subnormal) to 0x7f800000 (+infinity); zero, negative values and
     * every NaN give +0.
     */
    static void reluBackward(INDArray x, INDArray eps, INDArray z) {
        int n = (int) x.length();
        IntBuffer xb = x.data().asNioInt();
        IntBuffer eb = eps.data().asNioInt();
        IntBuffer zb = z.data().asNioInt();
        int xo = (int) x.offset();
        int eo = (int) eps.offset();
        int zo = (int) z.offset();
        int[][] scratch = SCRATCH.get();
        int[] xs = scratch[0];
        int[] es = scratch[1];
        for (int from = 0; from < n; from += BLOCK) {
            int len = Math.min(BLOCK, n - from);
            xb.get(xo + from, xs, 0, len);
            eb.get(eo + from, es, 0, len);
            select(xs, es, len);
            zb.put(zo + from, es, 0, len);
        }
    }

    /** {@code e[i]} where the float of bits {@code x[i]} is above 0, else 0; branch-free so that it is vectorised. */
    private static void select(int[] x, int[] e, int len) {
        for (int i = 0; i < len; i++) {
            int bits = x[i];
            // -1 where bits >= 1 (positive, +infinity or a positive NaN), and -1 where bits <=
            // 0x7f800000 (not a positive NaN): both only for x > 0.
            int mask = ~((bits - 1) >> 31) & ~((0x7f800000 - bits) >> 31);
            e[i] &= mask;
        }
    }
}
