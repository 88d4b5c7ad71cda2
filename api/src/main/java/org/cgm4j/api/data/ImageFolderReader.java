package org.cgm4j.api.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.cgm4j.api.UserText;
import org.cgm4j.api.data.ImageFolderOptions.SplitSpec;
import org.cgm4j.api.rng.Rng;

/**
 * Reads a folder of PNG or JPEG images into {@link ImageFolderData}, as {@link ImageFolderOptions}
 * describe it.
 *
 * <p>Images are the files ending in {@code .png}, {@code .jpg} or {@code .jpeg} (any case) under
 * the folder; other files and anything whose name starts with a dot are left alone. They are read
 * in sorted order of their paths relative to the folder, so the same folder always gives the same
 * arrays, the same split and the same SHA-256.
 *
 * <p>Labels come from one sub-folder per class ({@code <dir>/<class>/<image>}, or {@code
 * <dir>/train/<class>/<image>} with a folder split), from a labels file, or there are none. A
 * labels file is either a CSV with a header whose first column names the image (relative to the
 * folder) and whose other columns are one {@code label} (or {@code class}) column or attributes of
 * 0/1 or -1/1, or CelebA's {@code list_attr_celeba.txt} layout (the image count, a line of
 * attribute names, then {@code <image> v1 v2 ...} separated by spaces, -1/1).
 *
 * <p>Channels: a grey image in an RGB folder becomes three equal channels (a grey picture is a
 * valid colour picture); a colour image in a grey folder is accepted only when its three channels
 * are equal everywhere (grey stored as RGB or a palette), since anything else would throw colour
 * away silently. An image with transparent pixels is refused; an opaque alpha channel is dropped.
 *
 * <p>Every problem is a {@link DataFileException} whose one-line message names the file, and the
 * line for a labels or partition file: an unreadable image, a wrong size without {@code resize},
 * an image without a label, a label row for an image that is not there, a duplicate row, a bad
 * attribute value, a class not among the known classes.
 */
public final class ImageFolderReader {
    /** The file name endings read as images (lower case; matched in any case). */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");
    /** The {@link ImageFolderData#sha256()} key of the digest over every image read. */
    public static final String IMAGES_SHA_KEY = "images";

    private static final String TRAIN_DIR = "train";
    private static final String TEST_DIR = "test";

    private ImageFolderReader() {}

    /** Reads the folder; see the class comment for the layouts and the errors. */
    public static ImageFolderData read(ImageFolderOptions options) {
        return new Run(options).read();
    }

    /** One image found: its path, its split (when known from the layout) and its labels. */
    private static final class Entry {
        final String rel;
        final Path path;
        Boolean test;
        String className;
        int labelLine;
        byte[] attributes;
        int classIndex = -1;

        Entry(String rel, Path path) {
            this.rel = rel;
            this.path = path;
        }

        /** Where a label error points: the labels file's line when the label came from one. */
        String where(Path labelsFile) {
            return labelLine > 0 ? labelsFile + " line " + labelLine : path.toString();
        }
    }

    /** A parsed labels file. */
    private record LabelTable(LabelKind kind, List<String> attributeNames, Map<String, Row> rows, String layout) {}

    /** One row of a labels file. */
    private record Row(int line, String className, byte[] attributes, String splitValue) {}

    /** One read of one folder. */
    private static final class Run {
        private final ImageFolderOptions o;
        private final Path dir;
        private final Map<String, String> sha256 = new TreeMap<>();
        private int resized;
        private LabelTable table;

        Run(ImageFolderOptions options) {
            this.o = options;
            this.dir = options.dir();
        }

        ImageFolderData read() {
            if (!Files.isDirectory(dir)) {
                throw new DataFileException(dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory")
                        + "; data.dir must name the folder holding the images");
            }
            boolean byFolders = o.split().by().equals(SplitSpec.BY_FOLDERS);
            TreeMap<String, Entry> images = new TreeMap<>();
            if (byFolders) {
                for (String sub : List.of(TRAIN_DIR, TEST_DIR)) {
                    Path root = dir.resolve(sub);
                    if (!Files.isDirectory(root)) {
                        throw new DataFileException(root + ": no such directory; data.options.split {by: folders}"
                                + " needs train/ and test/ sub-folders in " + dir);
                    }
                    for (Entry e : find(root, sub + "/")) {
                        e.test = sub.equals(TEST_DIR);
                        images.put(e.rel, e);
                    }
                }
            } else {
                for (Entry e : find(dir, "")) {
                    images.put(e.rel, e);
                }
            }
            if (images.isEmpty()) {
                throw new DataFileException(dir + ": no images; expected files ending in "
                        + String.join(", ", EXTENSIONS) + (byFolders ? " under train/ and test/" : ""));
            }

            LabelKind kind;
            List<String> attributeNames = List.of();
            String labelsAccount;
            Path labelsFile = o.labelsFile();
            if (o.labelsFromFolders()) {
                kind = LabelKind.CLASS;
                for (Entry e : images.values()) {
                    String inSplit = byFolders ? e.rel.substring(e.rel.indexOf('/') + 1) : e.rel;
                    int slash = inSplit.indexOf('/');
                    if (slash < 0) {
                        throw new DataFileException(e.path + ": not in a class sub-folder; with data.options.labels:"
                                + " folders every image sits in " + (byFolders ? "train/<class>/ or test/<class>/"
                                : "<class>/") + " under " + dir);
                    }
                    e.className = inSplit.substring(0, slash);
                }
                labelsAccount = "class sub-folders";
            } else if (o.unlabelled()) {
                kind = LabelKind.NONE;
                labelsAccount = "none";
            } else {
                table = readLabels(labelsFile);
                kind = table.kind();
                attributeNames = table.attributeNames();
                attach(images, table, labelsFile);
                labelsAccount = table.layout();
            }

            if (o.classes() != null && kind != LabelKind.CLASS) {
                throw new DataFileException(labelsFile + ": holds " + labelsAccount
                        + ", not class labels; data.options.classes needs a file,label CSV or class sub-folders");
            }
            String splitAccount = assignSplit(images, labelsFile, kind);
            List<String> classNames = kind == LabelKind.CLASS ? classIndices(images, labelsFile) : List.of();
            if (o.split().by().equals(SplitSpec.BY_FRACTION)) {
                splitFraction(images, kind == LabelKind.CLASS, classNames.size());
            }

            // Decode in one sorted order over both splits: it fixes the images digest.
            MessageDigest digest = IdxFile.sha256();
            int pixelsPerImage = o.channels() * o.height() * o.width();
            List<Entry> train = new ArrayList<>();
            List<Entry> test = new ArrayList<>();
            Map<Entry, byte[]> pixels = new HashMap<>();
            for (Entry e : images.values()) {
                byte[] bytes = readBytes(e.path);
                digest.update(e.rel.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(ByteBuffer.allocate(Long.BYTES).putLong(bytes.length).array());
                digest.update(bytes);
                pixels.put(e, decode(e.path, bytes));
                (e.test ? test : train).add(e);
            }
            sha256.put(IMAGES_SHA_KEY, IdxFile.hex(digest.digest()));
            if (train.isEmpty() || test.isEmpty()) {
                throw new DataFileException(dir + ": the " + (train.isEmpty() ? "training" : "test")
                        + " split is empty (" + splitAccount + "); expected images in both");
            }

            String description = String.format(Locale.ROOT,
                    "imageFolder %s: %d images of %dx%dx%d (%d train, %d test); labels: %s%s; split: %s; resize: %s",
                    dir, images.size(), o.channels(), o.height(), o.width(), train.size(), test.size(), labelsAccount,
                    kind == LabelKind.CLASS ? ", classes " + String.join(", ", classNames)
                            : kind == LabelKind.ATTRIBUTES ? ", " + attributeNames.size() + " attributes" : "",
                    splitAccount,
                    o.resize() == null ? "none (every image " + o.height() + "x" + o.width() + ")"
                            : ImageResizer.describe(o.resize().filter()) + ", " + resized + " of " + images.size()
                                    + " images resized");
            return new ImageFolderData(o.channels(), o.height(), o.width(), kind, classNames, attributeNames,
                    part(train, pixels, pixelsPerImage, kind, attributeNames.size()),
                    part(test, pixels, pixelsPerImage, kind, attributeNames.size()), sha256, description);
        }

        private static ImageFolderData.Part part(
                List<Entry> entries, Map<Entry, byte[]> pixels, int pixelsPerImage, LabelKind kind, int attributes) {
            byte[] all = new byte[entries.size() * pixelsPerImage];
            int[] classes = kind == LabelKind.CLASS ? new int[entries.size()] : null;
            byte[] attrs = kind == LabelKind.ATTRIBUTES ? new byte[entries.size() * attributes] : null;
            List<String> files = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                System.arraycopy(pixels.get(e), 0, all, i * pixelsPerImage, pixelsPerImage);
                files.add(e.rel);
                if (classes != null) {
                    classes[i] = e.classIndex;
                }
                if (attrs != null) {
                    System.arraycopy(e.attributes, 0, attrs, i * attributes, attributes);
                }
            }
            return new ImageFolderData.Part(files, all, classes, attrs);
        }

        /** The images under {@code root}, in sorted order, named by {@code prefix} + their path under root. */
        private List<Entry> find(Path root, String prefix) {
            List<Entry> found = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).forEach(p -> {
                    Path relative = root.relativize(p);
                    for (Path part : relative) {
                        if (part.toString().startsWith(".")) {
                            return;
                        }
                    }
                    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    if (EXTENSIONS.stream().anyMatch(name::endsWith)) {
                        String rel = prefix + relative.toString().replace('\\', '/');
                        found.add(new Entry(rel, p));
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                throw new DataFileException(root + ": cannot be listed (" + UserText.clip(e.toString()) + ")", e);
            }
            return found;
        }

        /** Puts each row's labels on its image; every image needs a row and every row an image. */
        private void attach(Map<String, Entry> images, LabelTable table, Path labelsFile) {
            for (Map.Entry<String, Row> r : table.rows().entrySet()) {
                Entry e = images.get(r.getKey());
                if (e == null) {
                    throw new DataFileException(labelsFile + " line " + r.getValue().line() + ": no image '"
                            + UserText.clip(r.getKey()) + "' in " + dir + " (images end in "
                            + String.join(", ", EXTENSIONS) + ")");
                }
                e.labelLine = r.getValue().line();
                e.className = r.getValue().className();
                e.attributes = r.getValue().attributes();
            }
            for (Entry e : images.values()) {
                if (e.labelLine == 0) {
                    throw new DataFileException(e.path + ": no label; " + labelsFile + " has no row for '"
                            + UserText.clip(e.rel) + "'");
                }
            }
        }

        /** Sets each image's split where the layout fixes it; returns the split's account. */
        private String assignSplit(Map<String, Entry> images, Path labelsFile, LabelKind kind) {
            SplitSpec s = o.split();
            switch (s.by()) {
                case SplitSpec.BY_FOLDERS:
                    return "folders train/ and test/";
                case SplitSpec.BY_COLUMN: {
                    // The column's values were checked while parsing; validation rows join training.
                    Map<String, Row> rows = table.rows();
                    for (Entry e : images.values()) {
                        e.test = rows.get(e.rel).splitValue().equals(TEST_DIR);
                    }
                    return "column '" + s.column() + "' of " + labelsFile.getFileName() + " (validation rows train)";
                }
                case SplitSpec.BY_PARTITION: {
                    Path file = dir.resolve(s.file());
                    Map<String, Integer> lines = new HashMap<>();
                    List<String> text = readText(file, "data.options.split.file");
                    for (int i = 0; i < text.size(); i++) {
                        String line = text.get(i).strip();
                        if (line.isEmpty()) {
                            continue;
                        }
                        String[] t = line.split("[\\s,]+");
                        String at = file + " line " + (i + 1);
                        if (t.length != 2) {
                            throw new DataFileException(at + ": expected '<image> <0|1|2>', got '"
                                    + UserText.clip(line) + "'");
                        }
                        String rel = normalise(t[0]);
                        Integer first = lines.putIfAbsent(rel, i + 1);
                        if (first != null) {
                            throw new DataFileException(at + ": duplicate row for '" + UserText.clip(rel)
                                    + "' (first on line " + first + ")");
                        }
                        Entry e = images.get(rel);
                        if (e == null) {
                            throw new DataFileException(at + ": no image '" + UserText.clip(rel) + "' in " + dir);
                        }
                        e.test = switch (t[1].toLowerCase(Locale.ROOT)) {
                            case "0", "train", "1", "validation" -> false;
                            case "2", "test" -> true;
                            default -> throw new DataFileException(at + ": partition '" + UserText.clip(t[1])
                                    + "' is not 0 (train), 1 (validation, trains), 2 (test), train, validation or"
                                    + " test");
                        };
                    }
                    for (Entry e : images.values()) {
                        if (e.test == null) {
                            throw new DataFileException(e.path + ": no partition; " + file + " has no row for '"
                                    + UserText.clip(e.rel) + "'");
                        }
                    }
                    sha256.put(file.getFileName().toString(), sha(file));
                    return "partition file " + file.getFileName() + " (0 and 1 train, 2 test)";
                }
                case SplitSpec.BY_FRACTION:
                    return String.format(Locale.ROOT, "fraction test=%s seed=%d%s", s.test(), s.seed(),
                            kind == LabelKind.CLASS ? ", stratified by class" : "");
                default:
                    throw new IllegalStateException("unknown split " + s.by());
            }
        }

        /**
         * Gives each image its class index: the declared classes, else the sorted names of the
         * training images' classes (numeric order when all are integers); with a fraction split
         * the images are not split yet, so all of them.
         */
        private List<String> classIndices(Map<String, Entry> images, Path labelsFile) {
            List<String> names;
            if (o.classes() != null) {
                names = o.classes();
            } else {
                TreeSet<String> found = new TreeSet<>();
                for (Entry e : images.values()) {
                    if (e.test == null || !e.test) {
                        found.add(e.className);
                    }
                }
                names = new ArrayList<>(found);
                if (names.stream().allMatch(n -> n.matches("-?\\d{1,9}"))) {
                    names.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
                }
            }
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                index.put(names.get(i), i);
            }
            for (Entry e : images.values()) {
                Integer c = index.get(e.className);
                if (c == null) {
                    throw new DataFileException(e.where(labelsFile) + ": unknown class '"
                            + UserText.clip(e.className) + "'; known classes " + (o.classes() != null
                                    ? "(data.options.classes): " : "(those of the training images): ")
                            + UserText.clip(String.join(", ", names)));
                }
                e.classIndex = c;
            }
            return List.copyOf(names);
        }

        /**
         * Holds out {@code round(n * test)} of each class's {@code n} images (at most n - 1, so every
         * class trains), chosen by one fixed-seed permutation per class in class order; without
         * classes, of all images.
         */
        private void splitFraction(Map<String, Entry> images, boolean byClass, int numClasses) {
            List<List<Entry>> groups = new ArrayList<>();
            for (int c = 0; c < (byClass ? numClasses : 1); c++) {
                groups.add(new ArrayList<>());
            }
            for (Entry e : images.values()) {
                groups.get(byClass ? e.classIndex : 0).add(e);
            }
            Rng rng = Rng.derive(o.split().seed(), "imageFolder split");
            for (List<Entry> g : groups) {
                int n = g.size();
                int held = Math.min(n - 1, (int) Math.round(n * o.split().test()));
                int[] perm = rng.permutation(n);
                for (int k = 0; k < n; k++) {
                    g.get(perm[k]).test = k < held;
                }
            }
        }

        /** Parses a labels file, CSV or CelebA layout; records its SHA-256. */
        private LabelTable readLabels(Path file) {
            List<String> lines = readText(file, "data.options.labels");
            sha256.put(file.getFileName().toString(), sha(file));
            int first = 0;
            while (first < lines.size() && lines.get(first).isBlank()) {
                first++;
            }
            if (first == lines.size()) {
                throw new DataFileException(file + ": empty; expected a CSV header (file,label or file,attr1,...)"
                        + " or CelebA's list_attr_celeba.txt layout");
            }
            return lines.get(first).strip().matches("\\d+") ? readCeleba(file, lines, first) : readCsv(file, lines, first);
        }

        private LabelTable readCeleba(Path file, List<String> lines, int first) {
            if (o.split().by().equals(SplitSpec.BY_COLUMN)) {
                throw new DataFileException(file + ": has CelebA's list_attr_celeba.txt layout, which has no split"
                        + " column; use data.options.split {by: partition, file: list_eval_partition.txt}");
            }
            int declared = Integer.parseInt(lines.get(first).strip());
            if (first + 1 >= lines.size() || lines.get(first + 1).isBlank()) {
                throw new DataFileException(file + " line " + (first + 2) + ": expected the attribute names (CelebA's"
                        + " list_attr_celeba.txt layout: a count, the names, then '<image> -1|1 ...' rows)");
            }
            List<String> names = List.of(lines.get(first + 1).strip().split("\\s+"));
            checkUnique(file, first + 2, names);
            Map<String, Row> rows = new LinkedHashMap<>();
            for (int i = first + 2; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty()) {
                    continue;
                }
                String[] t = line.split("\\s+");
                String at = file + " line " + (i + 1);
                if (t.length != names.size() + 1) {
                    throw new DataFileException(at + ": " + t.length + " fields, expected " + (names.size() + 1)
                            + " (the image and " + names.size() + " attributes)");
                }
                addRow(rows, at, i + 1, t[0], null, attributes(at, names, t, 1), null);
            }
            if (rows.size() != declared) {
                throw new DataFileException(file + " line " + (first + 1) + ": declares " + declared
                        + " images but lists " + rows.size());
            }
            return new LabelTable(LabelKind.ATTRIBUTES, names, rows, "attributes from " + file.getFileName()
                    + " (CelebA layout)");
        }

        private LabelTable readCsv(Path file, List<String> lines, int first) {
            String headerAt = file + " line " + (first + 1);
            List<String> header = splitCsv(headerAt, lines.get(first));
            checkUnique(file, first + 1, header);
            if (header.size() < 2) {
                throw new DataFileException(headerAt + ": the header has " + header.size() + " column; expected"
                        + " file,label or file,attr1,attr2,... (a header row first)");
            }
            int splitColumn = -1;
            if (o.split().by().equals(SplitSpec.BY_COLUMN)) {
                splitColumn = header.indexOf(o.split().column());
                if (splitColumn <= 0) {
                    throw new DataFileException(headerAt + ": no column '" + UserText.clip(o.split().column())
                            + "' (data.options.split.column) after the file column; columns: "
                            + UserText.clip(String.join(", ", header)));
                }
            }
            List<Integer> labelColumns = new ArrayList<>();
            for (int c = 1; c < header.size(); c++) {
                if (c != splitColumn) {
                    labelColumns.add(c);
                }
            }
            LabelKind kind = labelColumns.isEmpty()
                    ? LabelKind.NONE
                    : labelColumns.size() == 1
                                    && List.of("label", "class")
                                            .contains(header.get(labelColumns.get(0)).toLowerCase(Locale.ROOT))
                            ? LabelKind.CLASS
                            : LabelKind.ATTRIBUTES;
            List<String> names = kind == LabelKind.ATTRIBUTES
                    ? labelColumns.stream().map(header::get).toList()
                    : List.of();
            Map<String, Row> rows = new LinkedHashMap<>();
            for (int i = first + 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String at = file + " line " + (i + 1);
                List<String> t = splitCsv(at, lines.get(i));
                if (t.size() != header.size()) {
                    throw new DataFileException(at + ": " + t.size() + " fields, expected " + header.size() + " ("
                            + UserText.clip(String.join(",", header)) + ")");
                }
                String className = null;
                byte[] attrs = null;
                if (kind == LabelKind.CLASS) {
                    className = t.get(labelColumns.get(0));
                    if (className.isEmpty()) {
                        throw new DataFileException(at + ": no label for '" + UserText.clip(t.get(0)) + "'");
                    }
                } else if (kind == LabelKind.ATTRIBUTES) {
                    String[] values = new String[labelColumns.size() + 1];
                    for (int k = 0; k < labelColumns.size(); k++) {
                        values[k + 1] = t.get(labelColumns.get(k));
                    }
                    attrs = attributes(at, names, values, 1);
                }
                String splitValue = null;
                if (splitColumn > 0) {
                    String v = t.get(splitColumn).toLowerCase(Locale.ROOT);
                    splitValue = switch (v) {
                        case "train", "validation" -> TRAIN_DIR;
                        case TEST_DIR -> TEST_DIR;
                        default -> throw new DataFileException(at + ": column '" + o.split().column() + "' is '"
                                + UserText.clip(t.get(splitColumn)) + "'; allowed: train, validation (trains), test");
                    };
                }
                addRow(rows, at, i + 1, t.get(0), className, attrs, splitValue);
            }
            String layout = switch (kind) {
                case CLASS -> "class column '" + header.get(labelColumns.get(0)) + "' of " + file.getFileName();
                case ATTRIBUTES -> "attributes from " + file.getFileName();
                case NONE -> "none (" + file.getFileName() + " names the images)";
            };
            return new LabelTable(kind, names, rows, layout);
        }

        private static void addRow(
                Map<String, Row> rows, String at, int line, String image, String cls, byte[] attrs, String split) {
            String rel = normalise(image);
            if (rel.isEmpty()) {
                throw new DataFileException(at + ": the image name is empty");
            }
            Row earlier = rows.putIfAbsent(rel, new Row(line, cls, attrs, split));
            if (earlier != null) {
                throw new DataFileException(at + ": duplicate row for '" + UserText.clip(rel) + "' (first on line "
                        + earlier.line() + ")");
            }
        }

        /** Values 1 are 1; 0 and -1 are 0; anything else is an error naming the attribute. */
        private static byte[] attributes(String at, List<String> names, String[] t, int from) {
            byte[] a = new byte[names.size()];
            for (int k = 0; k < names.size(); k++) {
                String v = t[from + k].strip();
                switch (v) {
                    case "1", "+1" -> a[k] = 1;
                    case "0", "-1" -> a[k] = 0;
                    default -> throw new DataFileException(at + ": attribute '" + UserText.clip(names.get(k))
                            + "' is '" + UserText.clip(v) + "'; allowed: 0/1 or -1/1");
                }
            }
            return a;
        }

        private static void checkUnique(Path file, int line, List<String> names) {
            Map<String, Integer> seen = new HashMap<>();
            for (int k = 0; k < names.size(); k++) {
                if (names.get(k).isEmpty()) {
                    throw new DataFileException(file + " line " + line + ": column " + (k + 1) + " has no name");
                }
                Integer before = seen.putIfAbsent(names.get(k), k);
                if (before != null) {
                    throw new DataFileException(file + " line " + line + ": the column name '"
                            + UserText.clip(names.get(k)) + "' appears twice");
                }
            }
        }

        /**
         * One CSV line split at commas; a field in double quotes may hold commas and doubled quotes.
         * Fields are trimmed.
         */
        private static List<String> splitCsv(String at, String line) {
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char ch = line.charAt(i);
                if (quoted) {
                    if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else if (ch == '"') {
                        quoted = false;
                    } else {
                        f.append(ch);
                    }
                } else if (ch == '"' && f.toString().isBlank()) {
                    quoted = true;
                    f.setLength(0);
                } else if (ch == ',') {
                    fields.add(f.toString().strip());
                    f.setLength(0);
                } else {
                    f.append(ch);
                }
            }
            if (quoted) {
                throw new DataFileException(at + ": a quoted field is not closed");
            }
            fields.add(f.toString().strip());
            return fields;
        }

        /** A name as written in a labels file, as a path relative to the folder with {@code /}. */
        private static String normalise(String name) {
            String n = name.strip().replace('\\', '/');
            while (n.startsWith("./")) {
                n = n.substring(2);
            }
            return n;
        }

        private List<String> readText(Path file, String key) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new DataFileException(file + ": no such file; " + key + " names it", e);
            } catch (IOException e) {
                throw new DataFileException(file + ": cannot be read (" + UserText.clip(e.toString()) + ")", e);
            }
            try {
                String text = StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
                if (text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                return Arrays.asList(text.split("\r?\n|\r", -1));
            } catch (CharacterCodingException e) {
                throw new DataFileException(file + ": not UTF-8 text; " + key + " must name a text file", e);
            }
        }

        private static String sha(Path file) {
            return IdxFile.hex(IdxFile.sha256().digest(readBytes(file)));
        }

        private static byte[] readBytes(Path file) {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new DataFileException(file + ": cannot be read (" + UserText.clip(e.toString()) + ")", e);
            }
        }

        /** The image as {@code [channels, height, width]} unsigned bytes of the declared size. */
        private byte[] decode(Path file, byte[] bytes) {
            BufferedImage image;
            try {
                image = ImageIO.read(new ByteArrayInputStream(bytes));
            } catch (IOException | RuntimeException e) {
                throw new DataFileException(file + ": cannot be decoded as PNG or JPEG ("
                        + UserText.clip(String.valueOf(e.getMessage())) + ")", e);
            }
            if (image == null) {
                throw new DataFileException(file + ": not an image Java's ImageIO can read; expected PNG or JPEG");
            }
            int h = image.getHeight();
            int w = image.getWidth();
            byte[][] planes = planes(file, image);
            if (o.channels() == 3 && planes.length == 1) {
                planes = new byte[][] {planes[0], planes[0], planes[0]};
            } else if (o.channels() == 1 && planes.length == 3) {
                if (!Arrays.equals(planes[0], planes[1]) || !Arrays.equals(planes[0], planes[2])) {
                    throw new DataFileException(file + ": a colour image, but data.options.size declares 1 channel"
                            + " (grey); declare 3 channels for RGB");
                }
                planes = new byte[][] {planes[0]};
            }
            if (h != o.height() || w != o.width()) {
                if (o.resize() == null) {
                    throw new DataFileException(file + ": " + h + "x" + w + " pixels (height x width), but"
                            + " data.options.size declares " + o.height() + "x" + o.width() + "; set"
                            + " data.options.resize: {filter: bilinear | nearest | area} to resize");
                }
                for (int c = 0; c < planes.length; c++) {
                    planes[c] = ImageResizer.resize(planes[c], h, w, o.height(), o.width(), o.resize().filter());
                }
                resized++;
            }
            int n = o.height() * o.width();
            byte[] out = new byte[planes.length * n];
            for (int c = 0; c < planes.length; c++) {
                System.arraycopy(planes[c], 0, out, c * n, n);
            }
            return out;
        }

        /**
         * One plane (grey) or three (R, G, B) of {@code [height, width]} bytes. Grey images are read
         * from their raster, not through {@code getRGB}, which would pass a linear grey through an
         * sRGB conversion and change the values.
         */
        private static byte[][] planes(Path file, BufferedImage image) {
            int h = image.getHeight();
            int w = image.getWidth();
            ColorModel cm = image.getColorModel();
            if (!(cm instanceof IndexColorModel)
                    && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                    && cm.getNumColorComponents() == 1) {
                Raster r = image.getRaster();
                double max = (1L << cm.getComponentSize(0)) - 1;
                int alphaBand = cm.hasAlpha() ? r.getNumBands() - 1 : -1;
                int opaque = cm.hasAlpha() ? (int) ((1L << cm.getComponentSize(alphaBand)) - 1) : 0;
                byte[] g = new byte[h * w];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        if (alphaBand >= 0 && r.getSample(x, y, alphaBand) != opaque) {
                            throw transparent(file, x, y);
                        }
                        g[y * w + x] = (byte) Math.round(r.getSample(x, y, 0) * 255 / max);
                    }
                }
                return new byte[][] {g};
            }
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            byte[][] rgb = new byte[3][h * w];
            for (int i = 0; i < argb.length; i++) {
                if (cm.hasAlpha() && (argb[i] >>> 24) != 0xff) {
                    throw transparent(file, i % w, i / w);
                }
                rgb[0][i] = (byte) (argb[i] >> 16);
                rgb[1][i] = (byte) (argb[i] >> 8);
                rgb[2][i] = (byte) argb[i];
            }
            return rgb;
        }

        private static DataFileException transparent(Path file, int x, int y) {
            return new DataFileException(file + ": pixel (x " + x + ", y " + y + ") is transparent; expected opaque"
                    + " grey or RGB images");
        }
    }
}
