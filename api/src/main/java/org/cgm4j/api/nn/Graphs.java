package org.cgm4j.api.nn;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;

/**
 * Creates the SameDiff graphs of every model, with inference sessions whose arrays always say the
 * memory layout they have.
 *
 * <p>SameDiff 1.0.0-M2.1's own session memory ({@code ArrayCacheMemoryMgr}) allocates every array
 * in 'c' order, but when it hands out a cached array again for an op whose computed output shape
 * is flagged 'f' (a {@code linear} layer's, in a graph with two of them sharing a placeholder), it
 * flips only the array's order flag and keeps the 'c' strides. Such an array reads correctly
 * element by element ({@code getDouble(i, j)} follows the strides) and compares equal, but
 * {@code castTo} and {@code toDoubleMatrix} trust the flag and copy the buffer scrambled, rows
 * mixed across examples: from the second {@code sd.output} call on, every Java-side metric reading
 * a Dense output per example or per dimension read it wrongly (totals survived).
 *
 * <p>{@link #create()} binds, once per process, an inference factory whose sessions use a cache
 * that allocates every non-empty array as a fresh allocation is: in 'c' order, flag and strides
 * alike. Values are bit for bit those of the first call (ops write through the strides).
 */
public final class Graphs {
    private static volatile boolean bound;

    private Graphs() {}

    /** A new, empty graph; every graph of the process then runs in sessions with consistent arrays. */
    public static SameDiff create() {
        bindSessions();
        return SameDiff.create();
    }

    /** Makes every inference session SameDiff creates from now on use {@link COrderArrayCache}. */
    public static synchronized void bindSessions() {
        if (!bound) {
            SameDiff.bindInferenceFactory(sd -> {
                InferenceSession session = new InferenceSession(sd);
                session.setMmgr(new COrderArrayCache());
                return session;
            });
            bound = true;
        }
    }

    /** SameDiff's array cache, minus the order flip on reuse: every array is 'c', flag and strides. */
    static final class COrderArrayCache extends ArrayCacheMemoryMgr {
        @Override
        public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
            if (descriptor.isEmpty()) {
                return super.allocate(detached, descriptor);
            }
            // The (type, shape) overload allocates and reuses exactly as the descriptor one does,
            // but never calls setOrder on a reused array.
            return super.allocate(detached, descriptor.dataType(), descriptor.getShape());
        }
    }
}
