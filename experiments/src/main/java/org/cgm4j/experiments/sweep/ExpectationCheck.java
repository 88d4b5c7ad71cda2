package org.cgm4j.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.cgm4j.experiments.config.Expectation;
import org.cgm4j.experiments.config.FlowText;
import org.cgm4j.experiments.config.ReportConfig;
import org.cgm4j.experiments.config.SweepConfig;

/**
 * Judges {@link Expectation}s against the means over seeds of a sweep's configurations (a
 * definition without a sweep is one configuration): one {@link Result} per expectation and
 * configuration (per pair of neighbours for {@code ascending}). A figure that is missing (an
 * incomplete or failed run, a metric the runs do not report) fails.
 */
public final class ExpectationCheck {
    /**
     * One judgement.
     *
     * @param expectation the expectation, as written
     * @param where the configuration(s) it was judged at
     * @param measured the figure(s) measured: mean (± standard error over n seeds)
     * @param bound what the figure had to be
     * @param pass whether it was
     */
    public record Result(String expectation, String where, String measured, String bound, boolean pass) {}

    private ExpectationCheck() {}

    /** Judges every expectation against {@code aggregate}. */
    public static List<Result> evaluate(List<Expectation> expectations, SweepAggregate aggregate) {
        List<Result> out = new ArrayList<>();
        for (Expectation e : expectations) {
            String text = describe(e);
            List<SweepAggregate.Configuration> matching = aggregate.configurations().stream()
                    .filter(c -> matches(c, e.at())).toList();
            if (matching.isEmpty()) {
                out.add(new Result(text, FlowText.of(e.at()), "–", "a configuration of the sweep", false));
                continue;
            }
            if (e.within() != null) {
                double low = e.within().get(0);
                double high = e.within().get(1);
                for (SweepAggregate.Configuration c : matching) {
                    double m = aggregate.summary(c, e.metric()).mean();
                    out.add(new Result(text, c.label(), measured(aggregate, c, e.metric()),
                            "in [" + fmt(low) + ", " + fmt(high) + "]", m >= low && m <= high));
                }
            } else if (e.atMost() != null) {
                for (SweepAggregate.Configuration c : matching) {
                    double a = aggregate.summary(c, e.metric()).mean();
                    double b = aggregate.summary(c, e.atMost()).mean();
                    out.add(new Result(text, c.label(), measured(aggregate, c, e.metric()),
                            "<= " + e.atMost() + " = " + measured(aggregate, c, e.atMost()), a <= b));
                }
            } else {
                Map<Map<String, String>, Map<String, SweepAggregate.Configuration>> bySetting = new LinkedHashMap<>();
                for (SweepAggregate.Configuration c : matching) {
                    bySetting.computeIfAbsent(c.axisValues(), k -> new LinkedHashMap<>()).put(c.variant(), c);
                }
                bySetting.forEach((setting, variants) -> {
                    for (int i = 0; i + 1 < e.ascending().size(); i++) {
                        String lowName = e.ascending().get(i);
                        String highName = e.ascending().get(i + 1);
                        SweepAggregate.Configuration lo = variants.get(lowName);
                        SweepAggregate.Configuration hi = variants.get(highName);
                        String where = lowName + " < " + highName + (setting.isEmpty() ? "" : " at " + setting.entrySet()
                                .stream().map(s -> s.getKey() + "=" + s.getValue()).collect(Collectors.joining(", ")));
                        if (lo == null || hi == null) {
                            out.add(new Result(text, where, "–", "both variants in the sweep", false));
                            continue;
                        }
                        double a = aggregate.summary(lo, e.metric()).mean();
                        double b = aggregate.summary(hi, e.metric()).mean();
                        String measured = measured(aggregate, lo, e.metric()) + " vs " + measured(aggregate, hi,
                                e.metric());
                        String bound = e.margin() > 0 ? "lower by > " + fmt(e.margin()) : "lower";
                        out.add(new Result(text, where, measured, bound, a + e.margin() < b));
                    }
                });
            }
        }
        return out;
    }

    /** Whether every judgement passed (and there was at least one). */
    public static boolean passed(List<Result> results) {
        return !results.isEmpty() && results.stream().allMatch(Result::pass);
    }

    /** The results as a plain-text table, one line each: PASS/FAIL, expectation, where, measured, bound. */
    public static String table(List<Result> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "expectation", "at", "measured", "must be"});
        for (Result r : results) {
            rows.add(new String[] {r.pass() ? "PASS" : "FAIL", r.expectation(), r.where(), r.measured(), r.bound()});
        }
        int[] width = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < 5; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < 5; i++) {
                b.append(i == 4 ? row[i] : String.format(Locale.ROOT, "%-" + width[i] + "s  ", row[i]));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static boolean matches(SweepAggregate.Configuration c, Map<String, JsonNode> at) {
        for (Map.Entry<String, JsonNode> w : at.entrySet()) {
            JsonNode have = SweepConfig.VARIANT_KEY.equals(w.getKey()) ? TextNode.valueOf(c.variant())
                    : c.rows().get(0).run().axisValues().get(w.getKey());
            if (have == null) {
                return false;
            }
            JsonNode want = w.getValue();
            boolean any = false;
            if (want.isArray()) {
                for (JsonNode v : want) {
                    any |= ReportConfig.sameValue(have, v);
                }
            } else {
                any = ReportConfig.sameValue(have, want);
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static String measured(SweepAggregate aggregate, SweepAggregate.Configuration c, String metric) {
        SeedStatistics.Summary s = aggregate.summary(c, metric);
        if (s.n() == 0) {
            return "no value";
        }
        return s.n() == 1 ? fmt(s.mean()) : fmt(s.mean()) + " ± " + fmt(s.se()) + " (n " + s.n() + ")";
    }

    private static String describe(Expectation e) {
        String what = e.within() != null ? "within [" + fmt(e.within().get(0)) + ", " + fmt(e.within().get(1)) + "]"
                : e.atMost() != null ? "<= " + e.atMost()
                : "ascending " + String.join(" < ", e.ascending())
                        + (e.margin() > 0 ? " by > " + fmt(e.margin()) : "");
        return e.metric() + " " + what;
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : String.valueOf(v);
    }
}
