package org.cgm4j.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.cgm4j.api.UserError;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.run.ExistingRun;
import org.cgm4j.experiments.run.ExperimentRunner;
import org.cgm4j.experiments.run.RunComparison;
import org.cgm4j.experiments.run.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgm4j reproduce <run-dir> [--into DIR]}: reruns a complete run from its {@code
 * resolved.yaml} into a new directory and prints how the two differ ({@link RunComparison}): every
 * metric (original, reproduced, difference), the weights array by array, and the provenance
 * fields that differ. The original is never written to: the rerun goes to {@code --into}, which
 * must not exist or be empty, by default to the sibling {@code <run-dir>.reproduced-<n>} with the
 * first free {@code n}. Exit code 0 when metrics and weights are bit-identical, 1 when they differ,
 * 2 for errors (not a run directory, not complete).
 */
@Command(name = "reproduce", description = "Rerun a complete run from its resolved.yaml into a new directory and"
        + " show how metrics, weights and provenance differ (exit 0: identical, 1: different).")
public final class ReproduceCommand implements Callable<Integer> {
    /** What the default reproduction directory's name adds to the original's. */
    public static final String SUFFIX = ".reproduced-";
    /** The longest file name the usual file systems allow. */
    private static final int MAX_FILE_NAME_BYTES = 255;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a complete run directory")
    Path directory;

    @Option(names = "--into", paramLabel = "DIR", description = "the directory of the rerun; must not exist or be"
            + " empty (default: <RUN_DIR>" + SUFFIX + "<n>)")
    Path into;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PluginRegistry registry = PluginRegistry.discover();
        ExistingRun original = ExistingRun.open(directory, new DefinitionLoader(registry));
        RunDirectory run = original.directory();
        if (!run.isComplete()) {
            throw new IllegalArgumentException(run + " is not complete (no " + RunDirectory.COMPLETE + " marker), so"
                    + " there is nothing to compare with; finish it first with: cgm4j resume " + directory);
        }
        Path target = into == null ? freeSibling(run.path()) : into.toAbsolutePath().normalize();
        if (target.startsWith(run.path()) || run.path().startsWith(target)) {
            throw new IllegalArgumentException("--into " + into + " overlaps the original run " + run
                    + "; reproduce never writes into it");
        }
        if (target.getFileName() != null
                && target.getFileName().toString().getBytes(StandardCharsets.UTF_8).length > MAX_FILE_NAME_BYTES) {
            throw new UserError("--into " + into + ": its last name is longer than the " + MAX_FILE_NAME_BYTES
                    + " bytes a file system allows; choose a shorter one");
        }
        if (Files.exists(target) && !isEmptyDirectory(target)) {
            throw new IllegalArgumentException(target + " exists and is not empty; reproduce never writes over a"
                    + " directory: choose another --into");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("reproducing " + run);
        out.println("         in " + target);
        out.flush();
        long start = System.nanoTime();
        List<String> command = into == null ? List.of("cgm4j", "reproduce", directory.toString())
                : List.of("cgm4j", "reproduce", directory.toString(), "--into", into.toString());
        RunDirectory copy = RunDirectory.at(target);
        new ExperimentRunner(registry, DatasetRegistry.defaults()).runInto(original.resolved(), copy, false, command);
        out.printf(Locale.ROOT, "rerun took %.1f s%n%n", (System.nanoTime() - start) / 1e9);
        RunComparison comparison = RunComparison.of(run, copy);
        comparison.print(out);
        out.flush();
        return comparison.identical() ? 0 : 1;
    }

    /** {@code <dir>.reproduced-<n>} with the smallest n >= 1 that does not exist. */
    static Path freeSibling(Path dir) {
        for (int n = 1; ; n++) {
            Path p = dir.resolveSibling(dir.getFileName() + SUFFIX + n);
            if (!Files.exists(p)) {
                return p;
            }
        }
    }

    private static boolean isEmptyDirectory(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }
}
