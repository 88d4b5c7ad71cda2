package org.cgm4j.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.report.AblationPlot;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.io.ImageGrid;
import org.cgm4j.experiments.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The sweep report from fabricated run directories (no training): statistics, tests, plots and the page. */
class SweepReportTest {
    static final String METRIC = "test/negativeElbo";
    static DefinitionLoader loader;
    static PluginRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        registry = PluginRegistry.discover();
        loader = new DefinitionLoader(registry);
    }

    SweepPlan plan(String sweepAndReport) throws IOException {
        return SweepPlan.expand(loader, SweepPlanTest.write(dir, sweepAndReport), List.of());
    }

    static SweepReport.Written report(SweepPlan plan, Path root) throws IOException {
        return new SweepReport(registry, DatasetRegistry.defaults()).write(plan, root,
                List.of("cgm4j", "sweep", "s.yaml", "--set", "a=<b>"));
    }

    /** A finished run with {@code metrics} and real sample grids ({@code samples.png}, and {@code predictions.png} if asked). */
    static void fabricate(SweepRun run, Path root, Map<String, Double> metrics, boolean predictions)
            throws IOException {
        SweepSummaryTest.fabricate(run, root, metrics);
        Path d = run.directory(root).path();
        float[][] images = new float[4][16];
        for (int i = 0; i < images.length; i++) {
            images[i][i] = 1f;
        }
        ImageGrid.write(images, ImageShape.grey(4, 4), 2, d.resolve(RunDirectory.SAMPLES));
        if (predictions) {
            ImageGrid.write(images, ImageShape.grey(4, 4), 4, d.resolve(RunDirectory.PREDICTIONS));
        }
    }

    static List<CSVRecord> read(Path csv) throws IOException {
        try (Reader r = new StringReader(Files.readString(csv))) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords();
        }
    }

    static CSVRecord find(List<CSVRecord> records, String configuration, String metric) {
        return records.stream().filter(r -> r.get("configuration").equals(configuration)
                && r.get("metric").equals(metric)).findFirst().orElseThrow(() -> new AssertionError(
                        "no row " + configuration + " / " + metric));
    }

    /** The plan of the main test: 2 variants x 2 latent sizes x 3 seeds. */
    SweepPlan twoByTwo(String reportExtra) throws IOException {
        return plan("""
                sweep:
                  axes: {model.latentDim: [2, 4]}
                  variants: {a: {}, b: {loss.kl: 0.5}}
                  seeds: [1, 2, 3]
                report:
                  title: "Negative ELBO <script>alert(1)</script> & more"
                  metric: test/negativeElbo
                  columns: model.latentDim
                  pictures: {examples: 0}
                """ + reportExtra);
    }

    /** Values by (variant, latentDim): seeds 1, 2, 3; b at 4 lacks seed 3. */
    static final Map<String, double[]> VALUES = Map.of(
            "a__latentDim=2", new double[] {100, 102, 104},
            "a__latentDim=4", new double[] {90, 91, 92},
            "b__latentDim=2", new double[] {80, 80, 80},
            "b__latentDim=4", new double[] {70, 74});

    static void fabricateAll(SweepPlan plan, Path root) throws IOException {
        Map<String, Integer> seen = new HashMap<>();
        for (SweepRun run : plan.runs()) {
            double[] v = VALUES.get(run.setting());
            int i = seen.merge(run.setting(), 1, Integer::sum) - 1;
            if (i < v.length) {
                fabricate(run, root, Map.of(METRIC, v[i], METRIC + "_se", 0.5, "test/other", 10.0 * i),
                        run.variant().equals("a"));
            }
        }
    }

    @Test
    void aggregateComparisonsPlotsAndPageFromFabricatedRuns() throws Exception {
        SweepPlan plan = twoByTwo("  compareTo: {variant: b, model.latentDim: 2}\n"
                + "  plots: {metrics: [test/negativeElbo, test/other]}\n");
        Path root = dir.resolve("runs");
        fabricateAll(plan, root);
        SweepReport.Written w = report(plan, root);
        Path summary = plan.summaryDirectory(root);
        assertThat(w.directory()).isEqualTo(summary);

        // aggregate.csv: one row per configuration x metric, figures worked out by hand
        List<CSVRecord> agg = read(summary.resolve(SweepAggregate.AGGREGATE));
        assertThat(agg).hasSize(4 * 3);
        assertThat(agg.get(0).toMap().keySet()).containsExactly("configuration", "variant", "model.latentDim",
                "metric", "n", "mean", "sd", "se", "ci95_low", "ci95_high", "note");
        CSVRecord a2 = find(agg, "a__latentDim=2", METRIC);
        double t2 = SeedStatistics.criticalT(2);
        assertThat(a2.get("variant")).isEqualTo("a");
        assertThat(a2.get("model.latentDim")).isEqualTo("2");
        assertThat(a2.get("n")).isEqualTo("3");
        assertThat(Double.parseDouble(a2.get("mean"))).isCloseTo(102, within(1e-12));
        assertThat(Double.parseDouble(a2.get("sd"))).isCloseTo(2, within(1e-12));
        assertThat(Double.parseDouble(a2.get("se"))).isCloseTo(2 / Math.sqrt(3), within(1e-12));
        assertThat(Double.parseDouble(a2.get("ci95_low"))).isCloseTo(102 - t2 * 2 / Math.sqrt(3), within(1e-9));
        assertThat(Double.parseDouble(a2.get("ci95_high"))).isCloseTo(102 + t2 * 2 / Math.sqrt(3), within(1e-9));
        CSVRecord b4 = find(agg, "b__latentDim=4", METRIC);
        assertThat(b4.get("n")).isEqualTo("2");
        assertThat(Double.parseDouble(b4.get("mean"))).isEqualTo(72.0);
        assertThat(Double.parseDouble(b4.get("ci95_high")) - 72).isCloseTo(Math.tan(0.475 * Math.PI) * 2,
                within(1e-6));

        // comparisons.csv: every other configuration against b at latentDim 2, as compareTo names
        List<CSVRecord> cmp = read(summary.resolve(SweepAggregate.COMPARISONS));
        assertThat(cmp).hasSize(3 * 3).allSatisfy(r -> assertThat(r.get("reference")).isEqualTo("b__latentDim=2"));
        assertThat(cmp).noneMatch(r -> r.get("configuration").equals("b__latentDim=2"));
        CSVRecord ca2 = find(cmp, "a__latentDim=2", METRIC);
        assertThat(Double.parseDouble(ca2.get("difference"))).isEqualTo(22.0);
        assertThat(Double.parseDouble(ca2.get("p_value")))
                .isCloseTo(SeedStatistics.welch(VALUES.get("a__latentDim=2"), VALUES.get("b__latentDim=2")).p(),
                        within(1e-15))
                .isBetween(0.0, 0.05);
        // test/other is 0, 10, 20 by seed everywhere: no difference, p = 1
        assertThat(Double.parseDouble(find(cmp, "a__latentDim=4", "test/other").get("p_value")))
                .isCloseTo(1.0, within(1e-12));

        // one PNG and one SVG per plotted metric; one line per variant, one bar per point with an interval
        for (String m : List.of("test-negativeElbo", "test-other")) {
            Path png = summary.resolve(SweepReport.PLOT_PREFIX + m + ".png");
            assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(AblationPlot.WIDTH);
            assertThat(w.files()).contains(png, summary.resolve(SweepReport.PLOT_PREFIX + m + ".svg"));
        }
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        Document svg = f.newDocumentBuilder().parse(summary.resolve("ablation-test-negativeElbo.svg").toFile());
        assertThat(svg.getElementsByTagName("polyline").getLength()).isEqualTo(2);
        assertThat(Files.readString(summary.resolve("ablation-test-negativeElbo.svg")))
                .contains("data-name=\"a\"").contains("data-name=\"b\"");
        AblationPlot plot = SweepReport.ablation(plan, SweepAggregate.of(SweepSummary.collect(plan, root), plan),
                METRIC);
        assertThat(plot.lines()).extracting(AblationPlot.Line::name).containsExactly("a", "b");
        assertThat(plot.lines().get(0).x()).containsExactly(2, 4); // numbers at their values
        assertThat(plot.lines().get(0).mean()).containsExactly(102, 91);
        assertThat(plot.lines().get(1).halfWidth()[0]).isZero(); // three equal values

        // the page: escaped text, the tables, the plots and every run's sample grid
        String html = Files.readString(w.html());
        assertThat(w.files()).last().isEqualTo(summary.resolve(SweepReport.HTML));
        assertThat(html).contains("<h1>Negative ELBO &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</h1>")
                .doesNotContain("<script>alert")
                .contains("cgm4j sweep s.yaml --set &#39;a=&lt;b&gt;&#39;")
                .contains("<table class=\"aggregate\" data-metric=\"test/negativeElbo\">")
                .contains("<table class=\"runs\">")
                .contains("<b>b__latentDim=2</b> is one, chosen by report.compareTo")
                .contains("<tr class=\"reference\"><td class=\"text\">b__latentDim=2 (reference)</td><td>3</td>"
                        + "<td>80.00 ± 0.00</td><td>[80.00, 80.00]</td>")
                .contains("<td class=\"text\">a__latentDim=2</td><td>3</td><td>102.00 ± 1.15</td>")
                .contains("src=\"ablation-test-negativeElbo.png\"")
                .contains("href=\"ablation-test-other.svg\"")
                .contains("href=\"aggregate.csv\"");
        for (SweepRun run : plan.runs()) {
            String name = run.directory(root).path().getFileName().toString();
            if (Files.isDirectory(run.directory(root).path())) {
                assertThat(html).contains("src=\"../" + name + "/samples/samples.png\"")
                        .contains("<a href=\"../" + name + "/\">" + run.label() + "</a>");
                assertThat(html.contains("src=\"../" + name + "/samples/predictions.png\""))
                        .isEqualTo(run.variant().equals("a"));
            } else {
                assertThat(html).doesNotContain(name);
            }
        }
        // every image the page names is a file next to it
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        int images = 0;
        while (m.find()) {
            assertThat(summary.resolve(m.group(1)).normalize()).isRegularFile();
            images++;
        }
        assertThat(images).isEqualTo(2 + 11 + 6); // plots, samples of 11 runs, predictions of a's 6 runs
    }

    @Test
    void eachConfigurationIsComparedWithTheReferenceVariantAtItsOwnAxisValues() throws Exception {
        // the quadrant table's case: no compareTo, so the first variant (a) is the reference, and
        // b at latentDim 4 is compared with a at latentDim 4, not with a at 2
        SweepPlan plan = twoByTwo("");
        Path root = dir.resolve("runs");
        fabricateAll(plan, root);
        report(plan, root);
        Path summary = plan.summaryDirectory(root);
        List<CSVRecord> cmp = read(summary.resolve(SweepAggregate.COMPARISONS));
        assertThat(cmp).extracting(r -> r.get("configuration")).containsOnly("b__latentDim=2", "b__latentDim=4");
        CSVRecord b4 = find(cmp, "b__latentDim=4", METRIC);
        assertThat(b4.get("reference")).isEqualTo("a__latentDim=4");
        assertThat(Double.parseDouble(b4.get("difference"))).isEqualTo(72.0 - 91.0);
        assertThat(Double.parseDouble(b4.get("p_value")))
                .isEqualTo(SeedStatistics.welch(VALUES.get("b__latentDim=4"), VALUES.get("a__latentDim=4")).p());
        CSVRecord b2 = find(cmp, "b__latentDim=2", METRIC);
        assertThat(b2.get("reference")).isEqualTo("a__latentDim=2");
        assertThat(Double.parseDouble(b2.get("difference"))).isEqualTo(80.0 - 102.0);
        // and the markdown table shows the differences beside the table
        assertThat(Files.readString(summary.resolve(SweepSummary.MARKDOWN)))
                .contains("| b__latentDim=4 | a__latentDim=4 | 72.00 | 91.00 | -19.00 |");

        // compareTo naming only the variant keeps the axes per setting too
        SweepPlan named = twoByTwo("  compareTo: {variant: b}\n");
        SweepAggregate agg = SweepAggregate.of(SweepSummary.collect(named, root), named);
        for (SweepAggregate.Configuration c : agg.configurations()) {
            assertThat(agg.referenceOf(c).label()).isEqualTo("b__latentDim=" + c.axisValues().get("model.latentDim"));
        }
    }

    @Test
    void withoutCompareToTheFirstConfigurationIsTheReferenceAndTheVariantsArePlottedWhenThereAreNoAxes()
            throws Exception {
        SweepPlan plan = plan("""
                sweep:
                  variants: {z: {}, y: {loss.kl: 0.5}, x: {loss.kl: 0.25}}
                  seeds: [1, 2]
                report: {metric: test/negativeElbo, pictures: {examples: 0}}
                """);
        Path root = dir.resolve("runs");
        double v = 1;
        for (SweepRun run : plan.runs()) {
            fabricate(run, root, Map.of(METRIC, v++), false);
        }
        report(plan, root);
        Path summary = plan.summaryDirectory(root);
        List<CSVRecord> cmp = read(summary.resolve(SweepAggregate.COMPARISONS));
        assertThat(cmp).extracting(r -> r.get("configuration")).containsExactly("y", "x");
        assertThat(cmp).allSatisfy(r -> assertThat(r.get("reference")).isEqualTo("z"));
        assertThat(Double.parseDouble(cmp.get(1).get("difference"))).isEqualTo(4.0); // (5 + 6 - 1 - 2) / 2
        AblationPlot plot = SweepReport.ablation(plan, SweepAggregate.of(SweepSummary.collect(plan, root), plan),
                METRIC);
        assertThat(plot.lines()).hasSize(1);
        assertThat(plot.lines().get(0).x()).containsExactly(0, 1, 2); // the variants evenly, in order
        assertThat(Files.readString(summary.resolve("ablation-test-negativeElbo.svg")))
                .containsSubsequence(">z<", ">y<", ">x<");
    }

    @Test
    void oneSeedGivesMeansWithoutIntervalsOrTestsAndSaysWhy() throws Exception {
        SweepPlan plan = plan("""
                sweep: {axes: {loss.kl: [0.5, 1]}}
                report: {metric: test/negativeElbo, pictures: {examples: 0}, plots: {xScale: ordinal}}
                """);
        Path root = dir.resolve("runs");
        fabricate(plan.runs().get(0), root, Map.of(METRIC, 5.0), false);
        fabricate(plan.runs().get(1), root, Map.of(METRIC, 7.0), false);
        report(plan, root);
        Path summary = plan.summaryDirectory(root);
        CSVRecord first = find(read(summary.resolve(SweepAggregate.AGGREGATE)), "kl=0.5", METRIC);
        assertThat(first.get("n")).isEqualTo("1");
        assertThat(first.get("mean")).isEqualTo("5.0");
        assertThat(first.get("sd")).isEmpty();
        assertThat(first.get("ci95_low")).isEmpty();
        assertThat(first.get("note")).contains("one value");
        CSVRecord test = find(read(summary.resolve(SweepAggregate.COMPARISONS)), "kl=1", METRIC);
        assertThat(test.get("difference")).isEqualTo("2.0");
        assertThat(test.get("p_value")).isEmpty();
        assertThat(test.get("note")).contains("two or more");
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(summary.resolve("ablation-test-negativeElbo.svg").toFile());
        assertThat(svg.getElementsByTagName("polyline").getLength()).isEqualTo(1);
        assertThat(Files.readString(summary.resolve("ablation-test-negativeElbo.svg"))).doesNotContain("error-bar");
    }

    @Test
    void aPlanWithoutReportBlockGetsTablesAndAPageButNoPlots() throws Exception {
        SweepPlan plan = plan("sweep: {axes: {loss.kl: [0.5, 1]}}\n");
        Path root = dir.resolve("runs");
        fabricate(plan.runs().get(0), root, Map.of(METRIC, 5.0, METRIC + "_se", 0.1), true);
        SweepReport.Written w = report(plan, root);
        assertThat(w.markdown()).isNull();
        assertThat(w.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("table.csv", "aggregate.csv", "comparisons.csv", "index.html");
        String html = Files.readString(w.html());
        assertThat(html).contains("<h1>Sweep s</h1>").contains("Runs: 1 of 2 complete")
                .contains("data-metric=\"test/negativeElbo\"")
                .contains("The other metrics (1)"); // the metric's own standard error
    }

    @Test
    void compareToAndPlotsAreCheckedWhenTheDefinitionLoads() {
        String sweep = "sweep: {axes: {loss.kl: [0.5, 1]}, variants: {a: {}, b: {model.latentDim: 3}}}\n";
        assertThatThrownBy(() -> plan(sweep + "report: {metric: m, compareTo: {loss.kl: 2}}\n"))
                .hasMessageContaining("report.compareTo.loss.kl").hasMessageContaining("[0.5, 1]");
        assertThatThrownBy(() -> plan(sweep + "report: {metric: m, compareTo: {variant: c}}\n"))
                .hasMessageContaining("report.compareTo.variant");
        assertThatThrownBy(() -> plan(sweep + "report: {metric: m, compareTo: {model.hidden: [1]}}\n"))
                .hasMessageContaining("report.compareTo must name a sweep axis or 'variant' (loss.kl)");
        assertThatThrownBy(() -> plan(sweep + "report: {metric: m, plots: {x: train.epochs}}\n"))
                .hasMessageContaining("report.plots.x");
        assertThatThrownBy(() -> plan(sweep + "report: {metric: m, plots: {xScale: log}}\n"))
                .hasMessageContaining("'linear' or 'ordinal'");
        assertThatThrownBy(() -> plan(sweep + "report: {metric: m, plots: {x: variant, xScale: linear}}\n"))
                .hasMessageContaining("linear");
    }

    @Test
    void compareToMatchesNumbersByValue() throws Exception {
        SweepPlan plan = plan("""
                sweep: {axes: {loss.kl: [0.5, 1]}, seeds: [1, 2]}
                report: {metric: test/negativeElbo, compareTo: {loss.kl: 1.0}, pictures: {examples: 0}}
                """);
        Path root = dir.resolve("runs");
        for (SweepRun run : plan.runs()) {
            fabricate(run, root, Map.of(METRIC, (double) run.seed()), false);
        }
        SweepAggregate aggregate = SweepAggregate.of(SweepSummary.collect(plan, root), plan);
        assertThat(aggregate.reference().label()).isEqualTo("kl=1");
        assertThat(aggregate.referenceNote()).isEqualTo("report.compareTo");
    }
}
