package org.cgm4j.experiments.sweep;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.cgm4j.experiments.report.NativeBlas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to start a worker JVM: the java executable, the class path and the JVM options that matter
 * for a run (heap and native-memory limits). {@link #current()} copies them from this process so
 * that a worker runs the same code with the same memory as its parent.
 *
 * @param executable the {@code java} executable
 * @param classPath the class path entries, in order
 * @param options JVM options placed before the main class ({@code -Xmx1g}, ...)
 */
public record WorkerJvm(Path executable, List<Path> classPath, List<String> options) {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerJvm.class);

    /**
     * Option prefixes copied from this JVM to its workers: memory limits, the garbage collector and
     * which BLAS library to load ({@link NativeBlas#LOADING_OPTIONS}; results repeat bit for bit
     * only with the same library).
     */
    static final List<String> COPIED_OPTIONS = Stream.concat(Stream.of("-Xmx", "-Xms", "-Xss",
            "-XX:MaxDirectMemorySize", "-XX:MaxRAMPercentage", "-XX:MaxRAM=", "-Dorg.bytedeco.javacpp.maxbytes",
            "-Dorg.bytedeco.javacpp.maxphysicalbytes", "-XX:+UseSerialGC", "-XX:+UseParallelGC", "-XX:+UseG1GC",
            "-XX:MaxHeapFreeRatio", "-XX:MinHeapFreeRatio"), NativeBlas.LOADING_OPTIONS.stream()).toList();

    /** Checks and copies. */
    public WorkerJvm {
        Objects.requireNonNull(executable, "executable");
        classPath = List.copyOf(classPath);
        options = List.copyOf(options);
        if (classPath.isEmpty()) {
            throw new IllegalArgumentException("a worker JVM needs a class path");
        }
    }

    /**
     * This process's java executable, its class path with every manifest-only jar expanded into
     * the entries of its {@code Class-Path} (a test runner such as Maven Surefire starts tests from
     * such a jar), and its memory options ({@link #COPIED_OPTIONS}).
     */
    public static WorkerJvm current() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<Path> cp = expand(System.getProperty("java.class.path", ""));
        List<String> options = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (COPIED_OPTIONS.stream().anyMatch(arg::startsWith)) {
                options.add(arg);
            }
        }
        return new WorkerJvm(java, cp, options);
    }

    /** The entries of a class path string, each jar followed by the entries of its manifest's Class-Path. */
    static List<Path> expand(String classPath) {
        Set<Path> out = new LinkedHashSet<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath().normalize();
            out.add(p);
            if (p.getFileName() != null && p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)) {
                out.addAll(manifestClassPath(p));
            }
        }
        return List.copyOf(out);
    }

    private static List<Path> manifestClassPath(Path jar) {
        List<Path> out = new ArrayList<>();
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest m = jf.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp == null) {
                return out;
            }
            URI base = jar.getParent().toUri();
            for (String token : cp.trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                try {
                    URI u = base.resolve(token);
                    if ("file".equals(u.getScheme())) {
                        out.add(Path.of(u).normalize());
                    }
                } catch (IllegalArgumentException e) {
                    LOG.debug("skipping Class-Path entry {} of {}: {}", token, jar, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read the manifest of {}: {}", jar, e.toString());
        }
        return out;
    }

    /**
     * The command that starts {@code mainClass} with {@code args} in a worker JVM, without the class
     * path: that goes in the {@code CLASSPATH} variable ({@link #configure}), which keeps the command
     * line short enough for {@code ps} and {@link ProcessHandle.Info#arguments()} to show it whole.
     */
    public List<String> command(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.addAll(options);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** A process builder for {@link #command}: the command, and the class path in {@code CLASSPATH}. */
    public ProcessBuilder configure(String mainClass, List<String> args) {
        ProcessBuilder pb = new ProcessBuilder(command(mainClass, args));
        pb.environment().put("CLASSPATH", classPathString());
        return pb;
    }

    /** The class path joined with the platform's separator. */
    public String classPathString() {
        return String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList());
    }

    /** The largest {@code -Xmx} among the options in bytes, or {@code fallback} when there is none. */
    public long maxHeapBytes(long fallback) {
        long heap = -1;
        for (String o : options) {
            if (o.startsWith("-Xmx")) {
                heap = parseSize(o.substring(4));
            }
        }
        return heap > 0 ? heap : fallback;
    }

    /** {@code 1g}, {@code 512m}, {@code 1048576k}, plain bytes; -1 when unreadable. */
    static long parseSize(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        char unit = Character.toLowerCase(s.charAt(s.length() - 1));
        long factor = switch (unit) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        String digits = factor == 1 ? s : s.substring(0, s.length() - 1);
        try {
            return Long.parseLong(digits) * factor;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
