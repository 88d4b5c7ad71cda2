package org.cgm4j.experiments.report;

import org.cgm4j.api.io.AtomicFiles;
import org.cgm4j.api.train.Trainer;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run came from, written to {@code provenance.json} in its run directory so a result can
 * be traced to the code, the machine and the data that made it, and so {@code cgm4j reproduce}
 * can tell whether a rerun is comparable (CPU results repeat exactly only with the same thread
 * count).
 *
 * @param gitCommit {@code git rev-parse HEAD} of the source tree, or {@value #UNKNOWN}
 * @param gitDirty whether {@code git status --porcelain} lists anything (untracked files
 *     included); null when unknown
 * @param javaVersion {@link Runtime#version()}
 * @param javaVendor the {@code java.vendor} property
 * @param javaVm the VM's name and version
 * @param nd4jVersion the nd4j-api artifact's version, or {@value #UNKNOWN}
 * @param backend the ND4J backend's class name (e.g. {@code CpuBackend}), or {@value #UNKNOWN}
 * @param nd4jEnvironment what the native library reports: {@code cores}, {@code omp.threads},
 *     {@code blas.threads}, {@code blas.vendor}, {@code maxThreads}, {@code maxMasterThreads}, the
 *     instruction set the binary was built for ({@code cpu.binary}) and the best one this CPU runs
 *     ({@code cpu.optimal}), the native build information ({@code build}), the BLAS library the
 *     matrix products run in with its version, kernel and thread count ({@code blas.library},
 *     {@code blas.version}, {@code blas.core}, {@code blas.openblasThreads}: see {@link NativeBlas}),
 *     the launcher's choice of it ({@code blas.choice}) and the variables that steer it
 *     ({@code env.OPENBLAS_CORETYPE}, {@code env.OPENBLAS_NUM_THREADS}, ... when set)
 * @param ompNumThreads the environment variable {@code OMP_NUM_THREADS}, null when unset
 * @param maxHeapBytes {@link Runtime#maxMemory()}
 * @param jvmArguments the JVM's own options ({@code -Xmx1g}, {@code -D...}), as the launcher or
 *     a sweep worker set them: with the thread count, what speed and memory depend on
 * @param availableProcessors {@link Runtime#availableProcessors()}
 * @param hostName this machine's name, or {@value #UNKNOWN}
 * @param os operating system name, version and architecture
 * @param seed the run's seed
 * @param datasetSha256 file name to SHA-256 of each dataset file used (sorted)
 * @param start when the run started, ISO-8601 ({@link Instant#toString()})
 * @param end when it ended, ISO-8601; null while it runs
 * @param command the command line that started it; empty when not given
 * @param validationSplit the validation split held out of the training images ({@code fraction},
 *     {@code images}, {@code indicesSha256}: SHA-256 of the held-out indices); absent when none
 * @param datasetOrigin where the dataset came from and how it was read ({@code DatasetSplits.origin()}:
 *     {@code embedded}, a directory, or for a folder of images its sizes, labels, split and resize
 *     filter); absent in files written before it was recorded
 */
public record Provenance(
        String gitCommit,
        Boolean gitDirty,
        String javaVersion,
        String javaVendor,
        String javaVm,
        String nd4jVersion,
        String backend,
        Map<String, String> nd4jEnvironment,
        String ompNumThreads,
        long maxHeapBytes,
        List<String> jvmArguments,
        int availableProcessors,
        String hostName,
        String os,
        long seed,
        Map<String, String> datasetSha256,
        String start,
        String end,
        List<String> command,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> validationSplit,
        @JsonInclude(JsonInclude.Include.NON_NULL) String datasetOrigin) {

    /** Written where a value could not be found out. */
    public static final String UNKNOWN = "unknown";

    /** How long each git command may take before it counts as absent. */
    static final long GIT_TIMEOUT_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(Provenance.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String ND4J_POM = "META-INF/maven/org.nd4j/nd4j-api/pom.properties";

    /** Sorted, unmodifiable copies; null maps and lists become empty. */
    public Provenance {
        nd4jEnvironment = sortedCopy(nd4jEnvironment);
        datasetSha256 = sortedCopy(datasetSha256);
        command = command == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(command));
        jvmArguments = jvmArguments == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(jvmArguments));
    }

    /**
     * Captures this process and machine now ({@code start} is now). Loads the ND4J backend if it is
     * not loaded yet. Never fails for want of git or a repository: those fields say {@value
     * #UNKNOWN}.
     *
     * @param seed the run's seed
     * @param datasetSha256 from {@code DatasetSplits.sha256()}; may be empty
     * @param repoDir the source tree to ask git about; null for none
     */
    public static Provenance capture(long seed, Map<String, String> datasetSha256, Path repoDir) {
        String commit = UNKNOWN;
        Boolean dirty = null;
        if (repoDir != null && Files.isDirectory(repoDir)) {
            String head = git(repoDir, "rev-parse", "HEAD");
            if (head != null && !head.isBlank()) {
                commit = head.strip();
                String status = git(repoDir, "status", "--porcelain");
                dirty = status == null ? null : !status.isBlank();
            }
        }
        Runtime rt = Runtime.getRuntime();
        return new Provenance(
                commit,
                dirty,
                Runtime.version().toString(),
                System.getProperty("java.vendor", UNKNOWN),
                System.getProperty("java.vm.name", UNKNOWN) + " " + System.getProperty("java.vm.version", ""),
                readNd4jVersion(),
                readBackend(),
                readNd4jEnvironment(),
                System.getenv("OMP_NUM_THREADS"),
                rt.maxMemory(),
                ManagementFactory.getRuntimeMXBean().getInputArguments(),
                rt.availableProcessors(),
                readHostName(),
                System.getProperty("os.name", UNKNOWN) + " " + System.getProperty("os.version", "") + " ("
                        + System.getProperty("os.arch", "") + ")",
                seed,
                datasetSha256,
                Instant.now().toString(),
                null,
                List.of(),
                null,
                null);
    }

    /** This provenance with the run's end time. */
    public Provenance withEnd(Instant endTime) {
        return new Provenance(gitCommit, gitDirty, javaVersion, javaVendor, javaVm, nd4jVersion, backend,
                nd4jEnvironment, ompNumThreads, maxHeapBytes, jvmArguments, availableProcessors, hostName, os, seed,
                datasetSha256, start, endTime == null ? null : endTime.toString(), command, validationSplit,
                datasetOrigin);
    }

    /** This provenance with the command line that started the run. */
    public Provenance withCommand(List<String> commandLine) {
        return new Provenance(gitCommit, gitDirty, javaVersion, javaVendor, javaVm, nd4jVersion, backend,
                nd4jEnvironment, ompNumThreads, maxHeapBytes, jvmArguments, availableProcessors, hostName, os, seed,
                datasetSha256, start, end, commandLine, validationSplit, datasetOrigin);
    }

    /** This provenance with the validation split's description (null for none). */
    public Provenance withValidationSplit(Map<String, String> split) {
        return new Provenance(gitCommit, gitDirty, javaVersion, javaVendor, javaVm, nd4jVersion, backend,
                nd4jEnvironment, ompNumThreads, maxHeapBytes, jvmArguments, availableProcessors, hostName, os, seed,
                datasetSha256, start, end, command, split == null ? null : Collections.unmodifiableMap(
                        new java.util.LinkedHashMap<>(split)), datasetOrigin);
    }

    /** This provenance with where the dataset came from and how it was read (null for unknown). */
    public Provenance withDatasetOrigin(String origin) {
        return new Provenance(gitCommit, gitDirty, javaVersion, javaVendor, javaVm, nd4jVersion, backend,
                nd4jEnvironment, ompNumThreads, maxHeapBytes, jvmArguments, availableProcessors, hostName, os, seed,
                datasetSha256, start, end, command, validationSplit, origin);
    }

    /** Writes this as pretty JSON, atomically. */
    public void write(Path json) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(this);
        AtomicFiles.write(json, out -> {
            out.write(bytes);
            out.write('\n');
        });
    }

    /** Reads a file written by {@link #write}. */
    public static Provenance read(Path json) throws IOException {
        return JSON.readValue(json.toFile(), Provenance.class);
    }

    /** The nd4j-api version from its Maven metadata on the class path, else the jar manifest. */
    static String readNd4jVersion() {
        ClassLoader cl = Provenance.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(ND4J_POM)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v.strip();
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read {}", ND4J_POM, e);
        }
        // A class literal does not initialise Nd4j, so this does not load the natives.
        String v = Nd4j.class.getPackage().getImplementationVersion();
        return v == null ? UNKNOWN : v;
    }

    private static String readBackend() {
        try {
            return Nd4j.getBackend().getClass().getSimpleName();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("cannot load the ND4J backend for provenance: {}", e.toString());
            return UNKNOWN;
        }
    }

    /**
     * A few entries of what the native library reports. Its environment information holds
     * {@code backend, blas.threads, blas.vendor, cores, memory.available, memory.free,
     * memoryBandwidth, omp.threads, os} on the CPU backend (1.0.0-M2.1); the free memory changes
     * from call to call, so it is left out. CPU instruction sets come from {@link NativeOps}.
     */
    private static Map<String, String> readNd4jEnvironment() {
        Map<String, String> env = new TreeMap<>();
        try {
            Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
            for (String key : List.of("cores", "omp.threads", "blas.threads", "blas.vendor")) {
                Object v = info.get(key);
                if (v != null) {
                    env.put(key, String.valueOf(v));
                }
            }
            Environment e = Nd4j.getEnvironment();
            env.put("maxThreads", Integer.toString(e.maxThreads()));
            env.put("maxMasterThreads", Integer.toString(e.maxMasterThreads()));
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("cannot read the ND4J environment for provenance: {}", e.toString());
        }
        try {
            env.put("plan.threads", Integer.toString(Trainer.planThreads()));
        } catch (IllegalArgumentException e) {
            env.put("plan.threads", e.getMessage());
        }
        try {
            NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
            env.put("cpu.binary", instructionLevel(ops.binaryLevel()));
            env.put("cpu.optimal", instructionLevel(ops.optimalLevel()));
            String build = ops.buildInfo();
            if (build != null && !build.isBlank()) {
                env.put("build", String.join("; ", build.strip().lines().map(String::strip).toList()));
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("no native CPU information", e);
        }
        env.putAll(NativeBlas.provenanceEntries());
        return env;
    }

    /** ND4J's numbering of x86 instruction-set levels, as its CPU backend names them. */
    static String instructionLevel(int level) {
        return switch (level) {
            case 3 -> "AVX512";
            case 2 -> "AVX/AVX2";
            default -> "Generic x86";
        };
    }

    private static String readHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? UNKNOWN : env;
        }
    }

    /** The command's standard output, or null when git is missing, fails or takes too long. */
    static String git(Path repoDir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        Path out = null;
        Process p = null;
        try {
            // A file, not a pipe: a pipe that fills up would stall git until the timeout.
            out = Files.createTempFile("cgm4j-git", ".out");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(repoDir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            // Read-only: never take the index lock that a concurrent git command (a commit) needs.
            pb.environment().put("GIT_OPTIONAL_LOCKS", "0");
            p = pb.start();
            if (!p.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("git {} in {} took over {} s; provenance says {}", String.join(" ", args), repoDir,
                        GIT_TIMEOUT_SECONDS, UNKNOWN);
                return null;
            }
            return p.exitValue() == 0 ? Files.readString(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null; // no git on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }

    private static Map<String, String> sortedCopy(Map<String, String> m) {
        return Collections.unmodifiableMap(m == null ? new TreeMap<>() : new TreeMap<>(m));
    }
}
