package org.cgm4j.experiments.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.cgm4j.api.data.DatasetProvider;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.data.LabelKind;
import org.cgm4j.api.plugin.DatasetRegistration;
import org.cgm4j.api.plugin.PluginRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code cgm4j datasets}: the registered datasets ({@code data.source} names), each with its image
 * shape (channels x height x width), its labels, what it is, where its files come from and the
 * plugin that registered it. A shape or label kind that depends on the files read says so.
 */
@Command(name = "datasets", description = "List the registered datasets: shape, labels and where their files come from.")
public final class DatasetsCommand implements Callable<Integer> {
    /** What the shape and label columns say for a provider that learns them from the files. */
    static final String FROM_FILES = "from files";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PluginRegistry registry = PluginRegistry.discover();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-16s %-14s %-11s %s%n", "data.source", "shape (CxHxW)", "labels", "description");
        for (DatasetRegistration r : registry.datasets().values()) {
            DatasetProvider p = r.provider();
            String shape = p.shape().map(ImageShape::toString).orElse(FROM_FILES);
            String labels = p.labelKind().map(LabelKind::displayName).orElse(FROM_FILES);
            out.printf("%-16s %-14s %-11s %s%n", r.name(), shape, labels, p.description());
            out.printf("%-16s files: %s%n", "", p.origin());
            out.printf("%-16s plugin %s%n", "", r.plugin().getName());
        }
        out.flush();
        return 0;
    }
}
