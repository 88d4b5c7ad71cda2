package org.cgm4j.api.train;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.BaseNDArray;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory of a training step's graph execution, recycled whole between steps (and of an
 * evaluation loop's graph calls, recycled between chunks).
 *
 * <p>SameDiff 1.0.0-M2.1 gives back almost none of the arrays a gradient computation allocates.
 * Each step therefore paid for new native buffers (page faults and zeroing by the kernel), and
 * the buffers waited for the garbage collector, so the process grew far beyond its working set
 * (the measurements are in docs/PERFORMANCE.md).
 *
 * <p>A training step, though, allocates the same shapes in the same order every time, and none of
 * its arrays outlives the step: the trainer reads the loss values, turns each gradient into its
 * update and applies it before the next step. So this manager hands out arrays, keeps a list of
 * them, and on {@link #recycle()} (called by the trainer at the start of each step) puts every one
 * back into a pool by data type and shape, from which the next step takes them (an array SameDiff
 * releases during a call goes back at once). After the first step no step allocates; memory stays
 * at one step's worth. Arrays are handed out uninitialised, as SameDiff's own cache does: every op
 * writes its whole output.
 *
 * <p>Only for sessions whose results are consumed before the next {@link #recycle()}: the trainer
 * {@link #attach attaches} it to the gradient function's session for the length of {@code fit}
 * and {@link #detach detaches} it after; the importance-sampled CLL {@link #attachForOutputs
 * attaches} it to the graph's own session while it copies every output out chunk by chunk. Never
 * for a session whose outputs a caller keeps (sampling, pictures).
 */
public final class StepMemory extends AbstractMemoryMgr {
    private record Key(DataType type, List<Long> shape) {}

    private final Map<Key, ArrayDeque<INDArray>> free = new HashMap<>();
    private final Map<InferenceSession, SessionMemMgr> replaced = new IdentityHashMap<>();
    /** Arrays handed out and not released yet, in the order handed out (null where released since). */
    private final List<INDArray> handedOut = new ArrayList<>();
    /** Where each array of {@link #handedOut} is in that list. */
    private final Map<INDArray, Integer> slots = new IdentityHashMap<>();
    private long allocations;

    /**
     * Makes this the memory of the current thread's session of {@code graph}'s gradient function.
     * Called before every step: SameDiff builds the gradient function at the first gradient
     * computation (so the first step runs on SameDiff's own memory), and a model may rebuild it
     * (a stage that freezes variables).
     */
    public void attach(SameDiff graph) {
        SameDiff grad = graph.getFunction(GradientFunction.NAME);
        if (grad != null) { // else built by the first gradient computation, as SameDiff builds it
            attachTo(grad);
        }
    }

    /**
     * Makes this the memory of the current thread's session of {@code graph} itself, the one
     * {@code SameDiff.output} runs in: for an evaluation loop that copies every output out before
     * it calls {@link #recycle()}.
     */
    public void attachForOutputs(SameDiff graph) {
        attachTo(graph);
    }

    private void attachTo(SameDiff fn) {
        InferenceSession session = fn.getSessions().computeIfAbsent(Thread.currentThread().getId(),
                id -> new InferenceSession(fn));
        if (session.getMmgr() != this) {
            replaced.put(session, session.getMmgr());
            session.setMmgr(this);
        }
    }

    /** Gives the sessions their own memory managers back and frees the pool. */
    public void detach() {
        replaced.forEach(InferenceSession::setMmgr);
        replaced.clear();
        close();
    }

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return take(new Key(dataType, asList(shape)));
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) {
            return Nd4j.create(descriptor).detach(); // holds no memory; as SameDiff's own manager does
        }
        // Always 'c' order, flag and strides, whatever the descriptor says: SameDiff's own manager
        // allocates so (see Graphs for the order flag it flips on reuse), and the order decides the
        // summation order of later reductions, so results stay bit-identical.
        return take(new Key(descriptor.dataType(), asList(descriptor.getShape())));
    }

    private INDArray take(Key key) {
        ArrayDeque<INDArray> pool = free.get(key);
        INDArray arr = pool == null ? null : pool.poll();
        if (arr == null) {
            long[] shape = key.shape().stream().mapToLong(Long::longValue).toArray();
            arr = Nd4j.createUninitializedDetached(key.type(), shape);
            allocations++;
        } else if (arr instanceof BaseNDArray b) {
            b.assignNewId(); // sessions track arrays by id: a reused array is a new one to them
        }
        slots.put(arr, handedOut.size());
        handedOut.add(arr);
        return arr;
    }

    /**
     * SameDiff releases an array when no op of the call needs it any more: it goes back into the pool
     * at once, for a later op of the same call (so that a long forward pass needs no more memory than
     * with SameDiff's own manager). Arrays not released come back at {@link #recycle()}.
     */
    @Override
    public void release(INDArray array) {
        Integer slot = slots.remove(array);
        if (slot != null) {
            handedOut.set(slot, null);
            putBack(array);
        }
    }

    /** Puts every array handed out since the last call back into the pool: the step's results are dead. */
    public void recycle() {
        for (INDArray a : handedOut) {
            if (a != null) {
                putBack(a);
            }
        }
        handedOut.clear();
        slots.clear();
    }

    private void putBack(INDArray a) {
        if (!a.wasClosed()) {
            free.computeIfAbsent(new Key(a.dataType(), asList(a.shape())), k -> new ArrayDeque<>()).push(a);
        }
    }

    /** How many arrays were newly allocated so far (not taken from the pool). */
    public long allocations() {
        return allocations;
    }

    /** Frees the pool's native memory now rather than when the garbage collector gets to it. */
    @Override
    public void close() {
        recycle();
        for (ArrayDeque<INDArray> pool : free.values()) {
            for (INDArray a : pool) {
                if (a.closeable()) {
                    a.close();
                }
            }
        }
        free.clear();
    }

    private static List<Long> asList(long[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }
}
