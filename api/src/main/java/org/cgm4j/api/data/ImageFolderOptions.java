package org.cgm4j.api.data;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.cgm4j.api.UserText;

/**
 * Where and how {@link ImageFolderReader} reads a folder of PNG or JPEG images: the folder, the
 * size every image has (or is resized to), where the labels come from and how the images are split
 * into training and test images. These are the {@code data.options} of the {@code imageFolder}
 * dataset, beside {@code data.dir} for the folder; every message names the key as written in YAML
 * ({@code data.options.<key>}) and the values it allows.
 *
 * @param dir the folder holding the images: {@code data.dir}
 * @param size {@code [channels, height, width]}: channels 1 (grey) or 3 (RGB)
 * @param resize how images of another size are resized; {@code null}: every image must have the size
 * @param labels {@value #LABELS_FOLDERS} (one sub-folder per class), {@value #LABELS_NONE}, or a
 *     labels file (a CSV with a header, or CelebA's {@code list_attr_celeba.txt} layout), relative
 *     to {@code dir} unless absolute
 * @param classes the class names in label order; {@code null}: the sorted names found in the training
 *     images (numeric order when every name is an integer)
 * @param split how the images are split into training and test images
 */
public record ImageFolderOptions(
        Path dir,
        @JsonPropertyDescription("[channels, height, width] of every image: channels 1 (grey) or 3 (RGB)")
                List<Integer> size,
        @JsonPropertyDescription("resize images of another size: {filter: bilinear | nearest | area}; absent: an"
                        + " image of another size is an error")
                Resize resize,
        @JsonPropertyDescription("where labels come from: folders (one sub-folder per class, the default), none, or a"
                        + " labels file in dir: a CSV file,label or file,attr1,attr2,... (0/1 or -1/1), or CelebA's"
                        + " list_attr_celeba.txt")
                String labels,
        @JsonPropertyDescription("class names in label order; absent: the sorted names found in the training images")
                List<String> classes,
        @JsonPropertyDescription("train/test split: {by: folders} (train/ and test/ sub-folders), {by: fraction,"
                        + " test: 0.2, seed: 1}, {by: column, column: <labels CSV column>} or {by: partition, file:"
                        + " list_eval_partition.txt}")
                SplitSpec split) {

    /** {@code labels:} one sub-folder per class. */
    public static final String LABELS_FOLDERS = "folders";
    /** {@code labels:} no labels. */
    public static final String LABELS_NONE = "none";

    private static final String KEY = "data.options.";

    /** Validates every field; {@code labels} defaults to {@value #LABELS_FOLDERS}. */
    public ImageFolderOptions {
        if (dir == null || dir.toString().isBlank()) {
            throw new IllegalArgumentException("data.dir must name the folder holding the images");
        }
        if (size == null
                || size.size() != 3
                || size.stream().anyMatch(v -> v == null)
                || !(size.get(0) == 1 || size.get(0) == 3)
                || size.get(1) < 1
                || size.get(2) < 1) {
            throw new IllegalArgumentException(KEY + "size must be [channels, height, width] with channels 1 (grey) or"
                    + " 3 (RGB) and positive height and width, got " + (size == null ? "nothing" : size));
        }
        size = List.copyOf(size);
        labels = labels == null ? LABELS_FOLDERS : labels;
        if (labels.isBlank()) {
            throw new IllegalArgumentException(KEY + "labels must be folders, none or a labels file, got ''");
        }
        if (classes != null) {
            if (classes.isEmpty() || classes.stream().anyMatch(c -> c == null || c.isBlank())) {
                throw new IllegalArgumentException(
                        KEY + "classes must list non-empty class names, got " + UserText.clip(classes.toString()));
            }
            if (Set.copyOf(classes).size() != classes.size()) {
                throw new IllegalArgumentException(
                        KEY + "classes must not repeat a name, got " + UserText.clip(classes.toString()));
            }
            if (labels.equals(LABELS_NONE)) {
                throw new IllegalArgumentException(KEY + "classes needs class labels; data.options.labels is none");
            }
            classes = List.copyOf(classes);
        }
        if (split == null) {
            throw new IllegalArgumentException(KEY + "split must be set: " + SplitSpec.ALLOWED);
        }
        if (split.by().equals(SplitSpec.BY_COLUMN) && (labels.equals(LABELS_FOLDERS) || labels.equals(LABELS_NONE))) {
            throw new IllegalArgumentException(KEY + "split {by: column} needs a labels CSV in data.options.labels, got "
                    + labels);
        }
    }

    /** The keys of {@code data.options}. */
    public static final List<String> KEYS = List.of("classes", "labels", "resize", "size", "split");

    /**
     * The options of the folder {@code dir} from a {@code data.options} block as YAML gives it
     * (maps, lists, strings and numbers).
     *
     * @throws IllegalArgumentException one line naming {@code data.options.<key>} and what it allows
     */
    public static ImageFolderOptions parse(Path dir, Map<String, Object> options) {
        Map<String, Object> o = block("", options, KEYS);
        Map<String, Object> resize = block("resize", o.get("resize"), List.of("filter"));
        Map<String, Object> split = block("split", o.get("split"), List.of("by", "test", "seed", "column", "file"));
        Object test = split.get("test");
        if (test != null && !(test instanceof Number)) {
            throw wrong("split.test", test, "a fraction in (0, 1)");
        }
        Object seed = split.get("seed");
        if (seed != null && !(seed instanceof Integer || seed instanceof Long)) {
            throw wrong("split.seed", seed, "an integer");
        }
        String file = text("split.file", split.get("file"));
        return new ImageFolderOptions(
                dir,
                list("size", o.get("size"), Integer.class, "[channels, height, width], e.g. [3, 32, 32]"),
                o.get("resize") == null ? null : new Resize(text("resize.filter", resize.get("filter"))),
                text("labels", o.get("labels")),
                list("classes", o.get("classes"), String.class, "a list of class names"),
                o.get("split") == null
                        ? null
                        : new SplitSpec(
                                text("split.by", split.get("by")),
                                test == null ? null : ((Number) test).doubleValue(),
                                seed == null ? null : ((Number) seed).longValue(),
                                text("split.column", split.get("column")),
                                file == null ? null : Path.of(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> block(String key, Object value, List<String> allowed) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw wrong(key, value, "a mapping of " + String.join(", ", allowed));
        }
        for (Object k : m.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                String name = key.isEmpty() ? String.valueOf(k) : key + "." + k;
                throw new IllegalArgumentException(KEY + UserText.clip(name) + ": unknown option of dataset"
                        + " 'imageFolder'; allowed" + (key.isEmpty() ? "" : " under data.options." + key) + ": "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return new LinkedHashMap<>((Map<String, Object>) m);
    }

    private static String text(String key, Object value) {
        if (value != null && !(value instanceof String)) {
            throw wrong(key, value, "a string");
        }
        return (String) value;
    }

    private static <T> List<T> list(String key, Object value, Class<T> type, String expected) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> l) || l.stream().anyMatch(v -> !type.isInstance(v))) {
            throw wrong(key, value, expected);
        }
        return l.stream().map(type::cast).toList();
    }

    private static IllegalArgumentException wrong(String key, Object value, String expected) {
        String given = value instanceof String s ? "'" + UserText.clip(s) + "'"
                : value instanceof Map<?, ?> ? "a mapping"
                : value instanceof Collection<?> c ? UserText.clip(c.toString())
                : UserText.clip(String.valueOf(value));
        return new IllegalArgumentException(KEY + key + ": expected " + expected + ", got " + given);
    }

    /** The declared number of channels: 1 (grey) or 3 (RGB). */
    public int channels() {
        return size.get(0);
    }

    /** The declared height in pixels. */
    public int height() {
        return size.get(1);
    }

    /** The declared width in pixels. */
    public int width() {
        return size.get(2);
    }

    /** True when labels come from class sub-folders. */
    public boolean labelsFromFolders() {
        return labels.equals(LABELS_FOLDERS);
    }

    /** True when the images have no labels. */
    public boolean unlabelled() {
        return labels.equals(LABELS_NONE);
    }

    /** The labels file, resolved against {@code dir}; {@code null} for folders or none. */
    public Path labelsFile() {
        return labelsFromFolders() || unlabelled() ? null : dir.resolve(labels);
    }

    /**
     * {@code data.options.resize}: the filter that resizes images of another size to the declared
     * one. The filters work on pixel centres: {@value ImageResizer#NEAREST} takes the source pixel
     * under the centre, {@value ImageResizer#BILINEAR} interpolates the four nearest (edges
     * clamped), {@value ImageResizer#AREA} averages the source pixels a target pixel covers,
     * weighted by the area covered (the one to use when shrinking a lot).
     */
    public record Resize(
            @JsonPropertyDescription("bilinear, nearest or area") String filter) {
        /** Checks the filter name. */
        public Resize {
            if (filter == null || !ImageResizer.FILTERS.contains(filter)) {
                throw new IllegalArgumentException(KEY + "resize.filter must be one of "
                        + String.join(", ", ImageResizer.FILTERS) + ", got "
                        + (filter == null ? "nothing" : "'" + UserText.clip(filter) + "'"));
            }
        }
    }

    /**
     * {@code data.options.split}: how images are split into training and test images.
     *
     * @param by {@value #BY_FOLDERS}, {@value #BY_FRACTION}, {@value #BY_COLUMN} or {@value
     *     #BY_PARTITION}
     * @param test for {@value #BY_FRACTION}: the fraction of images held out for test, in (0, 1)
     * @param seed for {@value #BY_FRACTION}: the seed of the fixed shuffle (default 0)
     * @param column for {@value #BY_COLUMN}: the labels CSV column holding train, validation or test
     * @param file for {@value #BY_PARTITION}: a file of lines {@code <image> <0|1|2>} (CelebA's {@code
     *     list_eval_partition.txt}), relative to {@code dir} unless absolute
     */
    public record SplitSpec(
            @JsonPropertyDescription("folders, fraction, column or partition") String by,
            @JsonPropertyDescription("fraction of the images held out for test (by: fraction), in (0, 1)") Double test,
            @JsonPropertyDescription("seed of the split's fixed shuffle (by: fraction), default 0") Long seed,
            @JsonPropertyDescription("labels CSV column whose values are train, validation or test (by: column)")
                    String column,
            @JsonPropertyDescription("partition file of lines '<image> <0|1|2>' for train, validation, test (by:"
                            + " partition)")
                    Path file) {
        /** {@code train/} and {@code test/} sub-folders. */
        public static final String BY_FOLDERS = "folders";
        /** A fixed-seed fraction, stratified by class where there are classes. */
        public static final String BY_FRACTION = "fraction";
        /** A column of the labels CSV. */
        public static final String BY_COLUMN = "column";
        /** A partition file such as CelebA's {@code list_eval_partition.txt}. */
        public static final String BY_PARTITION = "partition";

        static final String ALLOWED = "{by: folders} (train/ and test/ sub-folders), {by: fraction, test: 0.2,"
                + " seed: 1}, {by: column, column: <labels CSV column>} or {by: partition, file: <file>}";
        private static final String SPLIT = KEY + "split.";

        /** Checks that {@code by} is known and that exactly its own keys are set. */
        public SplitSpec {
            if (by == null || !List.of(BY_FOLDERS, BY_FRACTION, BY_COLUMN, BY_PARTITION).contains(by)) {
                throw new IllegalArgumentException(SPLIT + "by must be folders, fraction, column or partition, got "
                        + (by == null ? "nothing" : "'" + UserText.clip(by) + "'") + "; e.g. " + ALLOWED);
            }
            if (by.equals(BY_FRACTION)) {
                if (test == null || !(test > 0 && test < 1)) {
                    throw new IllegalArgumentException(
                            SPLIT + "test must be a fraction in (0, 1) with by: fraction, got " + test);
                }
                seed = seed == null ? 0L : seed;
            } else if (test != null || seed != null) {
                throw new IllegalArgumentException(SPLIT + "test and seed belong to by: fraction, not by: " + by);
            }
            if (by.equals(BY_COLUMN) != (column != null)) {
                throw new IllegalArgumentException(by.equals(BY_COLUMN)
                        ? SPLIT + "column must name the labels CSV column with by: column"
                        : SPLIT + "column belongs to by: column, not by: " + by);
            }
            if (column != null && column.isBlank()) {
                throw new IllegalArgumentException(SPLIT + "column must name a labels CSV column, got ''");
            }
            if (by.equals(BY_PARTITION) != (file != null)) {
                throw new IllegalArgumentException(by.equals(BY_PARTITION)
                        ? SPLIT + "file must name the partition file with by: partition"
                        : SPLIT + "file belongs to by: partition, not by: " + by);
            }
        }

        /** Split by {@code train/} and {@code test/} sub-folders. */
        public static SplitSpec byFolders() {
            return new SplitSpec(BY_FOLDERS, null, null, null, null);
        }

        /** Split by a fixed-seed fraction. */
        public static SplitSpec byFraction(double test, long seed) {
            return new SplitSpec(BY_FRACTION, test, seed, null, null);
        }

        /** Split by a labels CSV column. */
        public static SplitSpec byColumn(String column) {
            return new SplitSpec(BY_COLUMN, null, null, column, null);
        }

        /** Split by a partition file. */
        public static SplitSpec byPartition(Path file) {
            return new SplitSpec(BY_PARTITION, null, null, null, file);
        }
    }
}
