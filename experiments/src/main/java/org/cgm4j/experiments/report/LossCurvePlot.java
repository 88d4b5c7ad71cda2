package org.cgm4j.experiments.report;

import org.cgm4j.api.io.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws loss curves (one line per loss term, against the iteration) as a PNG with XChart, for the
 * plots in a run directory and its report. Runs headless: no display is needed.
 */
public final class LossCurvePlot {
    /** Picture width in pixels. */
    public static final int WIDTH = 900;

    /** Picture height in pixels. */
    public static final int HEIGHT = 500;

    /** The x axis title: history rows are placed by their global iteration. */
    public static final String X_LABEL = "iteration";

    static {
        Headless.ensure();
    }

    private LossCurvePlot() {}

    /**
     * Writes a line chart with one line per series.
     *
     * <p>Points whose x or y is not finite (a NaN loss, a moving average over one) are left out, as
     * are series with no finite point left; with none left at all the chart is written empty, with
     * "no finite values" in its title, so a report still finds its picture.
     *
     * @param series series name to {@code {x values, y values}} of one length, drawn in map order
     * @param title chart title
     * @param yLabel y axis title
     * @param png the file to write
     */
    public static void write(Map<String, double[][]> series, String title, String yLabel, Path png)
            throws IOException {
        Objects.requireNonNull(series, "series");
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title == null ? "" : title)
                .xAxisTitle(X_LABEL)
                .yAxisTitle(yLabel == null ? "" : yLabel)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setAntiAlias(true);
        int drawn = 0;
        double[][] first = null;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] xy = e.getValue();
            if (xy == null || xy.length != 2 || xy[0] == null || xy[1] == null || xy[0].length != xy[1].length) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' must be {x values, y values} of one"
                        + " length");
            }
            double[][] finite = finitePoints(xy[0], xy[1]);
            if (finite[0].length == 0) {
                continue;
            }
            XYSeries s = chart.addSeries(e.getKey(), finite[0], finite[1]);
            s.setMarker(SeriesMarkers.NONE);
            if (first == null) {
                first = finite;
            }
            drawn++;
        }
        if (first != null) {
            breakEqualSpacing(chart, first, hiddenName(series.keySet()));
        }
        if (drawn == 0) {
            chart.setTitle((title == null || title.isEmpty() ? "" : title + ": ") + "no finite values");
            // XChart cannot lay out axes without data; an invisible point keeps the frame.
            XYSeries s = chart.addSeries(hiddenName(series.keySet()), new double[] {0}, new double[] {0});
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
            chart.getStyler().setLegendVisible(false);
        }
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, bytes);
    }

    /**
     * XChart 3.8 puts the x ticks on data points when all x values are equally spaced, as
     * iterations are: ticks at 0, 17, 34, ... instead of 0, 2,000, 4,000. One invisible point off
     * that grid, between the first two x values, restores round ticks without moving the axes.
     */
    private static void breakEqualSpacing(XYChart chart, double[][] xy, String name) {
        double[] x = xy[0];
        for (int i = 1; i < x.length; i++) {
            if (x[i] != x[0]) {
                XYSeries hidden = chart.addSeries(name, new double[] {(x[0] + x[i]) / 2},
                        new double[] {xy[1][0]});
                hidden.setMarker(SeriesMarkers.NONE);
                hidden.setShowInLegend(false);
                return;
            }
        }
    }

    /** A name for an invisible series that no series has (XChart needs unique names). */
    private static String hiddenName(Set<String> taken) {
        String name = " ";
        while (taken.contains(name)) {
            name += " ";
        }
        return name;
    }

    /**
     * Reads a {@code history.csv} as written by {@link HistoryWriter} and returns one series per
     * value column (e.g. {@code train/kl}), in column order: x is the iteration of each row that
     * fills the column, y the trailing moving average of the column's last {@code smoothingWindow}
     * values (fewer at the start). Columns no row fills are left out.
     *
     * @param historyCsv the history file
     * @param smoothingWindow values averaged per point; 1 (or less) for the raw values
     */
    public static Map<String, double[][]> fromHistory(Path historyCsv, int smoothingWindow) throws IOException {
        int window = Math.max(1, smoothingWindow);
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .build();
        try (Reader reader = Files.newBufferedReader(historyCsv, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            if (!header.contains(HistoryWriter.ITERATION)) {
                throw new IOException(historyCsv + ": no '" + HistoryWriter.ITERATION + "' column in header " + header);
            }
            List<String> valueColumns = header.stream()
                    .filter(h -> !HistoryWriter.FIXED_COLUMNS.contains(h))
                    .toList();
            for (String c : valueColumns) {
                points.put(c, new ArrayList<>());
            }
            for (CSVRecord rec : parser) {
                double iteration = Double.parseDouble(rec.get(HistoryWriter.ITERATION));
                for (String c : valueColumns) {
                    String cell = rec.isSet(c) ? rec.get(c) : "";
                    if (!cell.isEmpty()) {
                        points.get(c).add(new double[] {iteration, Double.parseDouble(cell)});
                    }
                }
            }
        } catch (NumberFormatException | IllegalStateException e) {
            throw new IOException(historyCsv + ": " + e.getMessage(), e);
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        points.forEach((name, pts) -> {
            if (!pts.isEmpty()) {
                series.put(name, smooth(pts, window));
            }
        });
        return series;
    }

    static double[][] smooth(List<double[]> pts, int window) {
        int n = pts.size();
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = pts.get(i)[0];
            // Summed afresh per point (not a running sum): a NaN or an infinity spoils only the
            // points whose window holds it, and no rounding error builds up over a long run.
            int from = Math.max(0, i - window + 1);
            double sum = 0;
            for (int j = from; j <= i; j++) {
                sum += pts.get(j)[1];
            }
            y[i] = sum / (i - from + 1);
        }
        return new double[][] {x, y};
    }

    private static double[][] finitePoints(double[] x, double[] y) {
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                n++;
            }
        }
        double[] fx = new double[n];
        double[] fy = new double[n];
        int j = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                fx[j] = x[i];
                fy[j] = y[i];
                j++;
            }
        }
        return new double[][] {fx, fy};
    }
}
