package org.cgm4j.experiments.cli;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.cgm4j.api.UserError;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.io.FileErrors;
import org.cgm4j.api.model.LossWeightSpec;
import org.cgm4j.api.model.ModelFactory;
import org.cgm4j.api.model.PaperReference;
import org.cgm4j.api.plugin.ModelRegistration;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.run.ExperimentRunner;
import org.cgm4j.experiments.run.RunsRoot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code cgm4j} command line: run an experiment definition or a sweep of them, resume or
 * reproduce a run, list the registered models, describe a model's settings. Errors in definitions, data or training are reported in one
 * readable line (with the file, line and allowed values where they apply) and a non-zero exit.
 */
@Command(
        name = "cgm4j",
        mixinStandardHelpOptions = true,
        // Inherited, so every subcommand (now and later) answers --help and --version itself.
        scope = CommandLine.ScopeType.INHERIT,
        version = "cgm4j 0.1.0",
        description = "Deep conditional generative models: run, compare and reproduce experiments.",
        subcommands = {Cgm4j.Run.class, Cgm4j.Models.class, Cgm4j.Describe.class, DatasetsCommand.class,
                SweepCommand.class, ResumeCommand.class, ReproduceCommand.class,
                BenchCommand.class, SweepWorkerCommand.class,
                SampleCommand.class, EvaluateCommand.class, ExploreCommand.class,
                CheckCommand.class})
public final class Cgm4j implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Cgm4j());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof UserError u) {
                err.println("error: " + u.getMessage());
                err.flush();
                return u.exitCode();
            }
            // A full disk, a read-only or missing directory: the user's to fix, in one line naming the file.
            Optional<String> io = FileErrors.describe(e);
            if (io.isPresent()) {
                err.println("error: " + io.get());
                err.flush();
                return UserError.DEFAULT_EXIT_CODE;
            }
            if (e instanceof IllegalArgumentException) {
                err.println("error: " + e.getMessage());
            } else {
                err.println("error: " + e);
                e.printStackTrace(err);
            }
            err.flush();
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code cgm4j run <definition.yaml> [--set a.b=c ...]}. */
    @Command(name = "run", description = "Train and evaluate one experiment definition into its run directory.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DEFINITION", description = "experiment definition (YAML)")
        Path definition;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a key, e.g. train.epochs=1")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--runs", paramLabel = "DIR", defaultValue = "runs", description = "root of run directories"
                + " (default: ${DEFAULT-VALUE})")
        Path runs;

        @Option(names = "--fresh", description = "start over even if a complete or resumable run exists")
        boolean fresh;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PluginRegistry registry = PluginRegistry.discover();
            ResolvedDefinition resolved = new DefinitionLoader(registry).load(definition, overrides);
            RunsRoot.prepare(runs);
            List<String> command = new ArrayList<>(List.of("cgm4j", "run", definition.toString()));
            overrides.forEach(o -> command.addAll(List.of("--set", o)));
            ExperimentRunner.RunResult r = new ExperimentRunner(registry, DatasetRegistry.defaults())
                    .run(resolved, runs, fresh, command);
            PrintWriter out = spec.commandLine().getOut();
            ResumeCommand.printResult(out, r);
            out.flush();
            return 0;
        }
    }

    /** {@code cgm4j models}: the registered plugins. */
    @Command(name = "models", description = "List the registered model types and metrics.")
    static final class Models implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PluginRegistry registry = PluginRegistry.discover();
            PrintWriter out = spec.commandLine().getOut();
            out.println("models:");
            for (Map.Entry<String, ModelRegistration> e : registry.models().entrySet()) {
                ModelFactory<?> f = e.getValue().factory();
                out.printf("  %-12s %s%n", e.getKey(), f.description());
                out.printf("  %-12s plugin %s%n", "", e.getValue().plugin().getName());
            }
            out.println("metrics:");
            registry.metrics().forEach((k, v) -> out.printf("  %-20s %s%n", k, v.configType().getName()));
            out.flush();
            return 0;
        }
    }

    /** {@code cgm4j describe <model>}: each config field with its description and default. */
    @Command(name = "describe", description = "Describe a model type's settings and loss weights with defaults.")
    static final class Describe implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "MODEL", description = "a model type, as listed by 'cgm4j models'")
        String type;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PluginRegistry registry = PluginRegistry.discover();
            ModelFactory<?> f = registry.factory(type);
            JsonNode defaults;
            try (InputStream in = f.getClass().getClassLoader().getResourceAsStream(f.defaultsResource())) {
                if (in == null) {
                    throw new IllegalStateException("plugin " + type + " has no defaults resource " + f.defaultsResource());
                }
                defaults = new ObjectMapper(new YAMLFactory()).readTree(in);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(type + ": " + f.description());
            findReference(f).ifPresent(r -> out.println("paper: " + r));
            out.println();
            out.println("model:");
            out.printf("  %-14s %-16s %-20s %s%n", "key", "type", "default", "description");
            for (RecordComponent c : f.configType().getRecordComponents()) {
                JsonPropertyDescription d = c.getAccessor().getAnnotation(JsonPropertyDescription.class);
                out.printf("  %-14s %-16s %-20s %s%n", c.getName(), c.getGenericType().getTypeName()
                                .replaceAll("[a-z0-9_.]+\\.", ""),
                        defaults.path("model").path(c.getName()).toString(), d == null ? "" : d.value());
            }
            out.println();
            out.println("loss:");
            for (LossWeightSpec w : f.lossWeights()) {
                out.printf("  %-14s %-16s %-20s %s%n", w.name(), w.range(), Double.toString(w.defaultValue()),
                        w.description());
            }
            out.flush();
            return 0;
        }

        private static java.util.Optional<String> findReference(ModelFactory<?> f) {
            try {
                Class<?> model = f.getClass().getMethod("create", f.configType(),
                        org.cgm4j.api.model.ModelContext.class).getReturnType();
                PaperReference r = model.getAnnotation(PaperReference.class);
                return r == null ? java.util.Optional.empty()
                        : java.util.Optional.of(r.value() + (r.where().isEmpty() ? "" : ", " + r.where()));
            } catch (NoSuchMethodException e) {
                return java.util.Optional.empty();
            }
        }
    }
}
