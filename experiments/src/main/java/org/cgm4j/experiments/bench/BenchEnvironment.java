package org.cgm4j.experiments.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.cgm4j.api.train.Trainer;

/**
 * The settings a child JVM runs under. {@link #TUNED} is what the {@code cgm4j} launcher sets;
 * {@link #SAMEDIFF_DEFAULTS} is what a user gets out of the box (no OMP_NUM_THREADS, ND4J choosing
 * the BLAS threads, the JVM's default heap), the baseline the speed-up is measured against.
 * Every child loads the BLAS library of the bench's own JVM (the launcher's choice, {@link
 * org.cgm4j.experiments.report.NativeBlas#LOADING_OPTIONS}) and inherits its environment, BLAS
 * thread variables included, unless the environment sets them.
 */
public enum BenchEnvironment {
    /**
     * OMP_NUM_THREADS=1, -Xmx1g and the serial collector giving back free heap, as the launcher sets
     * them; the BLAS threads the launcher chose.
     */
    TUNED("tuned", "1", List.of("-Xmx1g", "-XX:+UseSerialGC", "-XX:MaxHeapFreeRatio=30", "-XX:MinHeapFreeRatio=10")),
    /**
     * {@link #TUNED} with OpenBLAS on every core for the matrix products (OMP_NUM_THREADS=1 for
     * libnd4j's other ops): what decides a row of {@code scripts/threads.tsv}.
     */
    TUNED_BLAS_ALL("tuned-blas-all", "1", List.of("-Xmx1g", "-XX:+UseSerialGC", "-XX:MaxHeapFreeRatio=30",
            "-XX:MinHeapFreeRatio=10")),
    /**
     * The launcher's settings with steps run by SameDiff's session (recycling its memory) and
     * evaluation outputs by {@code sd.output}, instead of compiled plans: what the plans alone gain.
     */
    TUNED_SESSION("tuned-session", "1", List.of("-Xmx1g", "-XX:+UseSerialGC", "-XX:MaxHeapFreeRatio=30",
            "-XX:MinHeapFreeRatio=10", "-D" + Trainer.Execution.PROPERTY + "=recycled")),
    /** OMP_NUM_THREADS unset, the BLAS threads left to ND4J, no -Xmx. */
    SAMEDIFF_DEFAULTS("samediff-defaults", null, List.of());

    /** The environment variable of OpenMP's thread count. */
    public static final String OMP_NUM_THREADS = "OMP_NUM_THREADS";
    /** OpenBLAS's thread count, which ND4J leaves alone when {@link #ND4J_SKIP_BLAS_THREADS} is set. */
    public static final String OPENBLAS_NUM_THREADS = "OPENBLAS_NUM_THREADS";
    /** Set: ND4J does not set OpenBLAS's threads to OMP_NUM_THREADS (or to the cores) at start. */
    public static final String ND4J_SKIP_BLAS_THREADS = "ND4J_SKIP_BLAS_THREADS";

    private final String id;
    private final String ompNumThreads;
    private final List<String> jvmFlags;

    BenchEnvironment(String id, String ompNumThreads, List<String> jvmFlags) {
        this.id = id;
        this.ompNumThreads = ompNumThreads;
        this.jvmFlags = jvmFlags;
    }

    /** The name used on the command line and in the JSON. */
    public String id() {
        return id;
    }

    /** The JVM flags of the child (before the class path). */
    public List<String> jvmFlags() {
        return jvmFlags;
    }

    /** Sets or removes the variables this environment decides in a child's environment. */
    public void applyTo(Map<String, String> env) {
        if (ompNumThreads == null) {
            env.remove(OMP_NUM_THREADS);
        } else {
            env.put(OMP_NUM_THREADS, ompNumThreads);
        }
        if (this == SAMEDIFF_DEFAULTS) {
            env.remove(ND4J_SKIP_BLAS_THREADS);
            env.remove(OPENBLAS_NUM_THREADS);
        } else if (this == TUNED_BLAS_ALL) {
            env.put(ND4J_SKIP_BLAS_THREADS, "1");
            env.put(OPENBLAS_NUM_THREADS, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
    }

    /** The environment called {@code id}; the error lists the allowed names. */
    public static BenchEnvironment of(String id) {
        for (BenchEnvironment e : values()) {
            if (e.id.equals(id.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown bench environment '" + id + "'; allowed: "
                + Arrays.stream(values()).map(BenchEnvironment::id).collect(Collectors.joining(", ")));
    }
}
