package org.cgm4j.experiments.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What one bench case measures. */
public enum Workload {
    /** The backend's GEMM rate at the training layer shapes of every model below. */
    GEMM("gemm", null),
    /** Training throughput of the CVAE (500-500, z 200, batch 100, 1 quadrant). */
    CVAE("cvae", "cvae.yaml"),
    /** Training throughput of the GSNN at the CVAE's size. */
    GSNN("gsnn", "gsnn.yaml"),
    /** Training throughput of the hybrid objective (alpha 0.5) at the CVAE's size. */
    HYBRID("hybrid", "hybrid.yaml"),
    /** Training throughput of the beta-VAE (500-500, z 32, batch 100). */
    VAE("vae", "vae.yaml"),
    /**
     * Training throughput of the conv VAE of {@code vae/fashion-mnist-conv.yaml} (conv 32-64 with
     * 4 x 4 kernels and stride 2, dense 256, z 32, mirrored transposed convolutions, batch 128).
     * Its FLOPs are not counted: {@link LayerShapes} knows dense layers only.
     */
    CONV_VAE("convvae", "vae-conv.yaml"),
    /** The importance-sampled conditional log-likelihood of the CVAE, S samples per test pair. */
    CLL("cll", "cvae.yaml");

    /** Where the bench definitions live on the class path. */
    static final String RESOURCE_DIR = "org/cgm4j/experiments/bench/";

    private final String id;
    private final String definition;

    Workload(String id, String definition) {
        this.id = id;
        this.definition = definition;
    }

    /** The name used on the command line and in the JSON. */
    public String id() {
        return id;
    }

    /** The class-path resource of the bench definition (YAML), or null for {@link #GEMM}. */
    public String definitionResource() {
        return definition == null ? null : RESOURCE_DIR + definition;
    }

    /** Whether the case trains a model and reports examples/s. */
    public boolean isTraining() {
        return this == CVAE || this == GSNN || this == HYBRID || this == VAE || this == CONV_VAE;
    }

    /** Whether the training FLOPs of the case are counted ({@link LayerShapes}: dense layers only). */
    public boolean countsFlops() {
        return isTraining() && this != CONV_VAE;
    }

    /** The workload called {@code id}; the error lists the allowed names. */
    public static Workload of(String id) {
        for (Workload w : values()) {
            if (w.id.equals(id.toLowerCase(Locale.ROOT))) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown bench case '" + id + "'; allowed: "
                + Arrays.stream(values()).map(Workload::id).collect(Collectors.joining(", ")));
    }
}
