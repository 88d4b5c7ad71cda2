package org.cgm4j.experiments.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The dense layers one training step of a model multiplies through, in closed form from its
 * sizes, and the FLOPs they cost. Only matrix products are counted (the elementwise ops, the
 * Adam update and the losses are small beside them at these sizes):
 *
 * <ul>
 *   <li>forward, per layer {@code [m, nIn] x [nIn, nOut]}: {@code 2 m nIn nOut};
 *   <li>backward, twice that: the weight gradient {@code [nIn, m] x [m, nOut]} and the input
 *       gradient {@code [m, nOut] x [nOut, nIn]} (counted for every layer, also the first, whose
 *       input gradient a data input does not need, so this slightly over-counts).
 * </ul>
 *
 * <p>So a training step costs {@code 6 sum(nIn nOut)} FLOPs per example. A network applied
 * twice in one step (the hybrid's generation network, once with z from q and once from p) is
 * listed twice.
 */
public final class LayerShapes {
    /** The three products of a dense layer's training step. */
    public enum Op {
        /** {@code [m, nIn] x [nIn, nOut]}. */
        FORWARD,
        /** {@code [nIn, m] x [m, nOut]}: the weight gradient, A transposed. */
        WEIGHT_GRADIENT,
        /** {@code [m, nOut] x [nOut, nIn]}: the input gradient, B transposed. */
        INPUT_GRADIENT
    }

    /**
     * One dense layer.
     *
     * @param network the network it belongs to (a {@link org.cgm4j.api.nn.Scopes} role)
     * @param nIn input width
     * @param nOut output width
     */
    public record Layer(String network, int nIn, int nOut) {}

    /**
     * One matrix product {@code [m, k] x [k, n]}, with the operands stored transposed where the
     * flags say so (as the backward pass has them).
     */
    public record Gemm(Op op, int m, int k, int n, boolean transposeA, boolean transposeB) {
        /** {@code 2 m k n}. */
        public double flops() {
            return 2.0 * m * k * n;
        }

        /** A readable label such as {@code [100,1568]x[1568,500]} or {@code [1568,100]^Tx[100,500]}. */
        public String label() {
            String a = transposeA ? "[" + k + "," + m + "]^T" : "[" + m + "," + k + "]";
            String b = transposeB ? "[" + n + "," + k + "]^T" : "[" + k + "," + n + "]";
            return a + "x" + b;
        }
    }

    private LayerShapes() {}

    /**
     * The layers of one training step of {@code workload} (a training workload or {@link
     * Workload#CLL}, which scores the CVAE), for the given sizes: input {@code xDim} (0 for the
     * VAE), output {@code yDim}, hidden widths and latent width.
     */
    public static List<Layer> of(Workload workload, int xDim, int yDim, List<Integer> hidden, int latentDim) {
        List<Layer> layers = new ArrayList<>();
        switch (workload) {
            case CVAE, CLL -> {
                gaussianHead(layers, "recognition", xDim + yDim, hidden, latentDim);
                gaussianHead(layers, "prior", xDim, hidden, latentDim);
                mlp(layers, "generation", xDim + latentDim, reversed(hidden), yDim);
            }
            case GSNN -> {
                gaussianHead(layers, "prior", xDim, hidden, latentDim);
                mlp(layers, "generation", xDim + latentDim, reversed(hidden), yDim);
            }
            case HYBRID -> {
                gaussianHead(layers, "recognition", xDim + yDim, hidden, latentDim);
                gaussianHead(layers, "prior", xDim, hidden, latentDim);
                mlp(layers, "generation", xDim + latentDim, reversed(hidden), yDim);
                mlp(layers, "generation", xDim + latentDim, reversed(hidden), yDim);
            }
            case VAE -> {
                gaussianHead(layers, "encoder", yDim, hidden, latentDim);
                mlp(layers, "decoder", latentDim, reversed(hidden), yDim);
            }
            case CONV_VAE -> {
                // convolutions are not dense products: nothing is counted (Workload#countsFlops)
            }
            case GEMM -> throw new IllegalArgumentException("the gemm case trains no model");
        }
        return Collections.unmodifiableList(layers);
    }

    /** The reference sizes of the bench: 784-pixel images, 500-500 MLPs, z 200 (z 32 for the VAE). */
    public static List<Layer> reference(Workload workload) {
        return workload == Workload.VAE
                ? of(workload, 0, 784, List.of(500, 500), 32)
                : of(workload, 784, 784, List.of(500, 500), 200);
    }

    /** Training FLOPs per example: {@code 6 sum(nIn nOut)} (forward 2, backward 4). */
    public static double trainingFlopsPerExample(List<Layer> layers) {
        return 3 * forwardFlopsPerExample(layers);
    }

    /** Forward FLOPs per example: {@code 2 sum(nIn nOut)}. */
    public static double forwardFlopsPerExample(List<Layer> layers) {
        double s = 0;
        for (Layer l : layers) {
            s += 2.0 * l.nIn() * l.nOut();
        }
        return s;
    }

    /** The products of one training step at batch {@code m}: forward, weight and input gradient per layer. */
    public static List<Gemm> trainingGemms(List<Layer> layers, int m) {
        List<Gemm> out = new ArrayList<>();
        for (Layer l : layers) {
            out.addAll(gemmsOf(l, m));
        }
        return out;
    }

    /** The distinct products of one training step of each workload at batch {@code m}, in first-seen order. */
    public static List<Gemm> distinctGemms(List<Workload> workloads, int m) {
        Set<Gemm> seen = new LinkedHashSet<>();
        for (Workload w : workloads) {
            if (w != Workload.GEMM) {
                seen.addAll(trainingGemms(reference(w), m));
            }
        }
        return List.copyOf(seen);
    }

    private static List<Gemm> gemmsOf(Layer l, int m) {
        return List.of(
                new Gemm(Op.FORWARD, m, l.nIn(), l.nOut(), false, false),
                new Gemm(Op.WEIGHT_GRADIENT, l.nIn(), m, l.nOut(), true, false),
                new Gemm(Op.INPUT_GRADIENT, m, l.nOut(), l.nIn(), false, true));
    }

    // As org.cgm4j.api.nn.GaussianHead: an MLP trunk ending in the last hidden width, then mean and log-variance.
    private static void gaussianHead(List<Layer> layers, String network, int nIn, List<Integer> hidden, int d) {
        int in = nIn;
        for (int h : hidden) {
            layers.add(new Layer(network, in, h));
            in = h;
        }
        layers.add(new Layer(network, in, d));
        layers.add(new Layer(network, in, d));
    }

    // As org.cgm4j.api.nn.Mlp: hidden layers, then a linear output layer.
    private static void mlp(List<Layer> layers, String network, int nIn, List<Integer> hidden, int nOut) {
        int in = nIn;
        for (int h : hidden) {
            layers.add(new Layer(network, in, h));
            in = h;
        }
        layers.add(new Layer(network, in, nOut));
    }

    private static List<Integer> reversed(List<Integer> hidden) {
        List<Integer> r = new ArrayList<>(hidden);
        Collections.reverse(r);
        return r;
    }
}
