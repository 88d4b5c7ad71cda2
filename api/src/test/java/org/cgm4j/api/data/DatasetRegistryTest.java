package org.cgm4j.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.cgm4j.api.testing.OptionalPackages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRegistryTest {
    private static final List<String> MNIST_FILES = List.of(
            MnistFormatProvider.TRAIN_IMAGES,
            MnistFormatProvider.TRAIN_LABELS,
            MnistFormatProvider.T10K_IMAGES,
            MnistFormatProvider.T10K_LABELS);
    private static final List<String> MNIST_10K_FILES = List.of(
            MnistFormatProvider.TRAIN_IMAGES,
            MnistFormatProvider.TRAIN_LABELS,
            MnistFormatProvider.TEST_IMAGES,
            MnistFormatProvider.TEST_LABELS);

    @TempDir
    Path tmp;

    private HttpServer server;
    /** What the server answers per path: a body, or null for 404. */
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();

    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = served.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI mirror(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** A tiny MNIST-shaped dataset: payloads by file name, uncompressed. */
    private static Map<String, byte[]> tinyMnist() {
        LabeledImages train = TestData.images(6, 4, 4, 3);
        LabeledImages test = TestData.images(2, 4, 4, 3);
        Map<String, byte[]> files = new HashMap<>();
        files.put(MnistFormatProvider.TRAIN_IMAGES, TestData.imagesPayload(train));
        files.put(MnistFormatProvider.TRAIN_LABELS, TestData.labelsPayload(train));
        files.put(MnistFormatProvider.T10K_IMAGES, TestData.imagesPayload(test));
        files.put(MnistFormatProvider.T10K_LABELS, TestData.labelsPayload(test));
        return files;
    }

    private static Map<String, Map<String, String>> hashesOf(String dataset, Map<String, byte[]> payloads) {
        Map<String, String> table = new HashMap<>();
        payloads.forEach((file, bytes) -> table.put(file, TestData.sha256(bytes)));
        Map<String, Map<String, String>> all = new HashMap<>(MnistFormatProvider.PAYLOAD_SHA256);
        all.put(dataset, table);
        return all;
    }

    private void serve(String base, Map<String, byte[]> payloads) {
        payloads.forEach((file, bytes) -> served.put(base + file + ".gz", TestData.gzip(bytes)));
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void mnist10kLoadsFromTheJar() {
        DatasetRegistry registry = new DatasetRegistry(tmp.resolve("cache"));
        DatasetSplits splits = registry.load(DatasetRegistry.MNIST_10K, null);
        assertThat(splits.train().count()).isEqualTo(8004);
        assertThat(splits.test().count()).isEqualTo(1996);
        assertThat(splits.train().rows()).isEqualTo(28);
        assertThat(splits.train().cols()).isEqualTo(28);
        assertThat(splits.train().numClasses()).isEqualTo(10);
        assertThat(splits.test().numClasses()).isEqualTo(10);
        assertThat(splits.origin()).isEqualTo("embedded");
        assertThat(splits.sha256())
                .containsEntry(
                        "train-images-idx3-ubyte", "0b918446991e72930891dc5f6e68cdf31583f76820b559f42fca7f0049475758")
                .containsEntry(
                        "test-labels-idx1-ubyte", "40ec743e1e835ec1f8cf9a40849a858d0c7863d783f881c6227a8c7588e9e312")
                .hasSize(4);
        assertThat(registry.load(DatasetRegistry.MNIST_10K, null)).isSameAs(splits);
        assertThat(tmp.resolve("cache")).doesNotExist();
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        DatasetRegistry registry = new DatasetRegistry(tmp);
        assertThat(registry.names()).containsExactly("fashion-mnist", "idx", "imageFolder", "mnist", "mnist-10k",
                "mnist-10k-attributes", "mnist-attributes");
        assertThatThrownBy(() -> registry.load("cifar-10", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cifar-10'")
                .hasMessageContaining("fashion-mnist, idx, imageFolder, mnist, mnist-10k, mnist-10k-attributes,"
                        + " mnist-attributes");
    }

    @Test
    void aCopyInADirectoryLoadsAndATamperedCopyFailsNamingTheFile() throws IOException {
        Path good = Files.createDirectories(tmp.resolve("good"));
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        for (String file : MNIST_10K_FILES) {
            byte[] payload = TestData.mnist10kPayload(file);
            Files.write(good.resolve(file), payload); // raw
            if (file.equals(MnistFormatProvider.TRAIN_IMAGES)) {
                payload[16 + 5 * 784 + 400] ^= 1; // one pixel of the sixth image
            }
            Files.write(bad.resolve(file + ".gz"), TestData.gzip(payload));
        }
        DatasetRegistry registry = new DatasetRegistry(tmp.resolve("cache"));

        DatasetSplits fromDir = registry.load(DatasetRegistry.MNIST_10K, good);
        assertThat(fromDir.origin()).isEqualTo(good.toString());
        assertThat(fromDir.train())
                .isEqualTo(registry.load(DatasetRegistry.MNIST_10K, null).train());

        Path tampered = bad.resolve("train-images-idx3-ubyte.gz");
        assertThatThrownBy(() -> registry.load(DatasetRegistry.MNIST_10K, bad))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(tampered.toString())
                .hasMessageContaining("expected 0b918446991e72930891dc5f6e68cdf31583f76820b559f42fca7f0049475758")
                .hasMessageContaining(TestData.sha256(TestData.gunzip(Files.readAllBytes(tampered))));
    }

    @Test
    void filesThatAreNotMnistFailTheMnistHashes() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        tinyMnist().forEach((file, bytes) -> write(dir.resolve(file + ".gz"), TestData.gzip(bytes)));
        assertThatThrownBy(() -> new DatasetRegistry(tmp.resolve("cache")).load(DatasetRegistry.MNIST, dir))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(dir.resolve("train-images-idx3-ubyte.gz").toString())
                .hasMessageContaining("expected ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");
    }

    @Test
    void aMissingFileInTheDirectoryIsNamed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("partial"));
        Map<String, byte[]> payloads = tinyMnist();
        payloads.remove(MnistFormatProvider.T10K_LABELS);
        payloads.forEach((file, bytes) -> write(dir.resolve(file), bytes));
        DatasetRegistry registry = new DatasetRegistry(
                tmp.resolve("cache"), Map.of(), hashesOf(DatasetRegistry.MNIST, tinyMnist()), Map.of());
        assertThatThrownBy(() -> registry.load(DatasetRegistry.MNIST, dir))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("neither t10k-labels-idx1-ubyte nor t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void downloadsVerifiesAndCaches() throws IOException {
        Map<String, byte[]> payloads = tinyMnist();
        serve("/mirror/", payloads);
        Path cache = tmp.resolve("cache");
        Map<String, Map<String, String>> hashes = hashesOf(DatasetRegistry.MNIST, payloads);
        // No trailing slash on purpose: the registry must still append the file names.
        Map<String, URI> mirrors = Map.of(DatasetRegistry.MNIST, mirror("/mirror"));

        DatasetSplits first = new DatasetRegistry(cache, mirrors, hashes, Map.of()).load(DatasetRegistry.MNIST, null);
        assertThat(requests.get()).isEqualTo(4);
        assertThat(first.train().count()).isEqualTo(6);
        assertThat(first.test().count()).isEqualTo(2);
        assertThat(first.numClasses()).isEqualTo(3);
        assertThat(first.origin()).isEqualTo(cache.resolve("mnist").toString());
        assertThat(first.sha256()).isEqualTo(hashes.get(DatasetRegistry.MNIST));
        assertThat(filesUnder(cache))
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder(
                        MNIST_FILES.stream().map(f -> f + ".gz").toArray(String[]::new));

        // A fresh registry (as in a new JVM) finds the cached files: no request.
        DatasetSplits second = new DatasetRegistry(cache, mirrors, hashes, Map.of()).load(DatasetRegistry.MNIST, null);
        assertThat(requests.get()).isEqualTo(4);
        assertThat(second.train()).isEqualTo(first.train());
        assertThat(second.test()).isEqualTo(first.test());
    }

    @Test
    void aFileMirrorWorksToo() throws IOException {
        Map<String, byte[]> payloads = tinyMnist();
        Path mirrorDir = Files.createDirectories(tmp.resolve("mirror"));
        payloads.forEach((file, bytes) -> write(mirrorDir.resolve(file + ".gz"), TestData.gzip(bytes)));
        DatasetRegistry registry = new DatasetRegistry(
                tmp.resolve("cache"),
                Map.of(DatasetRegistry.MNIST, mirrorDir.toUri()),
                hashesOf(DatasetRegistry.MNIST, payloads),
                Map.of());
        assertThat(registry.load(DatasetRegistry.MNIST, null).train().count()).isEqualTo(6);
    }

    @Test
    void aTruncatedDownloadLeavesNothingUnderTheFinalName() throws IOException {
        Map<String, byte[]> payloads = tinyMnist();
        serve("/m/", payloads);
        String path = "/m/" + MnistFormatProvider.TRAIN_IMAGES + ".gz";
        byte[] whole = served.get(path);
        served.put(path, Arrays.copyOf(whole, whole.length / 2));
        Path cache = tmp.resolve("cache");
        DatasetRegistry registry = new DatasetRegistry(
                cache,
                Map.of(DatasetRegistry.MNIST, mirror("/m/")),
                hashesOf(DatasetRegistry.MNIST, payloads),
                Map.of());

        assertThatThrownBy(() -> registry.load(DatasetRegistry.MNIST, null))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(mirror(path).toString())
                .hasMessageContaining("gzip stream ends early");
        assertThat(filesUnder(cache)).isEmpty();

        // Once the mirror is fixed, the same registry succeeds: failures are not cached.
        served.put(path, whole);
        assertThat(registry.load(DatasetRegistry.MNIST, null).train().count()).isEqualTo(6);
    }

    @Test
    void wrongBytesFailTheChecksumNamingUrlExpectedAndActual() throws IOException {
        Map<String, byte[]> payloads = tinyMnist();
        serve("/m/", payloads);
        byte[] other = TestData.idx(new int[] {6}, new byte[] {2, 2, 2, 2, 2, 2});
        String path = "/m/" + MnistFormatProvider.TRAIN_LABELS + ".gz";
        served.put(path, TestData.gzip(other));
        Path cache = tmp.resolve("cache");
        Map<String, Map<String, String>> hashes = hashesOf(DatasetRegistry.MNIST, payloads);
        DatasetRegistry registry =
                new DatasetRegistry(cache, Map.of(DatasetRegistry.MNIST, mirror("/m/")), hashes, Map.of());

        assertThatThrownBy(() -> registry.load(DatasetRegistry.MNIST, null))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(mirror(path).toString())
                .hasMessageContaining(
                        "expected " + hashes.get(DatasetRegistry.MNIST).get(MnistFormatProvider.TRAIN_LABELS))
                .hasMessageContaining("is " + TestData.sha256(other));
        assertThat(cache.resolve("mnist").resolve(MnistFormatProvider.TRAIN_LABELS + ".gz"))
                .doesNotExist();
        assertThat(filesUnder(cache))
                .extracting(p -> p.getFileName().toString())
                .containsExactly(MnistFormatProvider.TRAIN_IMAGES + ".gz"); // the one good file before it
    }

    @Test
    void anHttpErrorIsReportedWithTheStatus() {
        DatasetRegistry registry = new DatasetRegistry(
                tmp.resolve("cache"),
                Map.of(DatasetRegistry.MNIST, mirror("/empty/")),
                hashesOf(DatasetRegistry.MNIST, tinyMnist()),
                Map.of());
        assertThatThrownBy(() -> registry.load(DatasetRegistry.MNIST, null))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(
                        mirror("/empty/train-images-idx3-ubyte.gz").toString())
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("data.dir");
    }

    @Test
    void fashionMnistWithNoCopyAndNoMirrorSaysWhatToInstall() throws IOException {
        DatasetRegistry registry = new DatasetRegistry(
                tmp.resolve("cache"),
                Map.of(DatasetRegistry.FASHION_MNIST, mirror("/nothing/")),
                MnistFormatProvider.PAYLOAD_SHA256,
                Map.of(DatasetRegistry.FASHION_MNIST, tmp.resolve("no-such-dir")));
        assertThatThrownBy(() -> registry.load(DatasetRegistry.FASHION_MNIST, null))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("no copy at " + tmp.resolve("no-such-dir"))
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining("data.dir");
        assertThat(filesUnder(tmp.resolve("cache"))).isEmpty();
    }

    @Test
    void fashionMnistIsFoundWhereTheDebianPackagePutsIt() {
        OptionalPackages.assumeInstalled(
                Files.isRegularFile(MnistFormatProvider.FASHION_MNIST_SYSTEM_DIR.resolve("train-images-idx3-ubyte.gz")),
                "Debian's dataset-fashion-mnist", "apt-get install dataset-fashion-mnist");
        // The mirror is a dead local address: the system copy must be used, not a download.
        DatasetRegistry registry =
                new DatasetRegistry(tmp.resolve("cache"), Map.of(DatasetRegistry.FASHION_MNIST, mirror("/nothing/")));
        DatasetSplits splits = registry.load(DatasetRegistry.FASHION_MNIST, null);
        assertThat(splits.train().count()).isEqualTo(60000);
        assertThat(splits.test().count()).isEqualTo(10000);
        assertThat(splits.numClasses()).isEqualTo(10);
        assertThat(splits.origin()).isEqualTo(MnistFormatProvider.FASHION_MNIST_SYSTEM_DIR.toString());
        assertThat(requests.get()).isZero();
        assertThat(splits.sha256())
                .containsEntry(
                        "train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888");
    }

    @Test
    void mirrorsForUnknownDatasetsAreRejected() {
        assertThatThrownBy(() -> new DatasetRegistry(tmp, Map.of("mnsit", URI.create("http://x/"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'mnsit'");
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
