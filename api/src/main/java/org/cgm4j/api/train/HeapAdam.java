package org.cgm4j.api.train;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba 2015, Algorithm 1) for one FLOAT variable, with its moments on the Java heap
 * and the element loop in Java, which the JIT compiles to vector instructions.
 *
 * <p>The update is ND4J's: with t = iteration + 1,
 * {@code m = beta1 m + (1 - beta1) g}, {@code v = beta2 v + (1 - beta2) g^2},
 * {@code alpha_t = lr sqrt(1 - beta2^t) / (1 - beta1^t)} (epsilon if that is 0 or not finite) and
 * {@code update = alpha_t m / (sqrt(v) + epsilon)}, in single precision. ND4J's fused
 * {@code adam_updater} op computes the same several times slower than this loop, which the JIT
 * compiles to vector instructions, gradient copy-in and update copy-out included (figures in
 * docs/PERFORMANCE.md). Results agree with ND4J's to float rounding
 * ({@code HeapAdamTest}); the checkpoint state is ND4J's layout, m then v in one row. The
 * variable is updated in Java too ({@code param -= update}, the float subtraction ND4J's {@code
 * subi} makes, without its per-call shape checks), large variables in parts on the common
 * fork-join pool; the gradient array holds the update afterwards, as {@link VariableUpdater} says.
 */
final class HeapAdam implements VariableUpdater {
    /**
     * Variables of at least this many elements are updated in up to {@link Trainer#planThreads}
     * parts on the common fork-join pool (the update is element-wise).
     */
    static final int PARALLEL_MIN = 1 << 16;

    private final float[] m;
    private final float[] v;
    private final float[] work;
    /** The variable's values while they are updated. */
    private final float[] values;
    private final double learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final double beta1d;
    private final double beta2d;
    private double learningRateFactor = 1.0;

    HeapAdam(int length, double learningRate, double beta1, double beta2, double epsilon) {
        this.m = new float[length];
        this.v = new float[length];
        this.work = new float[length];
        this.values = new float[length];
        this.learningRate = learningRate;
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.epsilon = (float) epsilon;
        this.beta1d = beta1;
        this.beta2d = beta2;
    }

    @Override
    public void apply(INDArray param, INDArray grad, int iteration, int epoch) {
        int n = m.length;
        if (grad.length() != n || grad.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("Adam state has " + n + " FLOAT elements, the gradient "
                    + grad.length() + " " + grad.dataType());
        }
        double t = iteration + 1.0;
        double a = learningRate * Math.sqrt(1 - Math.pow(beta2d, t)) / (1 - Math.pow(beta1d, t));
        if (a == 0 || !Double.isFinite(a)) {
            a = epsilon;
        }
        // a * 1.0 is a exactly: without a schedule the update is unchanged; a factor of 0 (the end
        // of a schedule to 0) makes no update rather than ND4J's epsilon-sized one.
        a *= learningRateFactor;
        float alpha = (float) a;
        INDArray g = contiguous(grad) ? grad : grad.dup('c');
        INDArray p = contiguous(param) && param.dataType() == DataType.FLOAT && param.length() == n ? param : null;
        int parts = n < PARALLEL_MIN ? 1 : Math.min(Trainer.planThreads(), n / PARALLEL_MIN + 1);
        if (parts == 1) {
            update(g, p, 0, n, alpha);
        } else {
            // Elements are independent: the same values whatever the split.
            IntStream.range(0, parts).parallel().forEach(c -> update(g, p, (int) ((long) n * c / parts),
                    (int) ((long) n * (c + 1) / parts), alpha));
        }
        if (g != grad) {
            grad.assign(g);
        }
        if (p == null) {
            param.subi(grad);
        }
    }

    /**
     * Elements [from, to): the update into {@code g} and, when {@code param} is given, {@code param
     * -= update}, the float subtraction ND4J's {@code subi} makes.
     */
    private void update(INDArray g, INDArray param, int from, int to, float alpha) {
        int len = to - from;
        FloatBuffer gb = g.data().asNioFloat();
        int go = (int) g.offset() + from;
        gb.get(go, work, from, len);
        step(work, m, v, from, to, beta1, beta2, alpha, epsilon);
        gb.put(go, work, from, len);
        if (param != null) {
            FloatBuffer pb = param.data().asNioFloat();
            int po = (int) param.offset() + from;
            pb.get(po, values, from, len);
            subtract(values, work, from, to);
            pb.put(po, values, from, len);
        }
    }

    @Override
    public void setLearningRateFactor(double factor) {
        this.learningRateFactor = factor;
    }

    /** The element loop, kept small and branch-free so that it is vectorised. */
    private static void step(float[] g, float[] m, float[] v, int from, int to, float beta1, float beta2,
            float alpha, float epsilon) {
        float c1 = 1 - beta1;
        float c2 = 1 - beta2;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = beta1 * m[i] + c1 * gi;
            float vi = beta2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            g[i] = alpha * mi / ((float) Math.sqrt(vi) + epsilon);
        }
    }

    private static void subtract(float[] p, float[] u, int from, int to) {
        for (int i = from; i < to; i++) {
            p[i] -= u[i];
        }
    }

    private static boolean contiguous(INDArray a) {
        return a.ordering() == 'c' && a.elementWiseStride() == 1 && a.offset() + a.length() <= a.data().length()
                && a.offset() <= Integer.MAX_VALUE;
    }

    @Override
    public boolean hasState() {
        return true;
    }

    @Override
    public INDArray exportState() {
        INDArray state = Nd4j.createUninitialized(DataType.FLOAT, 1, 2L * m.length);
        FloatBuffer b = state.data().asNioFloat();
        int offset = (int) state.offset();
        b.put(offset, m, 0, m.length);
        b.put(offset + m.length, v, 0, v.length);
        return state;
    }

    @Override
    public void importState(INDArray saved) {
        if (saved.length() != 2L * m.length) {
            throw new IllegalArgumentException("Adam state of " + 2L * m.length + " elements expected, got "
                    + saved.length());
        }
        INDArray s = saved.castTo(DataType.FLOAT).dup('c');
        FloatBuffer b = s.data().asNioFloat();
        int offset = (int) s.offset();
        b.get(offset, m, 0, m.length);
        b.get(offset + m.length, v, 0, v.length);
    }
}
