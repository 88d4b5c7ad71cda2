package org.cgm4j.experiments.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ExperimentDefinition;
import org.cgm4j.experiments.config.ResolvedDefinition;

/**
 * A run directory given on the command line ({@code cgm4j resume}, {@code cgm4j reproduce}), checked
 * to be one: it holds a {@code resolved.yaml} that loads, and its name is the one that definition
 * gets ({@code [<label>__]seed=<n>__<hash8>} under {@code <runs>/<experiment>/}), so that the run
 * continued or repeated is the run that was started there.
 *
 * @param directory the run directory (absolute)
 * @param resolved its definition, loaded from its {@code resolved.yaml}
 */
public record ExistingRun(RunDirectory directory, ResolvedDefinition resolved) {
    private static final Pattern NAME = Pattern.compile("(?:(.+)__)?seed=(-?\\d+)__([0-9a-f]{8})");

    /** Checks that nothing is missing. */
    public ExistingRun {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(resolved, "resolved");
    }

    /**
     * Opens the run directory {@code dir}.
     *
     * @throws IllegalArgumentException when {@code dir} is not a run directory, or its name does not
     *     fit its {@code resolved.yaml} (the directory was renamed or the file edited)
     * @throws org.cgm4j.experiments.config.DefinitionException when its {@code resolved.yaml} does not load
     */
    public static ExistingRun open(Path dir, DefinitionLoader loader) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new IllegalArgumentException(dir + " is not a run directory: no such directory");
        }
        RunDirectory run = RunDirectory.at(abs);
        if (!Files.isRegularFile(run.file(RunDirectory.RESOLVED))) {
            throw new IllegalArgumentException(dir + " is not a run directory: it has no " + RunDirectory.RESOLVED);
        }
        Matcher m = NAME.matcher(abs.getFileName().toString());
        if (!m.matches() || abs.getParent() == null || abs.getParent().getParent() == null) {
            throw new IllegalArgumentException(dir + " is not a run directory: its name is not"
                    + " [<label>__]seed=<n>__<hash8> under <runs>/<experiment>/");
        }
        String label = m.group(1) == null ? "" : m.group(1); // empty for a run outside a sweep
        ResolvedDefinition resolved = loader.loadResolved(run.file(RunDirectory.RESOLVED));
        ExperimentDefinition def = resolved.definition();
        RunDirectory expected = RunDirectory.of(abs.getParent().getParent(), def.name(), label, def.seed(),
                loader.toYaml(resolved));
        if (!expected.path().equals(abs)) {
            throw new IllegalArgumentException(dir + " does not fit its " + RunDirectory.RESOLVED + ": that definition"
                    + " (experiment " + def.name() + ", seed " + def.seed() + ") belongs in " + expected
                    + "; was the directory renamed or its " + RunDirectory.RESOLVED + " edited?");
        }
        return new ExistingRun(run, resolved);
    }
}
