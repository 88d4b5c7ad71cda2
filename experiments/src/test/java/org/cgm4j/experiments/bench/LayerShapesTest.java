package org.cgm4j.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.model.ModelWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** FLOPs by closed form, and the closed-form layer lists against the weights of the models the framework builds. */
class LayerShapesTest {
    private static final double CVAE_WEIGHTS = (1568 * 500 + 500 * 500 + 2 * 500 * 200) // recognition
            + (784 * 500 + 500 * 500 + 2 * 500 * 200) // prior
            + (984 * 500 + 500 * 500 + 500 * 784); // generation
    private static final double GENERATION_WEIGHTS = 984 * 500 + 500 * 500 + 500 * 784;

    @Test
    void aTrainingStepCostsSixFlopsPerWeightAndExample() {
        assertThat(LayerShapes.trainingFlopsPerExample(LayerShapes.reference(Workload.CVAE)))
                .isEqualTo(6 * CVAE_WEIGHTS).isEqualTo(19.26e6);
        assertThat(LayerShapes.forwardFlopsPerExample(LayerShapes.reference(Workload.CVAE))).isEqualTo(2 * CVAE_WEIGHTS);
        assertThat(LayerShapes.trainingFlopsPerExample(LayerShapes.reference(Workload.HYBRID)))
                .isEqualTo(6 * (CVAE_WEIGHTS + GENERATION_WEIGHTS));
        assertThat(LayerShapes.trainingFlopsPerExample(LayerShapes.reference(Workload.GSNN)))
                .isEqualTo(6 * ((784 * 500 + 500 * 500 + 2 * 500 * 200) + GENERATION_WEIGHTS));
        assertThat(LayerShapes.trainingFlopsPerExample(LayerShapes.reference(Workload.VAE)))
                .isEqualTo(6.0 * ((784 * 500 + 500 * 500 + 2 * 500 * 32) + (32 * 500 + 500 * 500 + 500 * 784)));
    }

    @Test
    void eachLayerHasAForwardAWeightGradientAndAnInputGradientProduct() {
        List<LayerShapes.Gemm> g = LayerShapes.trainingGemms(List.of(new LayerShapes.Layer("prior", 784, 500)), 100);
        assertThat(g).containsExactly(
                new LayerShapes.Gemm(LayerShapes.Op.FORWARD, 100, 784, 500, false, false),
                new LayerShapes.Gemm(LayerShapes.Op.WEIGHT_GRADIENT, 784, 100, 500, true, false),
                new LayerShapes.Gemm(LayerShapes.Op.INPUT_GRADIENT, 100, 500, 784, false, true));
        assertThat(g).allSatisfy(x -> assertThat(x.flops()).isEqualTo(2.0 * 100 * 784 * 500));
        assertThat(g.get(0).label()).isEqualTo("[100,784]x[784,500]");
        assertThat(g.get(1).label()).isEqualTo("[100,784]^Tx[100,500]");
        assertThat(g.get(2).label()).isEqualTo("[100,500]x[784,500]^T");
        assertThat(LayerShapes.distinctGemms(List.of(Workload.values()), 100)).doesNotHaveDuplicates()
                .contains(new LayerShapes.Gemm(LayerShapes.Op.FORWARD, 100, 1568, 500, false, false))
                .contains(new LayerShapes.Gemm(LayerShapes.Op.FORWARD, 100, 32, 500, false, false));
    }

    @Test
    void theEffectiveRateOfAMixIsItsFlopsOverTheSumOfItsTimes() {
        LayerShapes.Gemm a = new LayerShapes.Gemm(LayerShapes.Op.FORWARD, 10, 10, 10, false, false);
        LayerShapes.Gemm b = new LayerShapes.Gemm(LayerShapes.Op.INPUT_GRADIENT, 10, 10, 10, false, true);
        LayerShapes.Gemm c = new LayerShapes.Gemm(LayerShapes.Op.FORWARD, 10, 10, 20, false, false);
        assertThat(GemmBench.effectiveRate(List.of(a, a), Map.of(a, 4.0))).isCloseTo(4.0, within(1e-12));
        // equal FLOPs at 1 and 3 GFLOP/s: 2 units of work in 1 + 1/3 units of time
        assertThat(GemmBench.effectiveRate(List.of(a, b), Map.of(a, 1.0, b, 3.0))).isCloseTo(1.5, within(1e-12));
        assertThat(GemmBench.effectiveRate(List.of(a, c), Map.of(a, 4.0))).isNaN();
    }

    /** The layer list of each workload is the weights of the model that the bench builds (the hybrid's generation network runs twice). */
    @ParameterizedTest
    @EnumSource(value = Workload.class, names = {"CVAE", "GSNN", "HYBRID", "VAE"})
    void theClosedFormListsTheWeightMatricesOfTheBuiltModel(Workload workload) {
        BenchSettings settings = BenchSettings.quick().withSynthetic(true);
        BenchModel bm = BenchModel.build(workload, settings, List.of("model.hidden=[7,5]", "model.latentDim=3"));
        List<String> fromGraph = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : ModelWeights.of(bm.model().graph()).entrySet()) {
            if (e.getKey().endsWith("/W")) {
                fromGraph.add(e.getValue().size(0) + "x" + e.getValue().size(1));
            }
        }
        List<LayerShapes.Layer> layers = new ArrayList<>(bm.layers());
        if (workload == Workload.HYBRID) {
            List<LayerShapes.Layer> generation = layers.stream().filter(l -> l.network().equals("generation")).toList();
            assertThat(generation).hasSize(6);
            layers.removeAll(generation.subList(0, 3));
            layers.addAll(generation.subList(0, 3));
        }
        assertThat(layers.stream().map(l -> l.nIn() + "x" + l.nOut()).toList())
                .containsExactlyInAnyOrderElementsOf(fromGraph);
        assertThat(bm.dataOrigin()).isEqualTo("synthetic");
    }
}
