package org.cgm4j.experiments.trained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.eval.MetricConfig;
import org.cgm4j.api.io.AtomicFiles;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.ExperimentRunner;
import org.cgm4j.experiments.RunDirectory;
import org.cgm4j.experiments.config.DefinitionException;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.report.MetricsFile;
import org.cgm4j.experiments.report.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgm4j evaluate RUN_DIR --metric YAML ... | --from DEF.yaml}: scores a trained model with
 * other metrics, or more samples, without training it again. The metric list (as a definition's
 * {@code evaluate:} list) is validated as a definition is, and names the folder its results go to,
 * {@code RUN_DIR/evaluations/<hash8>/}: {@code evaluate.yaml} (the list), {@code metrics.json},
 * {@code provenance.json}, {@code performance.json} and any pictures the metrics draw. The run's own
 * files are never written. A list evaluated before is not evaluated again (its metrics are printed).
 * The figures come from the code path of the run's own evaluation, so the run's own list
 * reproduces its {@code metrics.json} bit for bit.
 */
@Command(name = "evaluate", description = "Score a trained run with other metrics (or more samples) without"
        + " training it again, into RUN_DIR/evaluations/<hash8>/.")
public final class EvaluateCommand implements Callable<Integer> {
    /** The metric list of a re-evaluation, as written. */
    public static final String LIST = "evaluate.yaml";

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a complete run directory")
    Path directory;

    @Option(names = "--metric", paramLabel = "YAML", description = "a metric as in a definition's evaluate: list,"
            + " e.g. '{type: conditionalLogLikelihood, estimator: importance, samples: 1000}' (repeatable)")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--from", paramLabel = "DEF.yaml", description = "take the whole evaluate: list of this definition")
    Path from;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (metrics.isEmpty() == (from == null)) {
            throw new TrainedModelException("cgm4j evaluate needs either --metric YAML (repeatable) or --from DEF.yaml");
        }
        PluginRegistry registry = PluginRegistry.discover();
        TrainedModel trained = TrainedModel.open(directory, registry, DatasetRegistry.defaults());
        DefinitionLoader loader = new DefinitionLoader(registry);
        ResolvedDefinition withList;
        if (from != null) {
            withList = loader.load(from, List.of());
        } else {
            // the metrics are validated as the run's definition with this evaluate: list
            String override = "--set evaluate=[" + String.join(", ", metrics) + "]";
            try {
                withList = loader.load(trained.directory().file(RunDirectory.RESOLVED),
                        List.of(override.substring("--set ".length())));
            } catch (DefinitionException e) {
                if (!e.location().equals(override)) {
                    throw e;
                }
                throw new TrainedModelException("--metric " + String.join(" --metric ", metrics) + ": "
                        + e.getMessage().substring(override.length() + 2), e);
            }
        }
        List<MetricConfig> list = withList.definition().evaluate();
        if (list.isEmpty()) {
            throw new TrainedModelException((from != null ? from : "--metric") + ": the evaluate: list is empty");
        }
        List<String> command = new ArrayList<>(List.of("cgm4j", "evaluate", directory.toString()));
        metrics.forEach(m -> command.addAll(List.of("--metric", m)));
        if (from != null) {
            command.addAll(List.of("--from", from.toString()));
        }
        Result r = evaluate(trained, listYaml(withList.tree().get("evaluate")), list, command);
        PrintWriter out = spec.commandLine().getOut();
        out.println((r.reused() ? "evaluated before: " : "evaluation: ") + r.folder());
        Map<String, Double> original = MetricsFile.read(trained.directory().file(RunDirectory.METRICS));
        out.printf("  %-36s %-14s %s%n", "metric", "value", "run's metrics.json");
        r.metrics().forEach((k, v) -> {
            if (!k.contains("klPerDim")) {
                Double o = original.get(k);
                out.printf("  %-36s %-14.4f %s%n", k, v, o == null ? "-" : String.format("%.4f", o));
            }
        });
        out.flush();
        return 0;
    }

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
