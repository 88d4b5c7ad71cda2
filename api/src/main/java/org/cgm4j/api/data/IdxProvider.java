package org.cgm4j.api.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@value #NAME}: any directory of IDX files a user names with {@code data.dir}, no known hash
 * required; the SHA-256 of every file read goes into the run's provenance instead. Images are
 * unsigned bytes, 3-D {@code [n, height, width]} (grey) or 4-D {@code [n, channels, height,
 * width]} (channel-planar, as PyTorch's CHW). Labels are optional: a 1-D {@code [n]} file gives
 * one class per image, a 2-D {@code [n, k]} file of 0s and 1s a vector of k binary attributes
 * (named {@code a0 ... a<k-1>}); without label files the images are unlabelled.
 *
 * <p>The files are found by their names (raw or {@code .gz}): {@code train-images*} and {@code
 * train-labels*}, {@code test-images*} or {@code t10k-images*} and {@code test-labels*} or {@code
 * t10k-labels*}; {@code data.options.trainImages}, {@code trainLabels}, {@code testImages} and
 * {@code testLabels} name them explicitly (file names inside {@code data.dir}).
 */
public final class IdxProvider implements DatasetProvider {
    /** The {@code data.source} name. */
    public static final String NAME = "idx";
    /** Option: the training images' file name. */
    public static final String TRAIN_IMAGES = "trainImages";
    /** Option: the training labels' file name. */
    public static final String TRAIN_LABELS = "trainLabels";
    /** Option: the test images' file name. */
    public static final String TEST_IMAGES = "testImages";
    /** Option: the test labels' file name. */
    public static final String TEST_LABELS = "testLabels";

    private static final List<String> OPTIONS = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** One file's role: its option and the name prefixes that find it. */
    private record Role(String option, List<String> prefixes) {}

    private static final Role TRAIN_IMAGE_FILE = new Role(TRAIN_IMAGES, List.of("train-images"));
    private static final Role TRAIN_LABEL_FILE = new Role(TRAIN_LABELS, List.of("train-labels"));
    private static final Role TEST_IMAGE_FILE = new Role(TEST_IMAGES, List.of("test-images", "t10k-images"));
    private static final Role TEST_LABEL_FILE = new Role(TEST_LABELS, List.of("test-labels", "t10k-labels"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "any directory of IDX files: [n, h, w] grey or [n, c, h, w] images, optional class or attribute"
                + " labels";
    }

    @Override
    public String origin() {
        return "data.dir (required): train-images*, test-images* or t10k-images*, optional *-labels*; SHA-256 of"
                + " every file read recorded in provenance";
    }


    @Override
    public void validate(DatasetRequest request) {
        DatasetOptions options = request.readOptions().allowOnly(OPTIONS);
        for (String key : OPTIONS) {
            String file = options.string(key, null);
            if (file != null && (file.isBlank() || Path.of(file).getNameCount() != 1 || file.equals("..")
                    || file.equals("."))) {
                throw new IllegalArgumentException("data.options." + key + ": expected a file name inside data.dir,"
                        + " got '" + file + "' (dataset '" + NAME + "')");
            }
        }
        if (request.dir() == null) {
            throw new IllegalArgumentException("data.dir: dataset '" + NAME + "' reads the IDX files of a directory"
                    + " you name; set data.dir to one holding train-images* and test-images* (or t10k-images*)");
        }
    }

    @Override
    public DatasetSplits load(DatasetRequest request, DatasetContext context) {
        validate(request);
        Path dir = request.dir();
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(NAME + ": data.dir " + dir + " is not a directory; expected one holding"
                    + " train-images* and test-images* (or t10k-images*) IDX files");
        }
        DatasetOptions options = request.readOptions();
        List<String> names = listFiles(dir);
        Path trainImages = locate(dir, names, options, TRAIN_IMAGE_FILE, true);
        Path testImages = locate(dir, names, options, TEST_IMAGE_FILE, true);
        Path trainLabels = locate(dir, names, options, TRAIN_LABEL_FILE, false);
        Path testLabels = locate(dir, names, options, TEST_LABEL_FILE, false);
        if ((trainLabels == null) != (testLabels == null)) {
            Path has = trainLabels == null ? testLabels : trainLabels;
            String missing = trainLabels == null ? "train-labels*" : "test-labels* (or t10k-labels*)";
            throw new DataFileException(has + ": labels for one split only; " + dir + " has no " + missing
                    + " file: give both splits labels, or neither");
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        LabeledImages train = split(trainImages, trainLabels, hashes);
        LabeledImages test = split(testImages, testLabels, hashes);
        if (!train.shape().equals(test.shape())) {
            throw new DataFileException(testImages + ": images are " + test.shape() + " but those of " + trainImages
                    + " are " + train.shape() + "; expected one shape");
        }
        if (train.labelKind() != test.labelKind() || train.numAttributes() != test.numAttributes()) {
            throw new DataFileException(testLabels + ": labels of another kind than those of " + trainLabels
                    + " (" + describe(test) + " against " + describe(train) + ")");
        }
        return new DatasetSplits(NAME, train, test, hashes, dir.toString());
    }

    private static String describe(LabeledImages images) {
        return images.labelKind() == LabelKind.ATTRIBUTES ? images.numAttributes() + " attributes"
                : images.labelKind().displayName();
    }

    private static List<String> listFiles(Path dir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (Files.isRegularFile(p)) {
                    names.add(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new DataFileException(dir + ": cannot list the directory (" + e + ")", e);
        }
        names.sort(null);
        return names;
    }

    /** The file of {@code role}: the one its option names, else the one file whose name has its prefix. */
    private static Path locate(Path dir, List<String> names, DatasetOptions options, Role role, boolean required) {
        String named = options.string(role.option(), null);
        if (named != null) {
            Path p = dir.resolve(named);
            if (!Files.isRegularFile(p)) {
                throw new DataFileException(p + ": no such file (data.options." + role.option() + ")");
            }
            return p;
        }
        List<String> found = names.stream()
                .filter(n -> role.prefixes().stream().anyMatch(pre -> n.toLowerCase(Locale.ROOT).startsWith(pre)))
                .toList();
        if (found.size() > 1) {
            throw new DataFileException(dir + ": several files could be the " + role.option() + " ("
                    + String.join(", ", found) + "); name one with data.options." + role.option());
        }
        if (found.isEmpty()) {
            if (required) {
                throw new DataFileException(dir + ": no " + String.join("* or ", role.prefixes())
                        + "* file; expected an IDX file of images (raw or .gz), or name it with data.options."
                        + role.option());
            }
            return null;
        }
        return dir.resolve(found.get(0));
    }

    private static LabeledImages split(Path imagesFile, Path labelsFile, Map<String, String> hashes) {
        IdxFile.IdxArray images = IdxFile.read(imagesFile);
        hashes.put(imagesFile.getFileName().toString(), images.sha256());
        int[] d = images.dims();
        ImageShape shape;
        if (d.length == 3) {
            shape = shapeOf(imagesFile, 1, d[1], d[2]);
        } else if (d.length == 4) {
            shape = shapeOf(imagesFile, d[1], d[2], d[3]);
        } else {
            throw new DataFileException(imagesFile + ": images must have 3 dimensions [n, height, width] or 4"
                    + " [n, channels, height, width], got " + Arrays.toString(d));
        }
        int n = d[0];
        if (labelsFile == null) {
            return LabeledImages.unlabelled(shape, n, images.data());
        }
        IdxFile.IdxArray labels = IdxFile.read(labelsFile);
        hashes.put(labelsFile.getFileName().toString(), labels.sha256());
        int[] l = labels.dims();
        if ((l.length != 1 && l.length != 2) || l[0] != n) {
            throw new DataFileException(labelsFile + ": labels must be [" + n + "] (a class per image) or [" + n
                    + ", k] (k binary attributes per image) for the " + n + " images of " + imagesFile.getFileName()
                    + ", got " + Arrays.toString(l));
        }
        if (l.length == 1) {
            byte[] b = labels.data();
            int[] classes = new int[n];
            for (int i = 0; i < n; i++) {
                classes[i] = b[i] & 0xff;
            }
            return LabeledImages.withClasses(shape, n, images.data(), classes, List.of());
        }
        byte[] a = labels.data();
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0 && a[i] != 1) {
                throw new DataFileException(labelsFile + ": attribute values must be 0 or 1, got " + (a[i] & 0xff)
                        + " at image " + i / l[1] + ", attribute " + i % l[1]);
            }
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < l[1]; k++) {
            names.add("a" + k);
        }
        return LabeledImages.withAttributes(shape, n, images.data(), a, names);
    }

    private static ImageShape shapeOf(Path file, int channels, int height, int width) {
        try {
            return new ImageShape(channels, height, width);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "IdxProvider";
    }
}
