package org.cgm4j.api.data;

import java.util.List;
import java.util.Optional;

/**
 * A dataset of MNIST-format digits labelled by the binary {@link PixelAttributes} ({@code bold},
 * {@code slanted}, {@code wide}, each relative to the median of the digit's class on the training
 * split) in place of their classes: {@value #MNIST_10K_ATTRIBUTES} from the embedded {@code
 * mnist-10k}, {@value #MNIST_ATTRIBUTES} from {@code mnist}. The images, the files read and their
 * checks are those of the underlying dataset (with its {@code data.dir}); the attributes are
 * computed when it loads (a few seconds for 70,000 digits). Use it with {@code data.task: {type:
 * attributes}}.
 */
public final class PixelAttributesProvider implements DatasetProvider {
    /** Attributes of the embedded mnist-10k digits. */
    public static final String MNIST_10K_ATTRIBUTES = "mnist-10k-attributes";
    /** Attributes of MNIST's digits. */
    public static final String MNIST_ATTRIBUTES = "mnist-attributes";

    private final String name;
    private final MnistFormatProvider base;

    /** The attributes of {@code base}'s digits under the name {@code name}. */
    public PixelAttributesProvider(String name, MnistFormatProvider base) {
        this.name = name;
        this.base = base;
    }

    /** The two: of mnist-10k and of mnist, among {@code mnistFormat} (the core providers). */
    static List<PixelAttributesProvider> of(List<MnistFormatProvider> mnistFormat) {
        return mnistFormat.stream()
                .filter(p -> p.name().equals(MnistFormatProvider.MNIST_10K) || p.name().equals(MnistFormatProvider.MNIST))
                .map(p -> new PixelAttributesProvider(p.name() + "-attributes", p))
                .toList();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "the " + base.name() + " digits labelled by 3 binary attributes measured from their pixels (bold,"
                + " slanted, wide: above their class's training median)";
    }

    @Override
    public String origin() {
        return "computed from " + base.name() + ": " + base.origin();
    }

    @Override
    public Optional<ImageShape> shape() {
        return base.shape();
    }

    @Override
    public Optional<LabelKind> labelKind() {
        return Optional.of(LabelKind.ATTRIBUTES);
    }

    @Override
    public void validate(DatasetRequest request) {
        request.readOptions().allowOnly(List.of());
    }

    @Override
    public DatasetSplits load(DatasetRequest request, DatasetContext context) {
        validate(request);
        DatasetSplits classes = base.load(new DatasetRequest(base.name(), request.dir(), request.options()), context);
        return PixelAttributes.label(classes, name, classes.origin());
    }
}
