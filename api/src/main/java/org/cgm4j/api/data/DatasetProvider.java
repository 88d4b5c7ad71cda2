package org.cgm4j.api.data;

import java.util.Optional;

/**
 * A dataset as a plugin offers it: a name for {@code data.source}, what it is, where its files
 * come from, and how to load its training and test splits from the {@code data:} block ({@code
 * data.dir} and the provider's own {@code data.options:}). Register one with {@code
 * ModelPlugin.registerDataset}; {@code cgm4j datasets} lists them.
 *
 * <p>A provider is stateless and thread-safe: {@link DatasetRegistry} keeps what it loaded, per
 * request, for the life of the JVM.
 */
public interface DatasetProvider {
    /** The name {@code data.source} gives: letters, digits, {@code .}, {@code _} or {@code -}. */
    String name();

    /** One line saying what the dataset is. */
    String description();

    /** One line saying where its files come from (embedded, {@code data.dir}, a system copy, a download). */
    String origin();

    /**
     * The shape of its images, or empty (the default) when it depends on the files read (a
     * directory the user names).
     */
    default Optional<ImageShape> shape() {
        return Optional.empty();
    }

    /** What its labels are, or empty (the default) when that depends on the files read. */
    default Optional<LabelKind> labelKind() {
        return Optional.empty();
    }

    /**
     * Checks a request before anything is loaded, when the definition loads: the options this
     * provider takes (see {@link DatasetOptions}) and whether it needs {@code data.dir}.
     *
     * @throws IllegalArgumentException one line naming the key ({@code data.options.<key>} or
     *     {@code data.dir}) and what is allowed
     */
    void validate(DatasetRequest request);

    /**
     * Loads the dataset, checking every file it reads.
     *
     * @throws DataFileException naming the file (and line, for text files) that is missing or bad
     */
    DatasetSplits load(DatasetRequest request, DatasetContext context);
}
