package org.cgm4j.experiments.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.experiments.report.NativeBlas;
import org.cgm4j.experiments.report.Provenance;

/**
 * The child JVM of {@link SystemBlasTest}: {@code SystemBlasChild <out.json>} writes the BLAS
 * entries of provenance and the errors of {@link GemmReference} at the CVAE's products.
 */
public final class SystemBlasChild {
    private SystemBlasChild() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        List<GemmReference.Error> errors = GemmReference.check(GemmReferenceTest.cvaeGemms(), 7);
        Map<String, String> blas = new LinkedHashMap<>();
        Provenance.capture(1, Map.of(), null).nd4jEnvironment().forEach((k, v) -> {
            if (k.startsWith("blas.") || k.startsWith("env.")) {
                blas.put(k, v);
            }
        });
        out.put("blas", blas);
        out.put("inspect", NativeBlas.inspect());
        out.put("errors", errors.stream().map(e -> Map.of("gemm", e.gemm().label(), "single", e.single(),
                "double", e.dbl())).toList());
        new ObjectMapper().writeValue(Path.of(args[0]).toFile(), out);
        System.exit(0); // ND4J leaves non-daemon threads behind
    }
}
