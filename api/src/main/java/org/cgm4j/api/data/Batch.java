package org.cgm4j.api.data;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One minibatch as fed to a graph: x {@code [batch, xDim]} (null when the task gives nothing), y
 * {@code [batch, yDim]}, yMask {@code [batch, yDim]} with 1 on the pixels of y that count (null
 * when all count), and each row's class label.
 */
public record Batch(INDArray x, INDArray y, INDArray yMask, int[] labels) {
    /** Checks that every array has one row per label. */
    public Batch {
        if (y == null || labels == null) {
            throw new IllegalArgumentException("a batch needs y and labels");
        }
        checkRows("y", y, labels.length);
        if (x != null) {
            checkRows("x", x, labels.length);
        }
        if (yMask != null) {
            checkRows("yMask", yMask, labels.length);
        }
    }

    /** The number of rows. */
    public int size() {
        return labels.length;
    }

    /**
     * Frees the native memory of x, y and yMask now instead of when the garbage collector finds
     * them; the batch cannot be used after. Missing arrays, views, arrays already freed and arrays
     * sharing a freed buffer are skipped ({@code INDArray.close} does nothing for them), so a batch
     * released twice, or one sharing arrays with a released batch or feed, is no error.
     */
    public void release() {
        close(x);
        close(y);
        close(yMask);
    }

    private static void close(INDArray a) {
        if (a != null) {
            a.close();
        }
    }

    /**
     * The batch stacked {@code times} times: row {@code s * size() + i} is row i (for drawing
     * several samples per example in one graph call).
     */
    public Batch repeat(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, got " + times);
        }
        if (times == 1) {
            return this;
        }
        return repeat(times, null);
    }

    /**
     * As {@link #repeat(int)}, but always into arrays other than this batch's (also for {@code
     * times} 1), written into those of {@code reuse} where their type and shape fit (new arrays
     * otherwise), as {@code DataSource.batch} does for its reuse. For loops that free each batch
     * once it is repeated and pass the previous result back as {@code reuse}: large arrays
     * allocated afresh each time cost a page fault per 4 KB on first touch, reused ones do not.
     *
     * @param reuse an earlier result whose arrays the caller no longer needs, or null
     */
    public Batch repeat(int times, Batch reuse) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, got " + times);
        }
        int[] l = new int[labels.length * times];
        for (int s = 0; s < times; s++) {
            System.arraycopy(labels, 0, l, s * labels.length, labels.length);
        }
        return new Batch(x == null ? null : stack(x, times, reuse == null ? null : reuse.x()),
                stack(y, times, reuse == null ? null : reuse.y()),
                yMask == null ? null : stack(yMask, times, reuse == null ? null : reuse.yMask()), l);
    }

    /**
     * {@code times} copies of {@code a} {@code [n, d]} one under the other, {@code [times * n, d]}
     * in 'c' order, copied as bytes straight into the result's native memory ({@code Nd4j.tile}
     * took 1.5 s for a 100-row quadrant batch 100 times): into {@code into} where it fits, else
     * into a new array.
     */
    private static INDArray stack(INDArray a, int times, INDArray into) {
        INDArray src = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
        long[] shape = {src.size(0) * times, src.size(1)};
        boolean fits = into != null && !into.wasClosed() && into.data() != a.data() && into.dataType() == src.dataType()
                && into.ordering() == 'c' && !into.isView() && Arrays.equals(into.shape(), shape);
        INDArray out = fits ? into : Nd4j.createUninitialized(src.dataType(), shape, 'c');
        int bytes = Math.toIntExact(src.length() * src.dataType().width());
        ByteBuffer from = src.data().asNio();
        ByteBuffer to = out.data().asNio();
        for (int s = 0; s < times; s++) {
            to.put(from.duplicate().position(0).limit(bytes));
        }
        return out;
    }

    private static void checkRows(String what, INDArray a, int rows) {
        if (a.rank() != 2 || a.size(0) != rows) {
            throw new IllegalArgumentException(what + " must be [" + rows + ", d], got " + Arrays.toString(a.shape()));
        }
    }
}
