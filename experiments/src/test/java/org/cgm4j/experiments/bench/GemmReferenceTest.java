package org.cgm4j.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The BLAS of the test JVM (ND4J's bundled OpenBLAS under this environment's settings) computes
 * every matrix product of a CVAE training step at batch 100 to 1e-5 relative in single precision
 * and 1e-12 in double, against a double-precision reference.
 */
class GemmReferenceTest {
    /** The products of one CVAE training step at batch 100, forward and backward. */
    static List<LayerShapes.Gemm> cvaeGemms() {
        return LayerShapes.distinctGemms(List.of(Workload.CVAE), 100);
    }

    @Test
    void everyCvaeProductMatchesTheDoublePrecisionReference() {
        List<GemmReference.Error> errors = GemmReference.check(cvaeGemms(), 7);
        assertThat(errors).hasSize(cvaeGemms().size());
        for (GemmReference.Error e : errors) {
            assertThat(e.single()).as("float " + e.gemm().label()).isLessThan(1e-5);
            assertThat(e.dbl()).as("double " + e.gemm().label()).isLessThan(1e-12);
        }
    }
}
