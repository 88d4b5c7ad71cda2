package org.cgm4j.experiments.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.experiments.report.Provenance;
import org.cgm4j.experiments.run.ExperimentRunner;

/**
 * One bench case in its own JVM: {@code BenchChild <case> <settings.json> <result.json>}. Runs
 * the case, then writes its figures with this JVM's peak RSS (VmHWM at the end), heap limit and
 * environment (OMP_NUM_THREADS, what ND4J reports of its BLAS and native build, JVM version and
 * flags) to the result file. {@code cgm4j bench} starts it; the exit code is 0 on success.
 */
public final class BenchChild {
    /** The JSON of a case's settings and result files, as written here and read by {@code cgm4j bench}. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchChild() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: BenchChild <case> <settings.json> <result.json>");
            System.exit(2);
        }
        Workload workload = Workload.of(args[0]);
        BenchSettings settings = JSON.readValue(Path.of(args[1]).toFile(), BenchSettings.class);
        Map<String, Object> result = run(workload, settings);
        JSON.writeValue(Path.of(args[2]).toFile(), result);
        System.exit(0); // ND4J leaves non-daemon threads behind
    }

    /** Runs {@code workload} in this JVM and adds the process's figures and environment. */
    public static Map<String, Object> run(Workload workload, BenchSettings settings) {
        long t0 = System.nanoTime();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("case", workload.id());
        switch (workload) {
            case GEMM -> out.put("gemm", GemmBench.measure(LayerShapes.distinctGemms(List.of(Workload.values()), 100),
                    settings).stream().map(GemmBench.Result::toMap).toList());
            case CLL -> out.putAll(CllBench.run(settings));
            default -> out.putAll(TrainingBench.run(workload, settings));
        }
        out.put("caseSeconds", (System.nanoTime() - t0) / 1e9);
        out.put("peakRssMegabytes", ExperimentRunner.peakRssMegabytes());
        out.put("heapMaxMegabytes", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));
        out.put("environment", environment());
        return out;
    }

    /** OMP_NUM_THREADS, ND4J's environment and native build, the JVM and its flags. */
    static Map<String, Object> environment() {
        Provenance p = Provenance.capture(0, Map.of(), null);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("OMP_NUM_THREADS", p.ompNumThreads());
        env.put("OMP_WAIT_POLICY", System.getenv("OMP_WAIT_POLICY"));
        env.put("nd4jVersion", p.nd4jVersion());
        env.put("backend", p.backend());
        env.put("nd4j", p.nd4jEnvironment());
        env.put("javaVersion", p.javaVersion());
        env.put("javaVm", p.javaVm());
        env.put("jvmFlags", p.jvmArguments());
        env.put("availableProcessors", p.availableProcessors());
        env.put("maxHeapBytes", p.maxHeapBytes());
        return env;
    }
}
