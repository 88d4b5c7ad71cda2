package org.cgm4j.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.io.AtomicFiles;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.ReportConfig;
import org.cgm4j.experiments.config.SweepConfig;
import org.cgm4j.experiments.report.AblationPlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a sweep writes into {@code <runs>/<experiment>/summary/} after its runs, from the run
 * directories alone (so it can be rebuilt at any time, and is after every sweep, also when every
 * run was skipped):
 *
 * <ul>
 *   <li>{@value SweepSummary#CSV} and, with a {@code report:} block, {@value SweepSummary#MARKDOWN}
 *       and one picture per setting ({@link SweepSummary}, {@link SweepPictures});
 *   <li>{@value SweepAggregate#AGGREGATE} and {@value SweepAggregate#COMPARISONS}: statistics over
 *       seeds and Welch's tests ({@link SweepAggregate});
 *   <li>{@code ablation-<metric>.png} and {@code .svg} per plotted metric, with a {@code report:}
 *       block ({@link ReportConfig.Plots});
 *   <li>{@value #HTML}: the page that shows them all with each run's sample grids.
 * </ul>
 *
 * A picture or plot that cannot be drawn is logged and left out; the tables are written regardless.
 */
public final class SweepReport {
    /** The HTML report. */
    public static final String HTML = "index.html";
    /** The start of an ablation plot's file name. */
    public static final String PLOT_PREFIX = "ablation-";

    private static final Logger LOG = LoggerFactory.getLogger(SweepReport.class);

    private final PluginRegistry registry;
    private final DatasetRegistry datasets;

    /**
     * One ablation plot written.
     *
     * @param metric the metric plotted
     * @param png the PNG
     * @param svg the SVG
     */
    public record Plot(String metric, Path png, Path svg) {
        /** Checks. */
        public Plot {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(png, "png");
            Objects.requireNonNull(svg, "svg");
        }
    }

    /**
     * What was written.
     *
     * @param directory the summary directory
     * @param files every file written, tables first, the HTML last
     * @param markdown the markdown table, null without a report block
     * @param html the HTML report
     */
    public record Written(Path directory, List<Path> files, Path markdown, Path html) {
        /** Copies. */
        public Written {
            files = List.copyOf(files);
        }
    }

    /** Loads trained models from {@code registry} and their data from {@code datasets} for the pictures. */
    public SweepReport(PluginRegistry registry, DatasetRegistry datasets) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.datasets = Objects.requireNonNull(datasets, "datasets");
    }

    /**
     * Writes the summary of {@code plan}'s runs under {@code runsRoot}.
     *
     * @param command the command line of the sweep, shown in the HTML
     */
    public Written write(SweepPlan plan, Path runsRoot, List<String> command) throws IOException {
        Path dir = plan.summaryDirectory(runsRoot);
        Files.createDirectories(dir);
        List<SweepPictures.Picture> pictures = List.of();
        try {
            pictures = new SweepPictures(registry, datasets).write(plan, runsRoot, dir);
        } catch (RuntimeException e) {
            // the tables are worth having without their pictures
            LOG.error("could not draw the pictures: {}", e.toString(), e);
        }
        SweepSummary summary = SweepSummary.collect(plan, runsRoot);
        List<Path> files = new ArrayList<>(summary.write(dir, pictures));
        Path markdown = files.stream().filter(p -> p.getFileName().toString().equals(SweepSummary.MARKDOWN))
                .findFirst().orElse(null);
        SweepAggregate aggregate = SweepAggregate.of(summary, plan);
        if (markdown != null) {
            ReportConfig report = plan.report().orElseThrow();
            String differences = aggregate.differencesMarkdown(report.metric(), report.decimals());
            if (!differences.isEmpty()) {
                AtomicFiles.writeString(markdown, Files.readString(markdown) + differences);
            }
        }
        files.addAll(aggregate.write(dir));
        pictures.forEach(p -> files.add(p.file()));
        List<Plot> plots = plots(plan, aggregate, dir);
        plots.forEach(p -> files.addAll(List.of(p.png(), p.svg())));
        Path html = dir.resolve(HTML);
        AtomicFiles.writeString(html, new SweepHtml(plan, summary, aggregate, pictures, plots, command, dir).html());
        files.add(html);
        return new Written(dir, files, markdown, html);
    }

    /** Draws the plots the report block asks for; none without one. */
    static List<Plot> plots(SweepPlan plan, SweepAggregate aggregate, Path dir) {
        List<Plot> out = new ArrayList<>();
        if (plan.report().isEmpty()) {
            return out;
        }
        ReportConfig report = plan.report().get();
        for (String metric : report.plottedMetrics()) {
            try {
                AblationPlot plot = ablation(plan, aggregate, metric);
                String base = PLOT_PREFIX + metric.replaceAll("[^A-Za-z0-9._-]", "-");
                Path png = dir.resolve(base + ".png");
                Path svg = dir.resolve(base + ".svg");
                plot.writePng(png);
                plot.writeSvg(svg);
                out.add(new Plot(metric, png, svg));
            } catch (IOException | RuntimeException e) {
                LOG.error("could not draw the ablation plot of {}: {}", metric, e.toString(), e);
            }
        }
        return out;
    }

    /**
     * The dimension along the x axis: {@code report.plots.x}, else the table's columns or rows when
     * they are an axis, else the first axis, else the variants.
     */
    static String xDimension(SweepPlan plan, ReportConfig report) {
        if (report.plots().x() != null) {
            return report.plots().x();
        }
        for (String k : new String[] {report.columns(), report.rows()}) {
            if (k != null && plan.axes().contains(k)) {
                return k;
            }
        }
        return plan.axes().isEmpty() ? SweepConfig.VARIANT_KEY : plan.axes().get(0);
    }

    /** The plot of one metric: its mean over seeds with 95% intervals along the x dimension. */
    static AblationPlot ablation(SweepPlan plan, SweepAggregate aggregate, String metric) {
        ReportConfig report = plan.report().orElseThrow();
        String x = xDimension(plan, report);
        boolean isVariant = x.equals(SweepConfig.VARIANT_KEY);
        List<String> xValues = isVariant ? plan.variants() : plan.axisValues(x);
        ReportConfig.XScale scale = report.plots().scale();
        boolean numeric = !isVariant && plan.sweep().axes().get(x).stream().allMatch(JsonNode::isNumber);
        if (scale == null || (scale == ReportConfig.XScale.LINEAR && !numeric)) {
            scale = numeric ? ReportConfig.XScale.LINEAR : ReportConfig.XScale.ORDINAL;
        }
        List<String> others = new ArrayList<>();
        if (!isVariant && !plan.sweep().variants().isEmpty()) {
            others.add(SweepConfig.VARIANT_KEY);
        }
        plan.axes().stream().filter(a -> !a.equals(x)).forEach(others::add);
        List<AblationPlot.Line> lines = new ArrayList<>();
        for (Map<String, String> fixed : SweepSummary.combinations(plan, others)) {
            List<Double> xs = new ArrayList<>();
            List<Double> means = new ArrayList<>();
            List<Double> halves = new ArrayList<>();
            for (int i = 0; i < xValues.size(); i++) {
                String value = xValues.get(i);
                SweepAggregate.Configuration c = aggregate.configurations().stream()
                        .filter(k -> value.equals(k.valueOf(x))
                                && fixed.entrySet().stream().allMatch(e -> e.getValue().equals(k.valueOf(e.getKey()))))
                        .findFirst().orElse(null);
                if (c == null) {
                    continue;
                }
                SeedStatistics.Summary s = aggregate.summary(c, metric);
                if (s.n() == 0) {
                    continue;
                }
                xs.add(scale == ReportConfig.XScale.LINEAR ? plan.sweep().axes().get(x).get(i).asDouble() : i);
                means.add(s.mean());
                halves.add(s.halfWidth());
            }
            if (xs.isEmpty()) {
                continue;
            }
            List<String> name = new ArrayList<>();
            fixed.forEach((k, v) -> name.add(SweepSummary.heading(plan, k, v)));
            lines.add(new AblationPlot.Line(plan.displayName(String.join(", ", name)),
                    xs.stream().mapToDouble(Double::doubleValue).toArray(),
                    means.stream().mapToDouble(Double::doubleValue).toArray(),
                    halves.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        String xLabel = isVariant ? SweepConfig.VARIANT_KEY : x;
        String title = metric + " vs " + (isVariant ? "variant" : plan.axisName(x)) + " (mean over "
                + plan.seeds().size() + " seed" + (plan.seeds().size() == 1 ? "" : "s") + ", 95% CI)";
        return scale == ReportConfig.XScale.LINEAR ? AblationPlot.linear(title, xLabel, metric, lines)
                : AblationPlot.ordinal(title, xLabel, metric, xValues.stream().map(v -> isVariant ? plan.displayName(v) : v)
                        .toList(), lines);
    }
}
