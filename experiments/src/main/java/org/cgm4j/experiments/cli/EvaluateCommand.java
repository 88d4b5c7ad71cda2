package org.cgm4j.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.eval.MetricConfig;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.DefinitionException;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.report.MetricsFile;
import org.cgm4j.experiments.run.RunDirectory;
import org.cgm4j.experiments.trained.Reevaluations;
import org.cgm4j.experiments.trained.TrainedModel;
import org.cgm4j.experiments.trained.TrainedModelException;
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
        Reevaluations.Result r = Reevaluations.evaluate(trained, Reevaluations.listYaml(withList.tree().get("evaluate")), list, command);
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
}
