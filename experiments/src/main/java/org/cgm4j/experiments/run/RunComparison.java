package org.cgm4j.experiments.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.cgm4j.api.model.ArrayArchive;
import org.cgm4j.experiments.report.MetricsFile;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How two run directories of the same definition differ: every test metric (exactly, bit for
 * bit), the trained weights array by array, and the provenance fields (start, end and command
 * always differ and are left out).
 *
 * @param metrics every metric of either run, by name
 * @param arrays every weight array of either run, by name
 * @param provenance the provenance fields that differ, by dotted name
 */
public record RunComparison(List<MetricDiff> metrics, List<ArrayDiff> arrays, List<FieldDiff> provenance) {
    /** Provenance fields that differ between any two runs, so are not compared. */
    public static final Set<String> UNCOMPARED = Set.of("start", "end", "command");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies. */
    public RunComparison {
        metrics = List.copyOf(metrics);
        arrays = List.copyOf(arrays);
        provenance = List.copyOf(provenance);
    }

    /**
     * One metric of both runs.
     *
     * @param name its key in {@code metrics.json}
     * @param original its value in the original run; null when absent there
     * @param reproduced its value in the reproduction; null when absent there
     */
    public record MetricDiff(String name, Double original, Double reproduced) {
        /** Whether both have it with the same bits. */
        public boolean identical() {
            return original != null && reproduced != null
                    && Double.doubleToLongBits(original) == Double.doubleToLongBits(reproduced);
        }

        /** reproduced - original; NaN when either is absent. */
        public double difference() {
            return original == null || reproduced == null ? Double.NaN : reproduced - original;
        }
    }

    /**
     * One weight array of both runs.
     *
     * @param name its name in the weights archive
     * @param problem why the arrays cannot be compared element by element (absent from one run,
     *     another shape or data type); null when they can
     * @param maxAbsDifference the largest absolute difference of two elements; NaN when there is a problem
     * @param identical whether every element has the same bits
     */
    public record ArrayDiff(String name, String problem, double maxAbsDifference, boolean identical) {}

    /**
     * A provenance field whose values differ.
     *
     * @param field its dotted name ({@code nd4jEnvironment.omp.threads})
     * @param original the original run's value; null when absent
     * @param reproduced the reproduction's value; null when absent
     */
    public record FieldDiff(String field, String original, String reproduced) {}

    /** Compares run {@code original} with run {@code reproduced}. */
    public static RunComparison of(RunDirectory original, RunDirectory reproduced) throws IOException {
        Map<String, Double> a = MetricsFile.read(original.file(RunDirectory.METRICS));
        Map<String, Double> b = MetricsFile.read(reproduced.file(RunDirectory.METRICS));
        List<MetricDiff> metrics = new ArrayList<>();
        for (String k : union(a.keySet(), b.keySet())) {
            metrics.add(new MetricDiff(k, a.get(k), b.get(k)));
        }
        return new RunComparison(metrics, compareWeights(original.file(RunDirectory.WEIGHTS),
                reproduced.file(RunDirectory.WEIGHTS)), compareProvenance(original.file(RunDirectory.PROVENANCE),
                reproduced.file(RunDirectory.PROVENANCE)));
    }

    /** Whether every metric of both runs is bit-identical. */
    public boolean metricsIdentical() {
        return metrics.stream().allMatch(MetricDiff::identical);
    }

    /** Whether every weight array of both runs is bit-identical. */
    public boolean weightsIdentical() {
        return arrays.stream().allMatch(ArrayDiff::identical);
    }

    /** Whether metrics and weights are identical. */
    public boolean identical() {
        return metricsIdentical() && weightsIdentical();
    }

    /** The arrays that differ. */
    public List<ArrayDiff> differingArrays() {
        return arrays.stream().filter(d -> !d.identical()).toList();
    }

    static List<ArrayDiff> compareWeights(Path a, Path b) {
        Map<String, INDArray> x = Files.isRegularFile(a) ? ArrayArchive.read(a).arrays() : Map.of();
        Map<String, INDArray> y = Files.isRegularFile(b) ? ArrayArchive.read(b).arrays() : Map.of();
        List<ArrayDiff> out = new ArrayList<>();
        if (x.isEmpty() && y.isEmpty()) {
            out.add(new ArrayDiff(RunDirectory.WEIGHTS, "no weights in either run", Double.NaN, false));
            return out;
        }
        for (String name : union(x.keySet(), y.keySet())) {
            INDArray p = x.get(name);
            INDArray q = y.get(name);
            if (p == null || q == null) {
                out.add(new ArrayDiff(name, "only in the " + (p == null ? "reproduction" : "original"), Double.NaN,
                        false));
            } else if (!Arrays.equals(p.shape(), q.shape()) || p.dataType() != q.dataType()) {
                out.add(new ArrayDiff(name, p.dataType() + Arrays.toString(p.shape()) + " vs " + q.dataType()
                        + Arrays.toString(q.shape()), Double.NaN, false));
            } else {
                // widening to double is exact, so equal doubles are equal elements
                double[] u = p.castTo(DataType.DOUBLE).dup('c').data().asDouble();
                double[] v = q.castTo(DataType.DOUBLE).dup('c').data().asDouble();
                double max = 0;
                boolean same = true;
                for (int i = 0; i < u.length; i++) {
                    if (Double.doubleToLongBits(u[i]) != Double.doubleToLongBits(v[i])) {
                        same = false;
                        max = Math.max(max, Math.abs(u[i] - v[i]));
                    }
                }
                out.add(new ArrayDiff(name, null, max, same));
            }
        }
        return out;
    }

    static List<FieldDiff> compareProvenance(Path a, Path b) throws IOException {
        Map<String, String> x = flatten(a);
        Map<String, String> y = flatten(b);
        List<FieldDiff> out = new ArrayList<>();
        for (String k : union(x.keySet(), y.keySet())) {
            String top = k.contains(".") ? k.substring(0, k.indexOf('.')) : k;
            if (!UNCOMPARED.contains(top) && !java.util.Objects.equals(x.get(k), y.get(k))) {
                out.add(new FieldDiff(k, x.get(k), y.get(k)));
            }
        }
        return out;
    }

    private static Map<String, String> flatten(Path json) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (Files.isRegularFile(json)) {
            flatten("", JSON.readTree(json.toFile()), out);
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            out.put(prefix, node.toString());
        } else {
            out.put(prefix, node.isNull() ? "null" : node.asText());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new TreeSet<>(a);
        s.addAll(b);
        return s;
    }

    /** Prints the comparison: metrics table, weights, provenance, and a verdict line. */
    public void print(PrintWriter out) {
        int width = Math.max(6, metrics.stream().mapToInt(m -> m.name().length()).max().orElse(6));
        out.println("metrics:");
        out.printf(Locale.ROOT, "  %-" + width + "s  %-24s %-24s %s%n", "metric", "original", "reproduced",
                "difference");
        for (MetricDiff m : metrics) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %-24s %-24s %s%n", m.name(), text(m.original()),
                    text(m.reproduced()), m.identical() ? "identical" : text(m.difference()));
        }
        long same = metrics.stream().filter(MetricDiff::identical).count();
        out.println(metricsIdentical() ? "metrics: identical (all " + metrics.size() + " bit for bit)"
                : "metrics: " + (metrics.size() - same) + " of " + metrics.size() + " differ");
        List<ArrayDiff> differing = differingArrays();
        if (differing.isEmpty()) {
            out.println("weights: identical (all " + arrays.size() + " arrays bit for bit)");
        } else {
            out.println("weights: " + differing.size() + " of " + arrays.size() + " arrays differ:");
            for (ArrayDiff d : differing) {
                out.println("  " + d.name() + ": " + (d.problem() != null ? d.problem()
                        : String.format(Locale.ROOT, "max |difference| = %s", d.maxAbsDifference())));
            }
        }
        if (provenance.isEmpty()) {
            out.println("provenance: the same (start, end and command not compared)");
        } else {
            out.println("provenance: " + provenance.size() + " field" + (provenance.size() == 1 ? "" : "s")
                    + " differ (start, end and command not compared):");
            for (FieldDiff f : provenance) {
                out.println("  " + f.field() + ": " + f.original() + " -> " + f.reproduced());
            }
        }
        out.println(identical() ? "identical: the reproduction has the same metrics and weights, bit for bit"
                : "DIFFERENT: the reproduction does not match the original");
    }

    private static String text(Double v) {
        return v == null ? "-" : Double.toString(v);
    }
}
