package org.cgm4j.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.cgm4j.api.io.AtomicFiles;
import org.cgm4j.experiments.config.FlowText;
import org.cgm4j.experiments.config.ReportConfig;
import org.cgm4j.experiments.config.SweepConfig;

/**
 * The statistics of a sweep over its seeds: for every configuration (a variant and one value per
 * axis) and every metric its runs report, the {@link SeedStatistics.Summary} over the seeds whose
 * runs are complete, and Welch's test of each configuration against the reference configuration
 * ({@code report.compareTo}, else the first). Written as two long-format CSV files, one row per
 * (configuration, metric), which load into pandas as they are and pivot to any layout:
 *
 * <ul>
 *   <li>{@value #AGGREGATE}: {@code configuration, variant, <axis keys>, metric, n, mean, sd, se,
 *       ci95_low, ci95_high, note};
 *   <li>{@value #COMPARISONS}: {@code configuration, variant, <axis keys>, metric, reference, n,
 *       mean, reference_n, reference_mean, difference, welch_t, p_value, note}.
 * </ul>
 *
 * <p>Numbers are in their shortest exact form; a figure a sample cannot give (the spread of one
 * seed, a test with fewer than two seeds on a side) is empty and {@code note} says why. Metrics
 * are sorted by name; non-finite values are left out of a sample.
 */
public final class SweepAggregate {
    /** The statistics per configuration and metric. */
    public static final String AGGREGATE = "aggregate.csv";
    /** The tests against the reference configuration. */
    public static final String COMPARISONS = "comparisons.csv";

    private final SweepPlan plan;
    private final List<Configuration> configurations;
    private final List<String> metrics;
    private final Configuration reference;
    private final String referenceNote;
    /** Per configuration (by identity), the configuration it is compared with; absent when none is in the sweep. */
    private final Map<Configuration, Configuration> references;
    /** {@link #summary} by configuration (by identity) and metric, as computed. */
    private final Map<Configuration, Map<String, SeedStatistics.Summary>> summaries = new IdentityHashMap<>();
    /** {@link #compare} by configuration (by identity) and metric, as computed. */
    private final Map<Configuration, Map<String, SeedStatistics.Comparison>> comparisons = new IdentityHashMap<>();

    /**
     * One configuration of the sweep: what its seeds share.
     *
     * @param label its name, the runs' label without the seed ({@code hybrid__alpha=0.5}); the
     *     experiment's name when the sweep has neither variants nor axes
     * @param variant the variant (empty when the sweep names none)
     * @param axisValues the value of each axis by its full key, as YAML flow text, in axis order
     * @param rows its runs, one per seed, in seed order
     * @param values per metric, the finite values of its complete runs, in seed order
     */
    public record Configuration(String label, String variant, Map<String, String> axisValues,
            List<SweepSummary.Row> rows, Map<String, double[]> values) {
        /** Copies. */
        public Configuration {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(variant, "variant");
            axisValues = Collections.unmodifiableMap(new LinkedHashMap<>(axisValues));
            rows = List.copyOf(rows);
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** The metric's values (none when no complete run reports it). */
        public double[] of(String metric) {
            double[] v = values.get(metric);
            return v == null ? new double[0] : v.clone();
        }

        /** The statistics of the metric over the seeds. */
        public SeedStatistics.Summary summary(String metric) {
            return SeedStatistics.summarize(of(metric));
        }

        /** The value of a sweep dimension: the variant for {@value SweepConfig#VARIANT_KEY}, else the axis value. */
        public String valueOf(String key) {
            return SweepConfig.VARIANT_KEY.equals(key) ? variant : axisValues.get(key);
        }
    }

    private SweepAggregate(SweepPlan plan, List<Configuration> configurations, List<String> metrics,
            Configuration reference, String referenceNote) {
        this.plan = plan;
        this.configurations = List.copyOf(configurations);
        this.metrics = List.copyOf(metrics);
        this.reference = reference;
        this.referenceNote = referenceNote;
        this.references = new IdentityHashMap<>();
        Map<String, JsonNode> compareTo = plan.report().map(ReportConfig::compareTo).orElse(Map.of());
        for (Configuration c : this.configurations) {
            Configuration r = this.configurations.stream()
                    .filter(o -> isReferenceOf(o.rows().get(0).run(), c.rows().get(0).run(), compareTo, plan))
                    .findFirst().orElse(null);
            if (r != null) {
                references.put(c, r);
            }
        }
    }

    /**
     * Whether {@code candidate} is the reference of {@code run}: the dimensions {@code compareTo}
     * names take its values; the first dimension (the variant when the sweep names variants, else
     * the first axis) takes its first value unless named; every other axis takes {@code run}'s own
     * value. So a configuration is compared with the reference variant at the same axis values
     * (cvae at given 2 with baseline at given 2), not with one configuration for all.
     */
    private static boolean isReferenceOf(SweepRun candidate, SweepRun run, Map<String, JsonNode> compareTo,
            SweepPlan plan) {
        boolean variants = !plan.sweep().variants().isEmpty();
        if (variants) {
            JsonNode want = compareTo.get(SweepConfig.VARIANT_KEY);
            String variant = want == null ? plan.sweep().variants().keySet().iterator().next() : want.asText();
            if (!variant.equals(candidate.variant())) {
                return false;
            }
        }
        List<String> axes = plan.axes();
        for (int i = 0; i < axes.size(); i++) {
            String axis = axes.get(i);
            JsonNode want = compareTo.get(axis);
            JsonNode target = want != null ? want
                    : !variants && i == 0 ? plan.sweep().axes().get(axis).get(0)
                    : run.axisValues().get(axis);
            if (!ReportConfig.sameValue(candidate.axisValues().get(axis), target)) {
                return false;
            }
        }
        return true;
    }

    /** Groups the summary's rows by configuration, in plan order. */
    public static SweepAggregate of(SweepSummary summary, SweepPlan plan) {
        Map<String, List<SweepSummary.Row>> bySetting = new LinkedHashMap<>();
        for (SweepSummary.Row row : summary.rows()) {
            bySetting.computeIfAbsent(row.run().setting(), k -> new ArrayList<>()).add(row);
        }
        Set<String> metrics = new TreeSet<>();
        summary.rows().stream().filter(SweepSummary.Row::complete).forEach(r -> metrics.addAll(r.metrics().keySet()));
        List<Configuration> configurations = new ArrayList<>();
        for (Map.Entry<String, List<SweepSummary.Row>> e : bySetting.entrySet()) {
            SweepRun first = e.getValue().get(0).run();
            Map<String, String> axes = new LinkedHashMap<>();
            plan.axes().forEach(a -> axes.put(a, first.valueOf(a)));
            Map<String, double[]> values = new LinkedHashMap<>();
            for (String m : metrics) {
                values.put(m, e.getValue().stream().filter(SweepSummary.Row::complete)
                        .map(r -> r.metrics().get(m)).filter(v -> v != null && Double.isFinite(v))
                        .mapToDouble(Double::doubleValue).toArray());
            }
            String label = plan.displayName(e.getKey());
            configurations.add(new Configuration(label, first.variant(), axes, e.getValue(), values));
        }
        Configuration reference = configurations.isEmpty() ? null : configurations.get(0);
        String note = "the first configuration";
        Map<String, JsonNode> compareTo = plan.report().map(ReportConfig::compareTo).orElse(Map.of());
        if (!compareTo.isEmpty() && !configurations.isEmpty()) {
            // the runs of a configuration differ in their seeds only: its first run stands for all
            Configuration named = configurations.stream()
                    .filter(c -> matches(c.rows().get(0).run(), compareTo, plan))
                    .findFirst().orElse(null);
            if (named != null) {
                reference = named;
                note = "report.compareTo";
            } else {
                note = "the first configuration (report.compareTo " + FlowText.of(compareTo) + " is not in this"
                        + " sweep)";
            }
        }
        return new SweepAggregate(plan, configurations, List.copyOf(metrics), reference, note);
    }

    /** Whether the run has the named values, and the first value of every dimension not named. */
    private static boolean matches(SweepRun run, Map<String, JsonNode> compareTo, SweepPlan plan) {
        if (!plan.sweep().variants().isEmpty()) {
            JsonNode want = compareTo.get(SweepConfig.VARIANT_KEY);
            String variant = want == null ? plan.sweep().variants().keySet().iterator().next() : want.asText();
            if (!variant.equals(run.variant())) {
                return false;
            }
        }
        for (String axis : plan.axes()) {
            JsonNode want = compareTo.get(axis);
            JsonNode have = run.axisValues().get(axis);
            JsonNode target = want != null ? want : plan.sweep().axes().get(axis).get(0);
            if (!ReportConfig.sameValue(have, target)) {
                return false;
            }
        }
        return true;
    }

    /** The configurations, in plan order. */
    public List<Configuration> configurations() {
        return configurations;
    }

    /** Every metric some complete run reports, sorted. */
    public List<String> metrics() {
        return metrics;
    }

    /**
     * The configuration that {@code report.compareTo} names with the first value of every
     * dimension it does not name (the first configuration without it); null when the plan has
     * none. Comparisons are per setting: see {@link #referenceOf}.
     */
    public Configuration reference() {
        return reference;
    }

    /**
     * The configuration {@code c} is compared with: the reference variant (the one {@code
     * report.compareTo} names, else the first) at {@code c}'s own values of the axes {@code
     * compareTo} does not name; without variants, the first axis at its first value (or as named)
     * and the other axes at {@code c}'s. {@code c} itself when it is a reference; null when that
     * configuration is not in the sweep.
     */
    public Configuration referenceOf(Configuration c) {
        return references.get(c);
    }

    /** How the reference was chosen, for the report. */
    public String referenceNote() {
        return referenceNote;
    }

    /**
     * The statistics of {@code metric} over the seeds of {@code c}, {@link Configuration#summary}
     * computed once per configuration and metric.
     */
    public synchronized SeedStatistics.Summary summary(Configuration c, String metric) {
        return summaries.computeIfAbsent(c, k -> new HashMap<>()).computeIfAbsent(metric, c::summary);
    }

    /**
     * Welch's test of {@code c} against {@link #referenceOf its reference} on {@code metric},
     * computed once per configuration and metric; null when it has none.
     */
    public synchronized SeedStatistics.Comparison compare(Configuration c, String metric) {
        Configuration r = referenceOf(c);
        if (r == null) {
            return null;
        }
        return comparisons.computeIfAbsent(c, k -> new HashMap<>())
                .computeIfAbsent(metric, m -> SeedStatistics.welch(c.of(m), r.of(m)));
    }

    /** Writes {@value #AGGREGATE} and {@value #COMPARISONS} into {@code dir}; returns them. */
    public List<Path> write(Path dir) throws IOException {
        Path aggregate = dir.resolve(AGGREGATE);
        AtomicFiles.writeString(aggregate, aggregateCsv());
        Path comparisons = dir.resolve(COMPARISONS);
        AtomicFiles.writeString(comparisons, comparisonsCsv());
        return List.of(aggregate, comparisons);
    }

    /** The content of {@value #AGGREGATE}: one row per configuration and metric. */
    public String aggregateCsv() {
        List<String> header = keyColumns();
        header.addAll(List.of("metric", "n", "mean", "sd", "se", "ci95_low", "ci95_high", "note"));
        return SweepSummary.csv(header, p -> {
            for (Configuration c : configurations) {
                for (String m : metrics) {
                    SeedStatistics.Summary s = summary(c, m);
                    List<String> record = keyCells(c);
                    record.addAll(List.of(m, Integer.toString(s.n()), exact(s.mean()), exact(s.sd()), exact(s.se()),
                            exact(s.ciLow()), exact(s.ciHigh()), s.note()));
                    p.printRecord(record);
                }
            }
        });
    }

    /**
     * The content of {@value #COMPARISONS}: one row per metric and configuration that is not its
     * own reference, against {@link #referenceOf its reference}.
     */
    public String comparisonsCsv() {
        List<String> header = keyColumns();
        header.addAll(List.of("metric", "reference", "n", "mean", "reference_n", "reference_mean", "difference",
                "welch_t", "p_value", "note"));
        return SweepSummary.csv(header, p -> {
            for (Configuration c : configurations) {
                Configuration ref = referenceOf(c);
                if (ref == null || ref == c) {
                    continue;
                }
                for (String m : metrics) {
                    SeedStatistics.Summary s = summary(c, m);
                    SeedStatistics.Summary r = summary(ref, m);
                    SeedStatistics.Comparison t = compare(c, m);
                    List<String> record = keyCells(c);
                    record.addAll(List.of(m, ref.label(), Integer.toString(s.n()), exact(s.mean()),
                            Integer.toString(r.n()), exact(r.mean()), exact(t.difference()), exact(t.t()),
                            exact(t.p()), t.note()));
                    p.printRecord(record);
                }
            }
        });
    }

    /**
     * A markdown section: for {@code metric}, every configuration that is not its own reference,
     * its mean, its reference's, the difference and Welch's p (where both sides have two or more
     * seeds); empty when there is nothing to compare.
     */
    public String differencesMarkdown(String metric, int decimals) {
        StringBuilder md = new StringBuilder();
        String f = "%." + decimals + "f";
        for (Configuration c : configurations) {
            Configuration ref = referenceOf(c);
            if (ref == null || ref == c) {
                continue;
            }
            SeedStatistics.Comparison t = compare(c, metric);
            if (md.length() == 0) {
                md.append("\nDifferences in ").append(metric).append(" against the reference at the same setting"
                        + " (mean over seeds; p: Welch's t-test, two-sided, with two or more seeds a side):\n\n")
                        .append("| configuration | reference | mean | reference mean | difference | p |\n")
                        .append("| --- | --- | ---: | ---: | ---: | ---: |\n");
            }
            md.append("| ").append(c.label()).append(" | ").append(ref.label()).append(" | ")
                    .append(num(f, summary(c, metric).mean())).append(" | ").append(num(f, summary(ref, metric).mean()))
                    .append(" | ").append(num(f, t.difference())).append(" | ")
                    .append(Double.isFinite(t.p()) ? String.format(java.util.Locale.ROOT, "%.3g", t.p()) : "–")
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String num(String format, double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, format, v) : "–";
    }

    private List<String> keyColumns() {
        List<String> header = new ArrayList<>(List.of("configuration", SweepConfig.VARIANT_KEY));
        header.addAll(plan.axes());
        return header;
    }

    private List<String> keyCells(Configuration c) {
        List<String> cells = new ArrayList<>(List.of(c.label(), c.variant()));
        plan.axes().forEach(a -> cells.add(c.axisValues().get(a)));
        return cells;
    }

    /** A figure in its shortest exact form; empty when it is not finite. */
    static String exact(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }
}
