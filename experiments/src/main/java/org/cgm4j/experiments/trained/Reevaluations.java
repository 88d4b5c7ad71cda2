package org.cgm4j.experiments.trained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.eval.MetricConfig;
import org.cgm4j.api.io.AtomicFiles;
import org.cgm4j.experiments.report.MetricsFile;
import org.cgm4j.experiments.report.Provenance;
import org.cgm4j.experiments.run.ExperimentRunner;
import org.cgm4j.experiments.run.RunDirectory;

/**
 * Re-evaluations of a trained run ({@code cgm4j evaluate}): each metric list scores the model into
 * its own folder {@code RUN_DIR/evaluations/<hash8>/}, and a sweep's summary reads them back
 * beside the run's own metrics.
 */
public final class Reevaluations {
    /** The metric list of a re-evaluation, as written. */
    public static final String LIST = "evaluate.yaml";

    private Reevaluations() {}

    /**
     * What a re-evaluation gave.
     *
     * @param folder {@code RUN_DIR/evaluations/<hash8>}
     * @param metrics its metrics, keyed as in a run's {@code metrics.json}
     * @param reused whether they were there already
     */
    public record Result(Path folder, Map<String, Double> metrics, boolean reused) {}

    /**
     * Evaluates {@code trained} with {@code list} (written as {@code yaml}) into {@code
     * RUN_DIR/evaluations/<hash8 of yaml>/}, unless that folder holds its metrics already.
     */
    public static Result evaluate(TrainedModel trained, String yaml, List<MetricConfig> list, List<String> command)
            throws IOException {
        RunDirectory run = trained.directory();
        Path folder = run.file(RunDirectory.EVALUATIONS).resolve(RunDirectory.hash8(yaml));
        Path metricsFile = folder.resolve(RunDirectory.METRICS);
        if (Files.isRegularFile(metricsFile)) {
            return new Result(folder, MetricsFile.read(metricsFile), true);
        }
        Files.createDirectories(folder);
        AtomicFiles.writeString(folder.resolve(LIST), yaml);
        long seed = trained.definition().definition().seed();
        Provenance provenance = Provenance.capture(seed, trained.data().splits().sha256(), Path.of("").toAbsolutePath())
                .withCommand(command);
        provenance.write(folder.resolve(RunDirectory.PROVENANCE));
        long start = System.nanoTime();
        Map<String, Double> values = trained.evaluate(list, trained.data(), folder);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> perf = new LinkedHashMap<>();
        perf.put("evalSeconds", seconds);
        perf.put("peakRssMegabytes", ExperimentRunner.peakRssMegabytes());
        MetricsFile.write(perf, folder.resolve(RunDirectory.PERFORMANCE));
        provenance.withEnd(Instant.now()).write(folder.resolve(RunDirectory.PROVENANCE));
        MetricsFile.write(values, metricsFile); // last: a folder with metrics.json is a finished evaluation
        return new Result(folder, values, false);
    }

    /**
     * The metrics of every finished re-evaluation of {@code run}, keyed {@code
     * evaluations/<hash8>/<metric>} so that they stand beside the run's own (the same metric list
     * has the same hash in every run, so a sweep's runs share the keys).
     */
    public static Map<String, Double> reEvaluations(RunDirectory run) throws IOException {
        Map<String, Double> out = new java.util.TreeMap<>();
        Path root = run.file(RunDirectory.EVALUATIONS);
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (java.util.stream.Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.sorted().toList()) {
                Path file = folder.resolve(RunDirectory.METRICS);
                if (Files.isRegularFile(file)) {
                    String prefix = RunDirectory.EVALUATIONS + "/" + folder.getFileName() + "/";
                    MetricsFile.read(file).forEach((k, v) -> out.put(prefix + k, v));
                }
            }
        }
        return out;
    }

    /** The YAML of an {@code evaluate:} list, as hashed for its folder's name. */
    public static String listYaml(JsonNode list) {
        try {
            return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                    .writeValueAsString(list);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the metric list as YAML", e);
        }
    }
}
