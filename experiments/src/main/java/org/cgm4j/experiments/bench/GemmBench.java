package org.cgm4j.experiments.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.rng.Rng;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backend's single-precision GEMM rate at given shapes, through ND4J's {@code matmul} op (the
 * op SameDiff's dense layers run), into a preallocated output. Each repeat runs the product for
 * at least {@code gemmMillis}; the rate is the median over repeats.
 */
public final class GemmBench {
    private GemmBench() {}

    /**
     * One shape's rate.
     *
     * @param gemm the product
     * @param gflops GFLOP/s over the repeats
     * @param callsPerRepeat products per timed repeat
     */
    public record Result(LayerShapes.Gemm gemm, Stats gflops, int callsPerRepeat) {
        /** As JSON-ready values. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", gemm.op().name());
            m.put("label", gemm.label());
            m.put("m", gemm.m());
            m.put("k", gemm.k());
            m.put("n", gemm.n());
            m.put("transposeA", gemm.transposeA());
            m.put("transposeB", gemm.transposeB());
            m.put("gflops", gflops.median());
            m.put("gflopsMin", gflops.min());
            m.put("gflopsMax", gflops.max());
            m.put("gflopsRepeats", gflops.values());
            m.put("callsPerRepeat", callsPerRepeat);
            return m;
        }
    }

    /** Measures every product. */
    public static List<Result> measure(List<LayerShapes.Gemm> gemms, BenchSettings settings) {
        List<Result> out = new ArrayList<>();
        Rng rng = Rng.derive(settings.seed(), "bench/gemm");
        for (LayerShapes.Gemm g : gemms) {
            out.add(measure(g, settings.gemmRepeats(), settings.gemmMillis(), rng));
        }
        return out;
    }

    /** Measures one product: {@code repeats} timed runs of at least {@code millis} each. */
    public static Result measure(LayerShapes.Gemm g, int repeats, int millis, Rng rng) {
        INDArray a = g.transposeA() ? rng.gaussian(DataType.FLOAT, g.k(), g.m()) : rng.gaussian(DataType.FLOAT, g.m(),
                g.k());
        INDArray b = g.transposeB() ? rng.gaussian(DataType.FLOAT, g.n(), g.k()) : rng.gaussian(DataType.FLOAT, g.k(),
                g.n());
        INDArray c = Nd4j.createUninitialized(DataType.FLOAT, g.m(), g.n());
        Mmul op = new Mmul(a, b, c, MMulTranspose.builder().transposeA(g.transposeA()).transposeB(g.transposeB())
                .build());
        // Warm-up, and how many calls fill the target time.
        long t0 = System.nanoTime();
        int warm = 0;
        while (warm < 3 || System.nanoTime() - t0 < millis * 1_000_000L / 2) {
            Nd4j.exec(op);
            warm++;
        }
        double perCall = (System.nanoTime() - t0) / (double) warm;
        int calls = (int) Math.max(1, Math.ceil(millis * 1e6 / perCall));
        double[] rates = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long s = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                Nd4j.exec(op);
            }
            double seconds = (System.nanoTime() - s) / 1e9;
            rates[r] = g.flops() * calls / seconds / 1e9;
        }
        return new Result(g, Stats.of(rates), calls);
    }

    /**
     * The effective rate of a mix of products, {@code sum flops / sum (flops / rate)} (the rate at
     * which the mix would run if each product ran at its measured rate), in GFLOP/s; NaN when a
     * product of the mix was not measured.
     *
     * @param rates GFLOP/s by product
     */
    public static double effectiveRate(List<LayerShapes.Gemm> mix, Map<LayerShapes.Gemm, Double> rates) {
        double flops = 0;
        double seconds = 0;
        for (LayerShapes.Gemm g : mix) {
            Double r = rates.get(g);
            if (r == null || !(r > 0)) {
                return Double.NaN;
            }
            flops += g.flops();
            seconds += g.flops() / (r * 1e9);
        }
        return flops / seconds / 1e9;
    }
}
