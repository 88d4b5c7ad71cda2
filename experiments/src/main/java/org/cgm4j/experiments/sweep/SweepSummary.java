package org.cgm4j.experiments.sweep;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.cgm4j.api.io.AtomicFiles;
import org.cgm4j.experiments.config.ExperimentDefinition;
import org.cgm4j.experiments.config.ReportConfig;
import org.cgm4j.experiments.config.SweepConfig;
import org.cgm4j.experiments.report.MetricsFile;
import org.cgm4j.experiments.run.RunDirectory;
import org.cgm4j.experiments.trained.Reevaluations;

/**
 * The summary of a sweep, read from its runs' directories: {@code table.csv} with one row per run
 * (its variant, axis values, seed, status, every metric and the performance figures), and, when
 * the definition has a {@code report:} block, {@code table.md}, the chosen metric laid out as
 * rows x columns with means over seeds, their standard errors and the published figures beside
 * them (see {@link ReportConfig}). Reads only files, so it can be rebuilt at any time.
 */
public final class SweepSummary {
    /** The CSV of all runs. */
    public static final String CSV = "table.csv";
    /** The markdown table. */
    public static final String MARKDOWN = "table.md";
    /** Status of a run with a completion marker. */
    public static final String COMPLETE = "complete";
    /** Status of a run directory without a completion marker (killed, failed or running). */
    public static final String INCOMPLETE = "incomplete";
    /** Status of a run that has no directory yet. */
    public static final String MISSING = "missing";
    /** What an empty cell shows. */
    public static final String NO_VALUE = "–";
    /** The suffix under which a metric reports its own standard error. */
    public static final String SE_SUFFIX = "_se";
    /** The prefix of performance figures in the CSV. */
    public static final String PERFORMANCE_PREFIX = "performance/";

    private final SweepPlan plan;
    private final List<Row> rows;

    /**
     * One run's results.
     *
     * @param run the run
     * @param directory where it lives
     * @param status {@link #COMPLETE}, {@link #INCOMPLETE} or {@link #MISSING}
     * @param metrics its metrics.json and its re-evaluations' metrics, keyed {@code
     *     evaluations/<hash8>/<metric>} (empty unless complete)
     * @param performance its performance.json (empty when absent)
     */
    public record Row(SweepRun run, RunDirectory directory, String status, Map<String, Double> metrics,
            Map<String, Double> performance) {
        /** Copies. */
        public Row {
            Objects.requireNonNull(run, "run");
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
            performance = Collections.unmodifiableMap(new LinkedHashMap<>(performance));
        }

        /** Whether the run finished. */
        public boolean complete() {
            return COMPLETE.equals(status);
        }
    }

    private SweepSummary(SweepPlan plan, List<Row> rows) {
        this.plan = plan;
        this.rows = List.copyOf(rows);
    }

    /** Reads the directories of {@code plan}'s runs under {@code runsRoot}. */
    public static SweepSummary collect(SweepPlan plan, Path runsRoot) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (SweepRun run : plan.runs()) {
            RunDirectory dir = run.directory(runsRoot);
            String status;
            Map<String, Double> metrics = Map.of();
            Map<String, Double> performance = Map.of();
            if (dir.isComplete()) {
                status = COMPLETE;
                metrics = new LinkedHashMap<>(MetricsFile.read(dir.file(RunDirectory.METRICS)));
                metrics.putAll(Reevaluations.reEvaluations(dir));
                if (Files.isRegularFile(dir.file(RunDirectory.PERFORMANCE))) {
                    performance = MetricsFile.read(dir.file(RunDirectory.PERFORMANCE));
                }
            } else {
                status = Files.isDirectory(dir.path()) ? INCOMPLETE : MISSING;
            }
            rows.add(new Row(run, dir, status, metrics, performance));
        }
        return new SweepSummary(plan, rows);
    }

    /** One row per run of the plan, in plan order. */
    public List<Row> rows() {
        return rows;
    }

    /**
     * Writes {@link #CSV} and, when the definition has a report block, {@link #MARKDOWN} into
     * {@code dir} (created if needed), listing {@code pictures} in the markdown.
     *
     * @return the files written
     */
    public List<Path> write(Path dir, List<SweepPictures.Picture> pictures) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        Path csv = dir.resolve(CSV);
        AtomicFiles.writeString(csv, csv());
        out.add(csv);
        if (plan.report().isPresent()) {
            Path md = dir.resolve(MARKDOWN);
            AtomicFiles.writeString(md, markdown(pictures, dir));
            out.add(md);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // CSV

    /**
     * The CSV: columns {@code run, variant, <axis keys>, seed, status, <metrics, sorted>,
     * performance/<figure>, directory}; numbers in their shortest exact form, empty where absent.
     */
    public String csv() {
        Set<String> metrics = new TreeSet<>();
        Set<String> performance = new TreeSet<>();
        rows.forEach(r -> {
            metrics.addAll(r.metrics().keySet());
            performance.addAll(r.performance().keySet());
        });
        List<String> header = new ArrayList<>(List.of("run", SweepConfig.VARIANT_KEY));
        header.addAll(plan.axes());
        header.addAll(List.of("seed", "status"));
        header.addAll(metrics);
        performance.forEach(p -> header.add(PERFORMANCE_PREFIX + p));
        header.add("directory");
        return csv(header, p -> {
            for (Row r : rows) {
                List<String> record = new ArrayList<>(List.of(r.run().label(), r.run().variant()));
                plan.axes().forEach(a -> record.add(r.run().valueOf(a)));
                record.add(Long.toString(r.run().seed()));
                record.add(r.status());
                metrics.forEach(m -> record.add(exact(r.metrics().get(m))));
                performance.forEach(m -> record.add(exact(r.performance().get(m))));
                record.add(r.directory().path().getFileName().toString());
                p.printRecord(record);
            }
        });
    }

    /** What prints a CSV's records, after its header. */
    interface CsvRecords {
        /** Prints the records to {@code p}. */
        void print(CSVPrinter p) throws IOException;
    }

    /** A CSV as the sweep's summary files write it: {@code header}, then the records, each ended by a line feed. */
    static String csv(List<String> header, CsvRecords records) {
        StringWriter w = new StringWriter();
        CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();
        try (CSVPrinter p = new CSVPrinter(w, format)) {
            p.printRecord(header);
            records.print(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static String exact(Double v) {
        return v == null ? "" : Double.toString(v);
    }

    // ---------------------------------------------------------------------------------------------
    // Markdown

    /** One table cell: the values over seeds, and the metric's own standard error when one seed gave it. */
    record Cell(List<Double> values, Double ownError) {
        int n() {
            return values.size();
        }

        double mean() {
            double s = 0;
            for (double v : values) {
                s += v;
            }
            return s / values.size();
        }

        /** The standard error over seeds (n >= 2), else the metric's own; null when there is neither. */
        Double error() {
            if (values.size() >= 2) {
                double m = mean();
                double ss = 0;
                for (double v : values) {
                    ss += (v - m) * (v - m);
                }
                return Math.sqrt(ss / (values.size() - 1) / values.size());
            }
            return values.size() == 1 ? ownError : null;
        }
    }

    /** The markdown report, naming pictures relative to {@code dir}. */
    public String markdown(List<SweepPictures.Picture> pictures, Path dir) {
        ReportConfig report = plan.report().orElseThrow(() -> new IllegalStateException(
                "the definition has no report: block"));
        String metric = report.metric();
        String rowKey = report.rows();
        String colKey = report.columns() != null ? report.columns() : defaultColumns(rowKey);
        List<String> others = new ArrayList<>();
        if (!rowKey.equals(SweepConfig.VARIANT_KEY) && !SweepConfig.VARIANT_KEY.equals(colKey)
                && plan.variants().size() > 1) {
            others.add(SweepConfig.VARIANT_KEY);
        }
        for (String a : plan.axes()) {
            if (!a.equals(rowKey) && !a.equals(colKey)) {
                others.add(a);
            }
        }
        int seeds = plan.seeds().size();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(report.title() != null ? report.title() : plan.experiment() + ": " + metric)
                .append("\n\n");
        boolean reported = rows.stream().anyMatch(r -> r.metrics().containsKey(metric));
        for (Map<String, String> fixed : combinations(plan, others)) {
            if (!fixed.isEmpty()) {
                List<String> parts = new ArrayList<>();
                fixed.forEach((k, v) -> parts.add(heading(plan, k, v)));
                md.append("## ").append(String.join(", ", parts)).append("\n\n");
            }
            table(md, report, rowKey, colKey, fixed, seeds);
            md.append('\n');
        }
        if (!reported) {
            Set<String> have = new TreeSet<>();
            rows.forEach(r -> have.addAll(r.metrics().keySet()));
            md.append("**No run reported `").append(metric).append("`**; the runs report: ")
                    .append(have.isEmpty() ? "nothing yet" : String.join(", ", have)).append(".\n\n");
        }
        md.append("Metric `").append(metric).append("`: each cell is the mean over ");
        if (seeds >= 2) {
            md.append(seeds).append(" seeds ± its standard error over seeds; (n=k) marks a cell with fewer seeds.");
        } else {
            md.append("one seed (").append(plan.seeds().get(0)).append(") ± the standard error the metric reports")
                    .append(" over test examples (`").append(metric).append(SE_SUFFIX).append("`), where it reports one.");
        }
        md.append(" ").append(NO_VALUE).append(": no complete run.\n\n");
        if (report.reference() != null) {
            md.append(report.reference().label()).append(": ")
                    .append(report.reference().source() == null ? "published figures" : report.reference().source())
                    .append("\n\n");
        }
        if (report.note() != null && !report.note().isBlank()) {
            md.append("Note: ").append(report.note().strip()).append("\n\n");
        }
        for (String c : report.constants()) {
            Set<String> values = new LinkedHashSet<>();
            rows.stream().filter(Row::complete).map(r -> r.metrics().get(c)).filter(Objects::nonNull)
                    .forEach(v -> values.add(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v.doubleValue())
                            : plain(v)));
            md.append("`").append(c).append("`: ")
                    .append(values.isEmpty() ? "not reported" : String.join(", ", values))
                    .append(values.size() > 1 ? " (differs between runs)" : "").append("\n\n");
        }
        md.append(runsLine()).append("\n\n");
        if (!pictures.isEmpty()) {
            md.append("## Pictures\n\n");
            List<String> captions = pictures.get(0).rows();
            md.append("Rows, top to bottom: ").append(String.join("; ", captions)).append(".\n\n");
            for (SweepPictures.Picture p : pictures) {
                String name = dir.relativize(p.file()).toString();
                String alt = plan.displayName(p.setting());
                md.append("### ").append(alt).append("\n\n");
                if (!p.rows().equals(captions)) {
                    md.append("Rows: ").append(String.join("; ", p.rows())).append(".\n\n");
                }
                md.append("![").append(alt).append("](").append(name).append(")\n\n");
            }
        }
        return md.toString().stripTrailing() + "\n";
    }

    private String defaultColumns(String rowKey) {
        for (String a : plan.axes()) {
            if (!a.equals(rowKey)) {
                return a;
            }
        }
        return rowKey.equals(SweepConfig.VARIANT_KEY) ? null : SweepConfig.VARIANT_KEY;
    }

    private void table(StringBuilder md, ReportConfig report, String rowKey, String colKey,
            Map<String, String> fixed, int seeds) {
        List<String> rowValues = values(plan, rowKey);
        List<String> colValues = colKey == null ? List.of("") : values(plan, colKey);
        ReportConfig.Reference ref = report.reference();
        List<String> header = new ArrayList<>();
        header.add(rowKey.equals(SweepConfig.VARIANT_KEY) ? SweepConfig.VARIANT_KEY : plan.axisName(rowKey));
        List<String> align = new ArrayList<>(List.of("---"));
        for (String c : colValues) {
            header.add(colKey == null ? report.metric() : heading(plan, colKey, c));
            align.add("---:");
            if (ref != null) {
                header.add(ref.label());
                align.add("---:");
            }
        }
        md.append(line(header)).append(line(align));
        for (String r : rowValues) {
            List<String> cells = new ArrayList<>();
            cells.add(heading(plan, rowKey, r));
            for (String c : colValues) {
                Cell cell = cell(report.metric(), rowKey, r, colKey, c, fixed);
                cells.add(format(cell, report.decimals(), seeds));
                if (ref != null) {
                    Double figure = ref.figure(r, c);
                    cells.add(figure == null ? NO_VALUE : plain(figure));
                }
            }
            md.append(line(cells));
        }
    }

    private Cell cell(String metric, String rowKey, String r, String colKey, String c, Map<String, String> fixed) {
        List<Double> values = new ArrayList<>();
        Double own = null;
        for (Row row : rows) {
            SweepRun run = row.run();
            if (!row.complete() || !run.valueOf(rowKey).equals(r) || (colKey != null && !run.valueOf(colKey).equals(c))
                    || !fixed.entrySet().stream().allMatch(e -> run.valueOf(e.getKey()).equals(e.getValue()))) {
                continue;
            }
            Double v = row.metrics().get(metric);
            if (v != null) {
                values.add(v);
                own = row.metrics().get(metric + SE_SUFFIX);
            }
        }
        return new Cell(values, own);
    }

    private static String format(Cell cell, int decimals, int seeds) {
        if (cell.n() == 0) {
            return NO_VALUE;
        }
        String f = "%." + decimals + "f";
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, f, cell.mean()));
        Double error = seeds >= 2 && cell.n() < 2 ? null : cell.error();
        if (error != null && Double.isFinite(error)) {
            s.append(" ± ").append(String.format(Locale.ROOT, f, error));
        }
        if (seeds >= 2 && cell.n() < seeds) {
            s.append(" (n=").append(cell.n()).append(')');
        }
        return s.toString();
    }

    /** The values of a sweep dimension: the variants for {@value SweepConfig#VARIANT_KEY}, else the axis values. */
    static List<String> values(SweepPlan plan, String key) {
        return SweepConfig.VARIANT_KEY.equals(key) ? plan.variants() : plan.axisValues(key);
    }

    /**
     * How a value of a sweep dimension is named in headings and legends: the variant's name for
     * {@value SweepConfig#VARIANT_KEY} (the experiment's for the unnamed variant), else {@code
     * <axis name>=<value>}.
     */
    static String heading(SweepPlan plan, String key, String value) {
        return SweepConfig.VARIANT_KEY.equals(key) ? plan.displayName(value) : plan.axisName(key) + "=" + value;
    }

    /**
     * Every combination of one value per sweep dimension of {@code keys}, the first slowest; one
     * empty combination when there are none.
     */
    static List<Map<String, String>> combinations(SweepPlan plan, List<String> keys) {
        return SweepConfig.combinations(keys, k -> values(plan, k));
    }

    private String runsLine() {
        long complete = rows.stream().filter(Row::complete).count();
        StringBuilder s = new StringBuilder();
        s.append("Runs: ").append(complete).append(" of ").append(rows.size()).append(" complete");
        List<String> notDone = rows.stream().filter(r -> !r.complete()).map(r -> r.run().label()).toList();
        if (!notDone.isEmpty()) {
            s.append(" (not complete: ").append(String.join(", ", notDone)).append(')');
        }
        double train = 0;
        double eval = 0;
        boolean timed = false;
        for (Row r : rows) {
            Double t = r.performance().get("trainSeconds");
            Double e = r.performance().get("evalSeconds");
            if (t != null && e != null) {
                train += t;
                eval += e;
                timed = true;
            }
        }
        if (timed) {
            s.append(String.format(Locale.ROOT, "; training took %.0f s and evaluation %.0f s in all", train, eval));
        }
        ExperimentDefinition def = plan.base().definition();
        s.append(". Definition `").append(plan.definition()).append('`');
        plan.baseOverrides().forEach(o -> s.append(" `--set ").append(o).append('`'));
        s.append(": data ").append(def.data().source());
        if (def.data().limit() > 0 || def.data().testLimit() > 0) {
            s.append(" (limit ").append(def.data().limit()).append(" train, ").append(def.data().testLimit())
                    .append(" test; 0 = all)");
        }
        s.append(", train.epochs ").append(def.train().epochs()).append(", batch ").append(def.data().batchSize());
        s.append(" (as in the definition; a variant may change them).");
        return s.toString();
    }

    private static String line(List<String> cells) {
        StringBuilder b = new StringBuilder("|");
        for (String c : cells) {
            b.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        return b.append('\n').toString();
    }

    /** A figure as written: shortest exact decimal, no exponent. */
    static String plain(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return BigDecimal.valueOf(v).toPlainString();
    }
}
