package org.cgm4j.experiments.sweep;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.cgm4j.experiments.config.FlowText;
import org.cgm4j.experiments.config.ReportConfig;
import org.cgm4j.experiments.config.SweepConfig;
import org.cgm4j.experiments.report.Markup;
import org.cgm4j.experiments.run.RunDirectory;

/**
 * The sweep's HTML report, {@code summary/index.html}: one self-contained page (inline style, no
 * network, a few lines of inline script) that shows the sweep's name and command, the ablation
 * plots, the statistics over seeds and the tests against the reference configuration, the table
 * of runs with links to their directories, the pictures per setting and each run's sample grids.
 * Images are linked relatively ({@code ../<run>/samples/samples.png}), so the page works from the
 * file system wherever the runs folder is moved. All text is escaped.
 *
 * <p>On load the script counts the images that loaded ({@code naturalWidth > 0}) and writes the
 * count into the element {@value #IMAGE_CHECK_ID} (attributes {@code data-loaded} and {@code
 * data-total}), which a reader sees and a headless browser test checks.
 */
final class SweepHtml {
    /** The id of the element that reports how many images loaded. */
    static final String IMAGE_CHECK_ID = "image-check";

    /** The sample grids of a run directory shown, when present. */
    static final List<String> RUN_PICTURES = List.of(RunDirectory.SAMPLES, RunDirectory.PREDICTIONS,
            RunDirectory.RECONSTRUCTIONS);

    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 1200px; padding: 0 1em;
                   color: #222; line-height: 1.4; }
            h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { font-size: 1.05em; }
            pre { background: #f5f5f5; padding: .6em; overflow-x: auto; white-space: pre-wrap; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; margin: .5em 0 1em; font-size: .9em; }
            th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: right; white-space: nowrap; }
            th { background: #f0f0f0; } td.text, th.text { text-align: left; }
            tr.reference td { background: #eef5ff; }
            .status-complete { color: #176117; } .status-incomplete, .status-missing { color: #a33; }
            figure { display: inline-block; margin: .5em 1em 1em 0; vertical-align: top; }
            figure img { max-width: 100%; border: 1px solid #ddd; image-rendering: pixelated; }
            figure.plot { max-width: 620px; } figure.plot img { image-rendering: auto; }
            figcaption { font-size: .85em; color: #555; }
            img.broken { outline: 3px solid #c00; }
            #image-check { font-size: .9em; color: #555; }
            .note { color: #555; font-size: .9em; }
            """;

    private static final String SCRIPT = """
            window.addEventListener('load', function () {
              var images = document.images, loaded = 0;
              for (var i = 0; i < images.length; i++) {
                if (images[i].complete && images[i].naturalWidth > 0) { loaded++; } else { images[i].classList.add('broken'); }
              }
              var p = document.getElementById('image-check');
              p.setAttribute('data-loaded', String(loaded));
              p.setAttribute('data-total', String(images.length));
              p.textContent = loaded + ' of ' + images.length + ' images loaded'
                  + (loaded === images.length ? '.' : ' (missing ones are outlined in red).');
            });
            """;

    private final SweepPlan plan;
    private final SweepSummary summary;
    private final SweepAggregate aggregate;
    private final List<SweepPictures.Picture> pictures;
    private final List<SweepReport.Plot> plots;
    private final List<String> command;
    private final Path dir;
    private final int decimals;

    SweepHtml(SweepPlan plan, SweepSummary summary, SweepAggregate aggregate, List<SweepPictures.Picture> pictures,
            List<SweepReport.Plot> plots, List<String> command, Path dir) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.summary = Objects.requireNonNull(summary, "summary");
        this.aggregate = Objects.requireNonNull(aggregate, "aggregate");
        this.pictures = List.copyOf(pictures);
        this.plots = List.copyOf(plots);
        this.command = List.copyOf(command);
        this.dir = dir;
        this.decimals = plan.report().map(ReportConfig::decimals).orElse(ReportConfig.DEFAULT_DECIMALS);
    }

    /** The metrics shown first: the table's metric and the plotted ones, else every metric without its own error. */
    List<String> featuredMetrics() {
        Set<String> out = new LinkedHashSet<>();
        plan.report().ifPresentOrElse(r -> {
            out.add(r.metric());
            out.addAll(r.plottedMetrics());
        }, () -> aggregate.metrics().stream().filter(m -> !m.endsWith(SweepSummary.SE_SUFFIX)).forEach(out::add));
        return List.copyOf(out);
    }

    /** The page. */
    String html() {
        StringBuilder h = new StringBuilder();
        String title = plan.report().map(ReportConfig::title).filter(Objects::nonNull)
                .orElse("Sweep " + plan.experiment());
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        h.append("<p>Experiment <code>").append(esc(plan.experiment())).append("</code>");
        String description = plan.base().definition().description();
        if (description != null && !description.isBlank()) {
            h.append(": ").append(esc(description.strip()));
        }
        h.append("</p>\n");
        h.append("<p>Command:</p>\n<pre id=\"command\">").append(esc(String.join(" ", quoted(command))))
                .append("</pre>\n");
        long complete = summary.rows().stream().filter(SweepSummary.Row::complete).count();
        h.append("<p id=\"runs-status\">Runs: ").append(complete).append(" of ").append(summary.rows().size())
                .append(" complete; ").append(plan.variants().size()).append(" variant(s) x ")
                .append(plan.sweep().combinations().size()).append(" setting(s) x ").append(plan.seeds().size())
                .append(" seed(s) ").append(esc(plan.seeds().toString())).append(".</p>\n");
        h.append("<p id=\"").append(IMAGE_CHECK_ID).append("\">Image check pending (needs script).</p>\n");
        h.append("<p class=\"note\">Files: ");
        List<String> files = new ArrayList<>(List.of(SweepSummary.CSV, SweepAggregate.AGGREGATE,
                SweepAggregate.COMPARISONS));
        if (plan.report().isPresent()) {
            files.add(SweepSummary.MARKDOWN);
        }
        for (int i = 0; i < files.size(); i++) {
            h.append(i == 0 ? "" : ", ").append(link(files.get(i), files.get(i)));
        }
        h.append(".</p>\n");

        plots(h);
        statistics(h);
        runs(h);
        settingPictures(h);
        samples(h);
        h.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private void plots(StringBuilder h) {
        if (plots.isEmpty()) {
            return;
        }
        h.append("<h2 id=\"plots\">Ablation plots</h2>\n<p class=\"note\">Each point is the mean over the seeds of"
                + " a configuration; error bars are 95% confidence intervals from Student's t (none with one"
                + " seed).</p>\n");
        for (SweepReport.Plot p : plots) {
            h.append("<figure class=\"plot\">").append(img(rel(p.png()), p.metric())).append("<figcaption>")
                    .append(esc(p.metric())).append(" (").append(link(rel(p.png()), "PNG")).append(", ")
                    .append(link(rel(p.svg()), "SVG")).append(")</figcaption></figure>\n");
        }
    }

    private void statistics(StringBuilder h) {
        List<String> featured = featuredMetrics();
        SweepAggregate.Configuration reference = aggregate.reference();
        h.append("<h2 id=\"aggregate\">Statistics over seeds and comparisons</h2>\n");
        h.append("<p class=\"note\">Per configuration: n complete runs reporting the metric, the mean ± its"
                + " standard error, the 95% confidence interval from Student's t with n - 1 degrees of freedom, and"
                + " the standard deviation; with n = 1 there is no spread and no interval (–). ");
        if (reference != null) {
            h.append("Difference and p: against the reference at the same setting of the other axes (")
                    .append(esc(referenceRule())).append("; <b>").append(esc(reference.label()))
                    .append("</b> is one, chosen by ").append(esc(aggregate.referenceNote()))
                    .append("), p from Welch's unequal-variance t-test (two-sided) over seeds; it needs two or more"
                            + " seeds on each side.");
        }
        h.append("</p>\n");
        for (String m : featured) {
            metricTable(h, m);
        }
        List<String> others = aggregate.metrics().stream().filter(m -> !featured.contains(m)).toList();
        if (!others.isEmpty()) {
            h.append("<details><summary>The other metrics (").append(others.size()).append(")</summary>\n");
            for (String m : others) {
                metricTable(h, m);
            }
            h.append("</details>\n");
        }
    }

    /** How each configuration's reference is chosen, in words. */
    private String referenceRule() {
        Map<String, com.fasterxml.jackson.databind.JsonNode> compareTo =
                plan.report().map(ReportConfig::compareTo).orElse(Map.of());
        if (!plan.sweep().variants().isEmpty()) {
            String variant = compareTo.containsKey(SweepConfig.VARIANT_KEY)
                    ? compareTo.get(SweepConfig.VARIANT_KEY).asText()
                    : plan.sweep().variants().keySet().iterator().next();
            return "each configuration against " + variant + " at the same axis values";
        }
        return plan.axes().isEmpty() ? "one configuration" : "each configuration against " + plan.axes().get(0)
                + " = " + FlowText.of(compareTo.getOrDefault(plan.axes().get(0),
                        plan.sweep().axes().get(plan.axes().get(0)).get(0))) + " at the same other axis values";
    }

    private void metricTable(StringBuilder h, String metric) {
        h.append("<h3>").append(esc(metric)).append("</h3>\n");
        if (!aggregate.metrics().contains(metric)) {
            h.append("<p>No complete run reported <code>").append(esc(metric)).append("</code>.</p>\n");
            return;
        }
        h.append("<div class=\"scroll\"><table class=\"aggregate\" data-metric=\"").append(esc(metric))
                .append("\">\n<tr><th class=\"text\">configuration</th><th>n</th><th>mean ± SE</th><th>95% CI</th>"
                        + "<th>sd</th><th>difference</th><th>Welch p</th></tr>\n");
        for (SweepAggregate.Configuration c : aggregate.configurations()) {
            SeedStatistics.Summary s = aggregate.summary(c, metric);
            SweepAggregate.Configuration ref = aggregate.referenceOf(c);
            boolean isRef = c == ref;
            h.append("<tr").append(isRef ? " class=\"reference\"" : "").append("><td class=\"text\">")
                    .append(esc(c.label())).append(isRef ? " (reference)" : "").append("</td><td>").append(s.n())
                    .append("</td><td>");
            if (s.n() == 0) {
                h.append(SweepSummary.NO_VALUE);
            } else {
                h.append(fmt(s.mean())).append(s.hasInterval() ? " ± " + fmt(s.se()) : "");
            }
            h.append("</td><td>").append(s.hasInterval() ? "[" + fmt(s.ciLow()) + ", " + fmt(s.ciHigh()) + "]"
                    : SweepSummary.NO_VALUE).append("</td><td>")
                    .append(s.hasInterval() ? fmt(s.sd()) : SweepSummary.NO_VALUE).append("</td><td>");
            if (isRef || ref == null) {
                h.append("</td><td></td></tr>\n");
                continue;
            }
            SeedStatistics.Comparison t = aggregate.compare(c, metric);
            h.append(Double.isFinite(t.difference()) ? fmt(t.difference()) + " vs " + esc(ref.label())
                    : SweepSummary.NO_VALUE).append("</td>");
            h.append("<td title=\"").append(esc(t.note())).append("\">")
                    .append(Double.isFinite(t.p()) ? String.format(Locale.ROOT, "%.3g", t.p()) : SweepSummary.NO_VALUE)
                    .append("</td></tr>\n");
        }
        h.append("</table></div>\n");
    }

    private void runs(StringBuilder h) {
        List<String> metrics = featuredMetrics();
        h.append("<h2 id=\"runs\">Runs</h2>\n<p class=\"note\">Every metric of every run is in ")
                .append(link(SweepSummary.CSV, SweepSummary.CSV)).append(" (with the metrics' own standard errors"
                        + " over test examples).</p>\n");
        h.append("<div class=\"scroll\"><table class=\"runs\">\n<tr><th class=\"text\">run</th>"
                + "<th class=\"text\">status</th><th>seed</th>");
        metrics.forEach(m -> h.append("<th>").append(esc(m)).append("</th>"));
        h.append("<th>train s</th><th>eval s</th></tr>\n");
        for (SweepSummary.Row r : summary.rows()) {
            String name = r.directory().path().getFileName().toString();
            h.append("<tr><td class=\"text\">");
            if (!SweepSummary.MISSING.equals(r.status())) { // it has a directory
                h.append(link("../" + name + "/", r.run().label()));
            } else {
                h.append(esc(r.run().label()));
            }
            h.append("</td><td class=\"text status-").append(esc(r.status())).append("\">").append(esc(r.status()))
                    .append("</td><td>").append(r.run().seed()).append("</td>");
            for (String m : metrics) {
                Double v = r.metrics().get(m);
                h.append("<td>").append(v == null ? SweepSummary.NO_VALUE : fmt(v)).append("</td>");
            }
            for (String p : List.of("trainSeconds", "evalSeconds")) {
                Double v = r.performance().get(p);
                h.append("<td>").append(v == null ? SweepSummary.NO_VALUE : String.format(Locale.ROOT, "%.1f", v))
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table></div>\n");
    }

    private void settingPictures(StringBuilder h) {
        if (pictures.isEmpty()) {
            return;
        }
        h.append("<h2 id=\"pictures\">Pictures per setting</h2>\n");
        for (SweepPictures.Picture p : pictures) {
            String caption = plan.displayName(p.setting());
            h.append("<figure>").append(img(rel(p.file()), caption)).append("<figcaption><b>").append(esc(caption))
                    .append("</b>; rows, top to bottom: ").append(esc(String.join("; ", p.rows())))
                    .append("</figcaption></figure>\n");
        }
    }

    private void samples(StringBuilder h) {
        h.append("<h2 id=\"samples\">Samples per run</h2>\n");
        int shown = 0;
        for (SweepSummary.Row r : summary.rows()) {
            Path run = r.directory().path();
            List<String> present = RUN_PICTURES.stream().filter(f -> Files.isRegularFile(run.resolve(f))).toList();
            if (present.isEmpty()) {
                continue;
            }
            String name = run.getFileName().toString();
            h.append("<h3>").append(link("../" + name + "/", r.run().label())).append("</h3>\n");
            for (String f : present) {
                String src = "../" + name + "/" + f;
                h.append("<figure>").append(img(src, r.run().label() + ": " + f)).append("<figcaption>")
                        .append(esc(f)).append("</figcaption></figure>\n");
            }
            shown++;
        }
        if (shown == 0) {
            h.append("<p>No run has sample pictures yet.</p>\n");
        }
    }

    private static String img(String src, String alt) {
        return "<img src=\"" + esc(href(src)) + "\" alt=\"" + esc(alt) + "\" loading=\"eager\">";
    }

    private static String link(String target, String text) {
        return "<a href=\"" + esc(href(target)) + "\">" + esc(text) + "</a>";
    }

    private String rel(Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    private String fmt(double v) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static List<String> quoted(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            out.add(a.isEmpty() || !a.matches("[A-Za-z0-9_./=,:@%+-]+") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return out;
    }

    /** A relative path as a URL path: every byte outside a safe set percent-encoded, '/' kept. */
    static String href(String path) {
        StringBuilder b = new StringBuilder();
        for (byte c : path.getBytes(StandardCharsets.UTF_8)) {
            int u = c & 0xff;
            if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || "-._~/=,+".indexOf(u) >= 0) {
                b.append((char) u);
            } else {
                b.append('%').append(String.format(Locale.ROOT, "%02X", u));
            }
        }
        return b.toString();
    }

    /** Text escaped for HTML content and quoted attribute values. */
    static String esc(String text) {
        return Markup.escape(text);
    }
}
