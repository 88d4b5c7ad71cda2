package org.cgm4j.experiments.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code report:} block of an experiment definition: the table {@code cgm4j sweep} writes to
 * {@code summary/table.md}, and the pictures beside it. A single run ignores it.
 *
 * <pre>{@code
 * report:
 *   metric: test/negativeCll_importance       # a key of the runs' metrics.json
 *   rows: variant                              # 'variant' or a sweep axis
 *   columns: data.task.given                   # 'variant' or a sweep axis
 *   decimals: 1
 *   constants: [test/cllSamples_importance]    # printed once under the table
 *   note: "..."
 *   reference:
 *     label: Pyro
 *     source: "Pyro's reproduction of Sohn et al. (tutorial cvae)"
 *     values: {baseline: {1: 100.4, 2: 61.9, 3: 25.4}}   # row -> column value -> figure
 *   pictures: {examples: 8, samples: 3, variants: [baseline, cvae]}
 *   compareTo: {variant: cvae, data.task.given: 1}     # the reference configuration of the tests
 *   plots: {metrics: [test/negativeCll_importance], x: data.task.given, xScale: ordinal}
 * }</pre>
 *
 * <p>Each cell is the metric's mean over the seeds of that (row, column); with two or more seeds
 * the ± is the standard error over seeds, with one seed it is the metric's own standard error
 * ({@code <metric>_se}, over test examples) when the metric reports one. Sweep axes that are
 * neither rows nor columns get one table per combination of their values.
 *
 * @param metric the metric shown in the cells, as written in metrics.json
 * @param rows what the table's rows are: {@value SweepConfig#VARIANT_KEY} or a sweep axis
 * @param columns what its columns are: {@value SweepConfig#VARIANT_KEY} or a sweep axis; null for
 *     the first axis that is not the rows
 * @param title the table's heading; null for the experiment's name and the metric
 * @param note text printed under the table
 * @param decimals digits after the point in cells, 0 to 6 (default 2)
 * @param constants metrics printed once under the table with the values they take (such as the
 *     number of samples of an estimator)
 * @param reference published figures printed in a column beside each column of ours; null for none
 * @param pictures the pictures per setting; null for the defaults of {@link Pictures}
 * @param compareTo the configuration every other one is compared with (Welch's t-test over
 *     seeds): {@value SweepConfig#VARIANT_KEY} and axis keys to their values; a dimension left out
 *     takes its first value, and null or empty means the first configuration of the sweep
 * @param plots the ablation plots; null for the defaults of {@link Plots}
 */
public record ReportConfig(
        @JsonPropertyDescription("the metric in the cells, as written in metrics.json, e.g. test/negativeElbo")
                String metric,
        @JsonPropertyDescription("the table's rows: 'variant' or a sweep axis (default: variant)") String rows,
        @JsonPropertyDescription("the table's columns: 'variant' or a sweep axis (default: the first other axis)")
                String columns,
        @JsonPropertyDescription("the table's heading") String title,
        @JsonPropertyDescription("text printed under the table") String note,
        @JsonPropertyDescription("digits after the point in cells, 0 to 6 (default 2)") Integer decimals,
        @JsonPropertyDescription("metrics printed once under the table, with the values they take")
                List<String> constants,
        @JsonPropertyDescription("published figures printed beside ours") Reference reference,
        @JsonPropertyDescription("the pictures per setting: examples, samples, variants") Pictures pictures,
        @JsonPropertyDescription("the configuration the others are compared with: variant and axis keys to values"
                + " (default: the first configuration)") Map<String, JsonNode> compareTo,
        @JsonPropertyDescription("the ablation plots: metrics, x, xScale") Plots plots) {
    /** Digits after the point when {@code decimals} is not given. */
    public static final int DEFAULT_DECIMALS = 2;

    /** Validates and fills in defaults. */
    public ReportConfig {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("report.metric must name a metric of metrics.json, such as"
                    + " test/negativeElbo");
        }
        rows = rows == null ? SweepConfig.VARIANT_KEY : rows;
        if (rows.equals(columns)) {
            throw new IllegalArgumentException("report.columns must differ from report.rows, both are " + rows);
        }
        decimals = decimals == null ? DEFAULT_DECIMALS : decimals;
        if (decimals < 0 || decimals > 6) {
            throw new IllegalArgumentException("report.decimals must be in [0, 6], got " + decimals);
        }
        if (constants != null && constants.stream().anyMatch(c -> c == null || c.isBlank())) {
            throw new IllegalArgumentException("report.constants must be metric names, got " + constants);
        }
        constants = constants == null ? List.of() : List.copyOf(constants);
        pictures = pictures == null ? new Pictures(null, null, null) : pictures;
        compareTo = compareTo == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(compareTo));
        plots = plots == null ? new Plots(null, null, null) : plots;
    }

    /** The metrics plotted: {@link Plots#metrics()}, or the table's metric when it names none. */
    public List<String> plottedMetrics() {
        return plots.metrics().isEmpty() ? List.of(metric) : plots.metrics();
    }

    /** How the swept values are placed along the x axis of an ablation plot. */
    public enum XScale {
        /** At their values (numbers only). */
        LINEAR,
        /** Evenly, in the order written (for categories, or numbers such as 0.25, 0.5, 1, 2, 4). */
        ORDINAL
    }

    /**
     * The ablation plots: one per metric, the metric's mean over seeds with 95% intervals against
     * the values of one sweep dimension, one line per variant and value of the other axes.
     *
     * @param metrics the metrics plotted, one plot each; empty or null for the table's metric
     * @param x the dimension along the x axis: an axis or {@value SweepConfig#VARIANT_KEY}; null for
     *     the table's columns when they are an axis, else its rows when they are one, else the first
     *     axis, else the variants
     * @param xScale {@code linear} or {@code ordinal}; null for linear when every value is a number
     */
    public record Plots(
            @JsonPropertyDescription("the metrics plotted, one plot each (default: the table's metric)")
                    List<String> metrics,
            @JsonPropertyDescription("the sweep dimension on the x axis: an axis or 'variant'") String x,
            @JsonPropertyDescription("linear (numbers at their values) or ordinal (evenly, in order)") String xScale) {
        /** Validates and copies. */
        public Plots {
            if (metrics != null && metrics.stream().anyMatch(m -> m == null || m.isBlank())) {
                throw new IllegalArgumentException("report.plots.metrics must be metric names, got " + metrics);
            }
            metrics = metrics == null ? List.of() : List.copyOf(new LinkedHashSet<>(metrics));
            if (xScale != null) {
                scale(xScale);
            }
        }

        /** The scale named, or null when none is. */
        public XScale scale() {
            return xScale == null ? null : scale(xScale);
        }

        private static XScale scale(String name) {
            for (XScale s : XScale.values()) {
                if (s.name().equalsIgnoreCase(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("report.plots.xScale must be 'linear' or 'ordinal', got '" + name + "'");
        }
    }

    /**
     * Published figures to print beside ours.
     *
     * @param label the column heading of the figures, such as {@code Pyro}
     * @param source where they come from, printed under the table
     * @param values row name to column value (as written in the sweep, {@code 1}, {@code cvae}) to figure
     */
    public record Reference(
            @JsonPropertyDescription("heading of the reference columns, e.g. Pyro") String label,
            @JsonPropertyDescription("where the figures come from") String source,
            @JsonPropertyDescription("row -> column value -> figure") Map<String, Map<String, Double>> values) {
        /** Validates and copies, keeping the order written. */
        public Reference {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("report.reference.label must name the source, such as Pyro");
            }
            Map<String, Map<String, Double>> v = new LinkedHashMap<>();
            if (values != null) {
                for (Map.Entry<String, Map<String, Double>> e : values.entrySet()) {
                    Map<String, Double> row = new LinkedHashMap<>();
                    if (e.getValue() != null) {
                        e.getValue().forEach((column, figure) -> {
                            if (figure == null) {
                                throw new IllegalArgumentException("report.reference.values." + e.getKey() + "."
                                        + column + " must be a number, got null");
                            }
                            row.put(column, figure);
                        });
                    }
                    v.put(e.getKey(), Collections.unmodifiableMap(row));
                }
            }
            values = Collections.unmodifiableMap(v);
        }

        /** The figure of (row, column), or null. */
        public Double figure(String row, String column) {
            Map<String, Double> r = values.get(row);
            return r == null ? null : r.get(column);
        }
    }

    /**
     * The pictures per setting (one per combination of axis values, from the first seed): the
     * inputs, the truth, then per variant its prediction (a deterministic predictor), {@code
     * samples} rows of samples from the prior (a conditional latent-variable model) or its
     * reconstructions (a VAE), for {@code examples} test examples.
     *
     * @param examples test examples per picture, 0 for no pictures (default 8)
     * @param samples rows of prior samples per conditional latent-variable model (default 3)
     * @param variants the variants drawn, in this order; empty or null for all
     */
    public record Pictures(
            @JsonPropertyDescription("test examples per picture, 0 for none (default 8)") Integer examples,
            @JsonPropertyDescription("rows of prior samples per latent-variable model (default 3)") Integer samples,
            @JsonPropertyDescription("the variants drawn, in order (default: all)") List<String> variants) {
        /** Examples per picture when not given. */
        public static final int DEFAULT_EXAMPLES = 8;
        /** Sample rows per model when not given. */
        public static final int DEFAULT_SAMPLES = 3;

        /** Validates and fills in defaults. */
        public Pictures {
            examples = examples == null ? DEFAULT_EXAMPLES : examples;
            samples = samples == null ? DEFAULT_SAMPLES : samples;
            if (examples < 0 || examples > 64) {
                throw new IllegalArgumentException("report.pictures.examples must be in [0, 64], got " + examples);
            }
            if (samples < 1 || samples > 16) {
                throw new IllegalArgumentException("report.pictures.samples must be in [1, 16], got " + samples);
            }
            variants = variants == null ? List.of() : List.copyOf(variants);
        }
    }

    /**
     * Checks the keys against the sweep they report on: rows and columns must be {@value
     * SweepConfig#VARIANT_KEY} or an axis, and pictured variants must exist.
     *
     * @throws IllegalArgumentException naming the key, for the definition's validation
     */
    public void checkAgainst(SweepConfig sweep) {
        for (String[] k : new String[][] {{"rows", rows}, {"columns", columns}}) {
            if (k[1] != null && !k[1].equals(SweepConfig.VARIANT_KEY) && !sweep.axes().containsKey(k[1])) {
                throw new IllegalArgumentException("report." + k[0] + " must be '" + SweepConfig.VARIANT_KEY + "'"
                        + (sweep.axes().isEmpty() ? " (the sweep has no axes)"
                                : " or a sweep axis (" + String.join(", ", sweep.axes().keySet()) + ")")
                        + ", got '" + k[1] + "'");
            }
        }
        if (plots.x() != null) {
            checkDimension("plots.x", plots.x(), sweep);
            if (plots.scale() == XScale.LINEAR && (plots.x().equals(SweepConfig.VARIANT_KEY)
                    || !sweep.axes().get(plots.x()).stream().allMatch(JsonNode::isNumber))) {
                throw new IllegalArgumentException("report.plots.xScale linear needs numbers, but " + plots.x()
                        + " takes " + (plots.x().equals(SweepConfig.VARIANT_KEY) ? sweep.variants().keySet()
                                : sweep.axes().get(plots.x())) + "; use ordinal");
            }
        }
        for (Map.Entry<String, JsonNode> e : compareTo.entrySet()) {
            String key = e.getKey();
            checkDimension("compareTo", key, sweep);
            List<JsonNode> allowed = key.equals(SweepConfig.VARIANT_KEY)
                    ? sweep.variants().keySet().stream().map(v -> (JsonNode) TextNode.valueOf(v)).toList()
                    : sweep.axes().get(key);
            if (allowed.stream().noneMatch(a -> sameValue(a, e.getValue()))) {
                throw new IllegalArgumentException("report.compareTo." + key + " is " + e.getValue() + ", which the"
                        + " sweep does not take; it takes " + allowed);
            }
        }
        for (String v : pictures.variants()) {
            if (!sweep.variants().containsKey(v)) {
                throw new IllegalArgumentException("report.pictures.variants names '" + v + "', which is not a variant"
                        + " of the sweep (" + String.join(", ", sweep.variants().keySet()) + ")");
            }
        }
    }

    private static void checkDimension(String what, String key, SweepConfig sweep) {
        if (key.equals(SweepConfig.VARIANT_KEY) ? sweep.variants().isEmpty() : !sweep.axes().containsKey(key)) {
            throw new IllegalArgumentException("report." + what + " must name a sweep axis"
                    + (sweep.variants().isEmpty() ? "" : " or '" + SweepConfig.VARIANT_KEY + "'")
                    + (sweep.axes().isEmpty() ? " (the sweep has no axes)"
                            : " (" + String.join(", ", sweep.axes().keySet()) + ")")
                    + ", got '" + key + "'");
        }
    }

    /**
     * Whether two values of a sweep dimension are the same: equal as numbers when both are numbers
     * ({@code 1} and {@code 1.0}), else equal as written ({@link FlowText}).
     */
    public static boolean sameValue(JsonNode a, JsonNode b) {
        Objects.requireNonNull(a, "a");
        if (b == null) {
            return false;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return FlowText.of(a).equals(FlowText.of(b));
    }
}
