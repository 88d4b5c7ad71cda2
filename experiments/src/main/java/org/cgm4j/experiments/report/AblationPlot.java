package org.cgm4j.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import org.cgm4j.api.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * An ablation plot: a metric against the values of one swept setting, one line per variant (or
 * other group), each point a mean over seeds with its 95% interval as an error bar. Written as a
 * PNG (XChart, headless) and as an SVG of its own drawing, in which every line is one {@code
 * <polyline class="line">} and every error bar one {@code <line class="error-bar">}.
 *
 * <p>The x values are either numbers placed at their values, or categories placed evenly in the
 * order given ({@link #ordinal}); a point without an interval (one seed) is drawn without a bar.
 */
public final class AblationPlot {
    /** Picture width in pixels. */
    public static final int WIDTH = 800;
    /** Picture height in pixels. */
    public static final int HEIGHT = 500;

    /** Line colours, in order (colour-blind friendly). */
    static final Color[] COLORS = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};

    static {
        Headless.ensure();
    }

    /**
     * One line: its points in x order.
     *
     * @param name the legend's text
     * @param x the points' x positions (values, or indices into the tick labels for an ordinal axis)
     * @param mean the points' means
     * @param halfWidth half the 95% interval of each point; NaN for a point without one
     */
    public record Line(String name, double[] x, double[] mean, double[] halfWidth) {
        /** Checks and copies. */
        public Line {
            Objects.requireNonNull(name, "name");
            if (x.length != mean.length || x.length != halfWidth.length) {
                throw new IllegalArgumentException("line '" + name + "': x, mean and halfWidth must have one length");
            }
            x = x.clone();
            mean = mean.clone();
            halfWidth = halfWidth.clone();
        }
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<String> categories;
    private final List<Line> lines;

    private AblationPlot(String title, String xLabel, String yLabel, List<String> categories, List<Line> lines) {
        this.title = title == null ? "" : title;
        this.xLabel = xLabel == null ? "" : xLabel;
        this.yLabel = yLabel == null ? "" : yLabel;
        this.categories = categories == null ? null : List.copyOf(categories);
        this.lines = List.copyOf(lines);
        for (Line l : this.lines) {
            for (double v : l.mean()) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("line '" + l.name() + "' has a mean that is not finite");
                }
            }
        }
    }

    /** A plot whose x values are numbers, placed at their values. */
    public static AblationPlot linear(String title, String xLabel, String yLabel, List<Line> lines) {
        return new AblationPlot(title, xLabel, yLabel, null, lines);
    }

    /**
     * A plot whose x values are {@code categories}, placed evenly in order; a line's x are indices
     * into them.
     */
    public static AblationPlot ordinal(String title, String xLabel, String yLabel, List<String> categories,
            List<Line> lines) {
        for (Line l : lines) {
            for (double x : l.x()) {
                if (x != Math.rint(x) || x < 0 || x >= categories.size()) {
                    throw new IllegalArgumentException("line '" + l.name() + "' has x " + x + ", not an index into"
                            + " the " + categories.size() + " categories");
                }
            }
        }
        return new AblationPlot(title, xLabel, yLabel, categories, lines);
    }

    /** The lines, in order. */
    public List<Line> lines() {
        return lines;
    }

    /** Writes the PNG. */
    public void writePng(Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setAntiAlias(true);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setSeriesColors(COLORS);
        chart.getStyler().setLegendVisible(lines.size() > 1);
        if (categories != null) {
            chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
                long i = Math.round(v);
                return Math.abs(v - i) < 1e-9 && i >= 0 && i < categories.size() ? categories.get((int) i) : "";
            });
        }
        double[] range = yRange();
        if (range != null) {
            double[] t = ticks(range[0], range[1]);
            chart.getStyler().setYAxisMin(t[0]);
            chart.getStyler().setYAxisMax(t[t.length - 1]);
            chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> number(
                    BigDecimal.valueOf(v).round(new MathContext(6)).doubleValue()));
        }
        int drawn = 0;
        for (Line l : lines) {
            if (l.x().length == 0) {
                continue;
            }
            double[] bars = new double[l.halfWidth().length];
            for (int i = 0; i < bars.length; i++) {
                bars[i] = Double.isFinite(l.halfWidth()[i]) ? l.halfWidth()[i] : 0;
            }
            XYSeries s = chart.addSeries(l.name(), l.x(), l.mean(), bars);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(2f));
            drawn++;
        }
        if (drawn == 0) {
            chart.setTitle((title.isEmpty() ? "" : title + ": ") + "no values");
            XYSeries s = chart.addSeries(" ", new double[] {0}, new double[] {0});
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
            chart.getStyler().setLegendVisible(false);
        }
        AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    /** The lowest and highest end of the error bars (or means), null without points. */
    private double[] yRange() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            for (int i = 0; i < l.x().length; i++) {
                double h = Double.isFinite(l.halfWidth()[i]) ? l.halfWidth()[i] : 0;
                lo = Math.min(lo, l.mean()[i] - h);
                hi = Math.max(hi, l.mean()[i] + h);
            }
        }
        return Double.isFinite(lo) ? new double[] {lo, hi} : null;
    }

    /** Writes the SVG. */
    public void writeSvg(Path svg) throws IOException {
        AtomicFiles.writeString(svg, svg());
    }

    // ---------------------------------------------------------------------------------------------
    // SVG

    private static final int LEFT = 80;
    /** The right margin with a legend (more than one line), and without. */
    private static final int RIGHT_LEGEND = 190;
    private static final int RIGHT_PLAIN = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    /** The SVG document. */
    public String svg() {
        double xMin;
        double xMax;
        double[] range = yRange();
        double yMin = range == null ? Double.POSITIVE_INFINITY : range[0];
        double yMax = range == null ? Double.NEGATIVE_INFINITY : range[1];
        double dataXMin = Double.POSITIVE_INFINITY;
        double dataXMax = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            for (double x : l.x()) {
                dataXMin = Math.min(dataXMin, x);
                dataXMax = Math.max(dataXMax, x);
            }
        }
        boolean empty = range == null;
        if (empty) {
            yMin = 0;
            yMax = 1;
            dataXMin = 0;
            dataXMax = 1;
        }
        double[] yTicks = ticks(yMin, yMax);
        yMin = Math.min(yMin, yTicks[0]);
        yMax = Math.max(yMax, yTicks[yTicks.length - 1]);
        if (yMax == yMin) {
            yMin -= 1;
            yMax += 1;
            yTicks = ticks(yMin, yMax);
        }
        List<double[]> xTicks = new ArrayList<>(); // position, and index into categories (or NaN)
        if (categories != null) {
            xMin = -0.5;
            xMax = categories.size() - 0.5;
            for (int i = 0; i < categories.size(); i++) {
                xTicks.add(new double[] {i, i});
            }
        } else {
            double[] t = ticks(dataXMin, dataXMax);
            double pad = (dataXMax - dataXMin) * 0.05;
            xMin = dataXMin - (pad == 0 ? 1 : pad);
            xMax = dataXMax + (pad == 0 ? 1 : pad);
            for (double v : t) {
                if (v >= xMin && v <= xMax) {
                    xTicks.add(new double[] {v, Double.NaN});
                }
            }
        }
        boolean legend = lines.size() > 1;
        int right = legend ? RIGHT_LEGEND : RIGHT_PLAIN;
        double plotW = WIDTH - LEFT - right;
        double plotH = HEIGHT - TOP - BOTTOM;
        final double x0 = xMin;
        final double xSpan = xMax - xMin;
        final double y0 = yMin;
        final double ySpan = yMax - yMin;
        DoubleUnaryOperator px = v -> LEFT + (v - x0) / xSpan * plotW;
        DoubleUnaryOperator py = v -> TOP + plotH - (v - y0) / ySpan * plotH;

        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("<title>").append(Markup.escape(title)).append("</title>\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text class=\"title\" x=\"").append(WIDTH / 2).append("\" y=\"24\" text-anchor=\"middle\""
                + " font-size=\"15\">").append(Markup.escape(empty ? title + (title.isEmpty() ? "" : ": ") + "no values"
                        : title)).append("</text>\n");
        // frame and grid
        s.append("<g class=\"axes\" stroke=\"#888\" fill=\"none\">\n");
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\"/>%n", LEFT, TOP,
                plotW, plotH));
        for (double t : yTicks) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.2f\" y1=\"%.2f\" y2=\"%.2f\""
                    + " stroke=\"#ddd\"/>%n", LEFT, LEFT + plotW, py.applyAsDouble(t), py.applyAsDouble(t)));
        }
        s.append("</g>\n<g class=\"tick-labels\" fill=\"#333\">\n");
        for (double t : yTicks) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.2f\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 6, py.applyAsDouble(t) + 4, Markup.escape(number(t))));
        }
        for (double[] t : xTicks) {
            String label = Double.isNaN(t[1]) ? number(t[0]) : categories.get((int) t[1]);
            s.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>%n",
                    px.applyAsDouble(t[0]), TOP + plotH + 18, Markup.escape(label)));
        }
        s.append("</g>\n");
        s.append(String.format(Locale.ROOT, "<text class=\"x-label\" x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%s"
                + "</text>%n", LEFT + plotW / 2, HEIGHT - 14, Markup.escape(xLabel)));
        s.append(String.format(Locale.ROOT, "<text class=\"y-label\" x=\"18\" y=\"%.0f\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 18 %.0f)\">%s</text>%n", TOP + plotH / 2, TOP + plotH / 2, Markup.escape(yLabel)));
        // lines, bars, markers, legend
        for (int k = 0; k < lines.size(); k++) {
            Line l = lines.get(k);
            String color = hex(COLORS[k % COLORS.length]);
            s.append("<g class=\"series\" data-name=\"").append(Markup.escape(l.name())).append("\">\n");
            s.append("<polyline class=\"line\" fill=\"none\" stroke-width=\"2\" stroke=\"").append(color)
                    .append("\" points=\"");
            for (int i = 0; i < l.x().length; i++) {
                s.append(String.format(Locale.ROOT, "%s%.2f,%.2f", i == 0 ? "" : " ", px.applyAsDouble(l.x()[i]),
                        py.applyAsDouble(l.mean()[i])));
            }
            s.append("\"/>\n");
            for (int i = 0; i < l.x().length; i++) {
                double x = px.applyAsDouble(l.x()[i]);
                double h = l.halfWidth()[i];
                if (Double.isFinite(h)) {
                    double lo = py.applyAsDouble(l.mean()[i] - h);
                    double hi = py.applyAsDouble(l.mean()[i] + h);
                    s.append(String.format(Locale.ROOT, "<line class=\"error-bar\" x1=\"%.2f\" x2=\"%.2f\""
                            + " y1=\"%.2f\" y2=\"%.2f\" stroke=\"%s\"/>%n", x, x, lo, hi, color));
                    for (double end : new double[] {lo, hi}) {
                        s.append(String.format(Locale.ROOT, "<line class=\"error-cap\" x1=\"%.2f\" x2=\"%.2f\""
                                + " y1=\"%.2f\" y2=\"%.2f\" stroke=\"%s\"/>%n", x - 4, x + 4, end, end, color));
                    }
                }
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3.5\" fill=\"%s\"/>%n", x,
                        py.applyAsDouble(l.mean()[i]), color));
            }
            s.append("</g>\n");
            if (!legend) {
                continue;
            }
            double ly = TOP + 10 + 20 * k;
            s.append(String.format(Locale.ROOT, "<g class=\"legend\"><line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\""
                    + " y2=\"%.0f\" stroke=\"%s\" stroke-width=\"2\"/><text x=\"%.0f\" y=\"%.0f\">%s</text></g>%n",
                    WIDTH - right + 15.0, WIDTH - right + 35.0, ly, ly, color, WIDTH - right + 40.0, ly + 4,
                    Markup.escape(l.name())));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** About five round tick values covering [lo, hi]. */
    static double[] ticks(double lo, double hi) {
        if (hi <= lo) {
            double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= d;
            hi += d;
        }
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / mag;
        double step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
        double start = Math.floor(lo / step) * step;
        double end = Math.ceil(hi / step) * step;
        int n = (int) Math.round((end - start) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = BigDecimal.valueOf(start + i * step).round(new MathContext(12)).doubleValue();
        }
        return t;
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

}
