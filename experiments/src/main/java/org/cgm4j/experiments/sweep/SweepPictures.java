package org.cgm4j.experiments.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataConfig;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.model.ConditionalLatentVariableModel;
import org.cgm4j.api.model.DeterministicPredictor;
import org.cgm4j.api.model.LatentVariableModel;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.api.rng.Rng;
import org.cgm4j.experiments.config.FlowText;
import org.cgm4j.experiments.config.ReportConfig;
import org.cgm4j.experiments.report.ConditionalPictures;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.io.ImageGrid;
import org.cgm4j.experiments.run.RunDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One picture per setting of a sweep (a combination of axis values, e.g. per number of given
 * quadrants), from the runs of its first seed, each trained model loaded back from its run
 * directory: a row of inputs (hidden pixels gray), a row of truths, then per variant its
 * prediction (a deterministic predictor), several completions with z drawn from its prior (a
 * conditional latent-variable model) or its reconstructions (a VAE), for the same test examples.
 * {@link ReportConfig.Pictures} says how many examples and samples, and which variants.
 */
public final class SweepPictures {
    private static final Logger LOG = LoggerFactory.getLogger(SweepPictures.class);

    private final PluginRegistry registry;
    private final DatasetRegistry datasets;

    /**
     * One picture written.
     *
     * @param file the PNG
     * @param setting the axis values it shows ({@code given=1}; empty without axes)
     * @param rows what each row of images shows, top to bottom
     */
    public record Picture(Path file, String setting, List<String> rows) {
        /** Copies. */
        public Picture {
            Objects.requireNonNull(file, "file");
            rows = List.copyOf(rows);
        }
    }

    /** Draws with the models of {@code registry} on the data of {@code datasets}. */
    public SweepPictures(PluginRegistry registry, DatasetRegistry datasets) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.datasets = Objects.requireNonNull(datasets, "datasets");
    }

    /**
     * Writes the pictures of {@code plan}'s complete runs under {@code runsRoot} into {@code dir};
     * settings without any complete run of a pictured variant are left out.
     *
     * @return the pictures written, in setting order
     */
    public List<Picture> write(SweepPlan plan, Path runsRoot, Path dir) throws IOException {
        ReportConfig.Pictures config = plan.report().map(ReportConfig::pictures)
                .orElse(new ReportConfig.Pictures(null, null, null));
        List<Picture> written = new ArrayList<>();
        if (config.examples() == 0) {
            return written;
        }
        List<String> variants = config.variants().isEmpty() ? plan.variants() : config.variants();
        long firstSeed = plan.seeds().get(0);
        Map<String, List<SweepRun>> bySetting = new java.util.LinkedHashMap<>();
        for (SweepRun run : plan.runs()) {
            if (run.seed() == firstSeed) {
                bySetting.computeIfAbsent(axisPart(plan, run), k -> new ArrayList<>()).add(run);
            }
        }
        for (Map.Entry<String, List<SweepRun>> setting : bySetting.entrySet()) {
            Picture p = writeSetting(plan, setting.getKey(), setting.getValue(), variants, config, runsRoot, dir);
            if (p != null) {
                written.add(p);
            }
        }
        return written;
    }

    private Picture writeSetting(SweepPlan plan, String setting, List<SweepRun> runs, List<String> variants,
            ReportConfig.Pictures config, Path runsRoot, Path dir) throws IOException {
        Map<DataConfig, DataSource> data = new HashMap<>();
        List<float[][]> rows = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        ImageShape shape = null;
        int[] indices = null;
        for (String variant : variants) {
            SweepRun run = runs.stream().filter(r -> r.variant().equals(variant)).findFirst().orElse(null);
            if (run == null) {
                continue;
            }
            RunDirectory directory = run.directory(runsRoot);
            if (!directory.isComplete()) {
                LOG.warn("no picture of {}: {} is not complete", run.label(), directory);
                continue;
            }
            TrainedRun trained = TrainedRun.load(directory, registry,
                    c -> data.computeIfAbsent(c, k -> DataSource.create(k, datasets)));
            DataSource source = trained.data();
            ConditionalGenerativeModel model = trained.model();
            if (indices == null) {
                indices = ConditionalPictures.spread(source.size(Split.TEST), config.examples());
            }
            Batch batch = source.batch(Split.TEST, indices, model.dataType());
            if (rows.isEmpty()) {
                shape = source.spec().shape();
                float[][] inputs = ConditionalPictures.inputs(batch);
                if (inputs != null) {
                    rows.add(inputs);
                    captions.add("input (hidden pixels gray)");
                }
                rows.add(ConditionalPictures.truth(batch));
                captions.add("truth");
            }
            String name = plan.displayName(variant);
            List<float[][]> modelRows = ConditionalPictures.modelRows(model, batch,
                    Rng.derive(run.seed(), "pictures/" + variant), config.samples());
            for (int i = 0; i < modelRows.size(); i++) {
                captions.add(name + ": " + caption(model, i));
            }
            rows.addAll(modelRows);
        }
        if (rows.isEmpty()) {
            return null;
        }
        Path file = dir.resolve((setting.isEmpty() ? "pictures" : setting) + ".png");
        ImageGrid.writeRows(rows, shape, file);
        return new Picture(file, setting, captions);
    }

    private static String caption(ConditionalGenerativeModel model, int row) {
        if (model instanceof DeterministicPredictor) {
            return "prediction";
        }
        if (model instanceof ConditionalLatentVariableModel) {
            return "sample " + (row + 1) + " (z from the prior)";
        }
        if (model instanceof LatentVariableModel) {
            return "reconstruction";
        }
        return "";
    }

    /** The run's axis values as in its label ({@code given=1}), without variant and seed. */
    static String axisPart(SweepPlan plan, SweepRun run) {
        List<String> parts = new ArrayList<>();
        run.axisValues().forEach((k, v) -> parts.add(plan.axisName(k) + "=" + FlowText.label(v)));
        return String.join("__", parts);
    }
}
