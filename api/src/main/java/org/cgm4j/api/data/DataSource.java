package org.cgm4j.api.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the trainer and evaluators draw data from: a dataset's splits with a task applied once,
 * kept as float arrays, and batches of them as INDArrays. Shuffling is seeded per epoch from
 * {@link Rng#derive(long, String)} with purpose {@code "shuffle/<epoch>"}, so the batches of
 * epoch k are the same whether a run started at epoch 0 or resumed from a checkpoint at epoch k.
 *
 * <p>Holds every example in memory: full MNIST with the quadrants task takes about 0.66 GB of
 * floats (x, y and the mask, 70,000 x 784 each), {@code mnist-10k} about 94 MB.
 */
public final class DataSource {
    private final DatasetSplits splits;
    private final ValidationSplit validationSplit;
    private final Examples train;
    private final Examples validation;
    private final Examples test;
    private final DataSpec spec;

    /**
     * @param splits the images in use; when {@code validationSplit} is given, {@code
     *     splits.train()} is what remains for training
     * @param validationSplit the held-out part of the training images, or null for none
     */
    private DataSource(DatasetSplits splits, ValidationSplit validationSplit, int numClasses, ExampleTask task) {
        this.splits = splits;
        this.validationSplit = validationSplit;
        this.train = task.apply(splits.train());
        this.validation = validationSplit == null ? null : task.apply(validationSplit.validation());
        this.test = task.apply(splits.test());
        ImageShape shape = splits.train().shape();
        LabeledImages images = splits.train();
        this.spec = new DataSpec(task.xDim(shape), task.yDim(shape), shape.channels(), shape.height(), shape.width(),
                numClasses, images.numAttributes(), images.classNames(), images.attributeNames());
        if (train.xDim() != spec.xDim() || train.yDim() != spec.yDim()) {
            throw new IllegalStateException("the task's examples are " + train.xDim() + " -> " + train.yDim()
                    + " wide but it declares " + spec.xDim() + " -> " + spec.yDim());
        }
    }

    /**
     * Loads {@code config.source()} through the registry, keeps a fixed sample of {@code limit} training
     * and {@code testLimit} test images (0 = all; see {@link LabeledImages#sample}), and applies the task. The number of classes is that
     * of the whole dataset, so a limit cannot change the shape of a class-conditional model.
     */
    public static DataSource create(DataConfig config, DatasetRegistry registry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        return create(config, registry.load(config));
    }

    /**
     * As {@link #create(DataConfig, DatasetRegistry)} for a dataset already at hand (loaded, or
     * built in memory): keeps the same fixed samples of {@code full} under {@code config}'s limits
     * and applies its task; its {@code source} and {@code dir} are not read. The splits in use keep
     * {@code full}'s name, hashes and origin, and the number of classes is that of {@code full}.
     */
    public static DataSource create(DataConfig config, DatasetSplits full) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(full, "full");
        LabeledImages train = config.limit() > 0 ? full.train().sample(config.limit()) : full.train();
        LabeledImages test = config.testLimit() > 0 ? full.test().sample(config.testLimit()) : full.test();
        ValidationSplit held = config.validation() > 0 ? ValidationSplit.of(train, config.validation()) : null;
        DatasetSplits used = new DatasetSplits(full.name(), held == null ? train : held.train(), test, full.sha256(),
                full.origin());
        return new DataSource(used, held, full.numClasses(), config.task().task());
    }

    /** A source over images built in memory (synthetic data for tests); origin {@code "synthetic"}. */
    public static DataSource of(String name, LabeledImages train, LabeledImages test, TaskConfig task) {
        Objects.requireNonNull(task, "task");
        DatasetSplits splits = new DatasetSplits(name, train, test, Map.of(), "synthetic");
        return new DataSource(splits, null, splits.numClasses(), task.task());
    }

    /** The sizes a model is built for. */
    public DataSpec spec() {
        return spec;
    }

    /** The number of examples in a split (after limits; 0 for a validation split not asked for). */
    public int size(Split split) {
        return split == Split.VALIDATION && validation == null ? 0 : examples(split).count();
    }

    /**
     * The validation split held out of the training images ({@code data.validation}), with its
     * indices' hash for provenance; null when there is none.
     */
    public ValidationSplit validationSplit() {
        return validationSplit;
    }

    /**
     * The splits in use (after limits), with the file hashes and origin of the whole dataset as
     * loaded, for provenance.
     */
    public DatasetSplits splits() {
        return splits;
    }

    /**
     * All examples of a split, as flat float arrays (shared: do not modify).
     *
     * @throws IllegalStateException for the validation split of a source without one
     */
    public Examples examples(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case TEST -> test;
            case VALIDATION -> {
                if (validation == null) {
                    throw new IllegalStateException("no validation split: set data.validation to a fraction in (0, 0.5]");
                }
                yield validation;
            }
        };
    }

    /**
     * The rows {@code indices} of a split as INDArrays of {@code type} (FLOAT or DOUBLE): x {@code
     * [n, xDim]} or null when xDim is 0, y {@code [n, yDim]}, yMask {@code [n, yDim]} or null.
     */
    public Batch batch(Split split, int[] indices, DataType type) {
        return batch(split, indices, type, null);
    }

    /**
     * As {@link #batch(Split, int[], DataType)}, writing into the arrays of {@code reuse} where
     * their type and shape fit (new arrays otherwise). For loops that consume each batch before
     * the next: large batches allocated afresh each time cost a page fault per 4 KB on first
     * touch, reused ones do not.
     *
     * @param reuse a batch from an earlier call whose arrays the caller no longer needs, or null
     */
    public Batch batch(Split split, int[] indices, DataType type, Batch reuse) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("batches are FLOAT or DOUBLE, got " + type);
        }
        if (indices == null || indices.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one index");
        }
        Examples ex = examples(split);
        for (int i : indices) {
            if (i < 0 || i >= ex.count()) {
                throw new IndexOutOfBoundsException(
                        "index " + i + " is outside the " + ex.count() + " " + split + " examples");
            }
        }
        INDArray x = ex.xDim() == 0 ? null : gather(ex.x(), ex.xDim(), indices, type, reuse == null ? null : reuse.x());
        INDArray y = gather(ex.y(), ex.yDim(), indices, type, reuse == null ? null : reuse.y());
        INDArray mask = ex.yMask() == null ? null
                : gather(ex.yMask(), ex.yDim(), indices, type, reuse == null ? null : reuse.yMask());
        int[] labels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            labels[k] = ex.labels()[indices[k]];
        }
        return new Batch(x, y, mask, labels);
    }

    /**
     * The training indices of one epoch: a permutation drawn from {@code Rng.derive(seed,
     * "shuffle/" + epoch)}, cut into batches of {@code batchSize}; the last batch keeps the
     * remainder rather than dropping it, so every example is seen once per epoch.
     */
    public List<int[]> epochBatches(long seed, int epoch, int batchSize) {
        int[] order = Rng.derive(seed, "shuffle/" + epoch).permutation(train.count());
        return cut(order, batchSize);
    }

    /** The indices 0..n-1 of a split in order, cut into batches (the last one partial), for evaluation. */
    public List<int[]> sequentialBatches(Split split, int batchSize) {
        int n = size(split);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return cut(order, batchSize);
    }

    private static List<int[]> cut(int[] order, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        List<int[]> batches = new ArrayList<>((order.length + batchSize - 1) / batchSize);
        for (int from = 0; from < order.length; from += batchSize) {
            batches.add(Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize)));
        }
        return Collections.unmodifiableList(batches);
    }

    private static INDArray gather(float[] src, int dim, int[] indices, DataType type, INDArray into) {
        long[] shape = {indices.length, dim};
        boolean fits = into != null && !into.wasClosed() && into.dataType() == type && into.ordering() == 'c'
                && !into.isView() && Arrays.equals(into.shape(), shape);
        INDArray out = fits ? into : Nd4j.createUninitialized(type, shape, 'c');
        // Rows are copied straight into native memory: Nd4j.create(float[]) copies element by element.
        ByteBuffer bytes = out.data().asNio().order(ByteOrder.nativeOrder());
        if (type == DataType.FLOAT) {
            FloatBuffer f = bytes.asFloatBuffer();
            for (int k = 0; k < indices.length; k++) {
                f.put(src, indices[k] * dim, dim);
            }
        } else { // DOUBLE: batch(...) accepts no other type
            DoubleBuffer d = bytes.asDoubleBuffer();
            for (int k = 0; k < indices.length; k++) {
                int base = indices[k] * dim;
                for (int j = 0; j < dim; j++) {
                    d.put(src[base + j]);
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "DataSource[" + splits.name() + " from " + splits.origin() + ", " + train.count() + " train, "
                + (validation == null ? "" : validation.count() + " validation, ") + test.count() + " test, " + spec
                + "]";
    }
}
