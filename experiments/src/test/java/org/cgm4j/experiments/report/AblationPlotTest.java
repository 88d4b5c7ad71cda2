package org.cgm4j.experiments.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Ablation plots as PNG and SVG: the files decode, and the SVG has one polyline per line and its error bars. */
class AblationPlotTest {
    static final double NA = Double.NaN;

    static Document parse(Path svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(svg.toFile());
    }

    static int count(Document d, String element, String cssClass) {
        NodeList nodes = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", element);
        int n = 0;
        for (int i = 0; i < nodes.getLength(); i++) {
            if (cssClass.equals(((Element) nodes.item(i)).getAttribute("class"))) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aLinearPlotWritesAPngOfItsSizeAndAnSvgWithOneLinePerSeriesAndItsBars(@TempDir Path dir) throws Exception {
        AblationPlot plot = AblationPlot.linear("negative CLL vs alpha <&>", "loss.alpha", "test/negativeCll",
                List.of(new AblationPlot.Line("hybrid", new double[] {0, 0.5, 1}, new double[] {80, 75, 78},
                                new double[] {2, 1.5, NA}),
                        new AblationPlot.Line("cvae \"x\"", new double[] {0, 1}, new double[] {90, 85},
                                new double[] {3, 3})));
        Path png = dir.resolve("p.png");
        Path svg = dir.resolve("p.svg");
        plot.writePng(png);
        plot.writeSvg(svg);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(AblationPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(AblationPlot.HEIGHT);

        Document d = parse(svg);
        assertThat(d.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(count(d, "polyline", "line")).isEqualTo(2);
        assertThat(count(d, "line", "error-bar")).isEqualTo(4); // the point without an interval has none
        assertThat(count(d, "line", "error-cap")).isEqualTo(8);
        assertThat(d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "circle").getLength()).isEqualTo(5);
        NodeList polylines = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
        assertThat(((Element) polylines.item(0)).getAttribute("points").split(" ")).hasSize(3);
        assertThat(d.getDocumentElement().getTextContent()).contains("negative CLL vs alpha <&>")
                .contains("cvae \"x\"");
    }

    @Test
    void theErrorBarSpansTheIntervalAroundTheMean(@TempDir Path dir) throws Exception {
        // one point with mean 10 and half width 2: the bar's ends lie symmetric about the marker,
        // and a second point of mean 20 lies above it
        AblationPlot plot = AblationPlot.linear("t", "x", "y", List.of(new AblationPlot.Line("a",
                new double[] {1, 2}, new double[] {10, 20}, new double[] {2, NA})));
        Path svg = dir.resolve("p.svg");
        plot.writeSvg(svg);
        Document d = parse(svg);
        Element bar = (Element) d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "line").item(
                indexOfClass(d, "error-bar"));
        Element marker = (Element) d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "circle").item(0);
        Element upper = (Element) d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "circle").item(1);
        double y1 = Double.parseDouble(bar.getAttribute("y1"));
        double y2 = Double.parseDouble(bar.getAttribute("y2"));
        double cy = Double.parseDouble(marker.getAttribute("cy"));
        assertThat((y1 + y2) / 2).isCloseTo(cy, within(0.02));
        assertThat(y1).isGreaterThan(y2); // SVG's y grows downwards: the lower end is further down
        assertThat(Double.parseDouble(upper.getAttribute("cy"))).isLessThan(cy);
        assertThat(bar.getAttribute("x1")).isEqualTo(marker.getAttribute("cx"));
    }

    private static int indexOfClass(Document d, String cssClass) {
        NodeList nodes = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "line");
        for (int i = 0; i < nodes.getLength(); i++) {
            if (cssClass.equals(((Element) nodes.item(i)).getAttribute("class"))) {
                return i;
            }
        }
        throw new AssertionError("no line of class " + cssClass);
    }

    @Test
    void anOrdinalPlotLabelsItsCategoriesInOrder(@TempDir Path dir) throws Exception {
        AblationPlot plot = AblationPlot.ordinal("t", "variant", "y", List.of("b", "a", "c"),
                List.of(new AblationPlot.Line("all", new double[] {0, 1, 2}, new double[] {1, 2, 3},
                        new double[] {NA, NA, NA})));
        plot.writePng(dir.resolve("p.png"));
        plot.writeSvg(dir.resolve("p.svg"));
        assertThat(ImageIO.read(dir.resolve("p.png").toFile()).getWidth()).isEqualTo(AblationPlot.WIDTH);
        Document d = parse(dir.resolve("p.svg"));
        assertThat(count(d, "line", "error-bar")).isZero();
        NodeList texts = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            String t = texts.item(i).getTextContent();
            if (List.of("a", "b", "c").contains(t)) {
                categories.add(t);
            }
        }
        assertThat(categories).containsExactly("b", "a", "c");
        assertThatThrownBy(() -> AblationPlot.ordinal("t", "x", "y", List.of("a"), List.of(new AblationPlot.Line("l",
                new double[] {1}, new double[] {1}, new double[] {NA})))).hasMessageContaining("not an index");
    }

    @Test
    void aPlotWithoutPointsIsStillWritten(@TempDir Path dir) throws Exception {
        AblationPlot plot = AblationPlot.linear("empty", "x", "y", List.of());
        plot.writePng(dir.resolve("p.png"));
        plot.writeSvg(dir.resolve("p.svg"));
        assertThat(ImageIO.read(dir.resolve("p.png").toFile()).getHeight()).isEqualTo(AblationPlot.HEIGHT);
        assertThat(parse(dir.resolve("p.svg")).getDocumentElement().getTextContent()).contains("no values");
    }

    @Test
    void ticksAreRoundAndCoverTheRange() {
        assertThat(AblationPlot.ticks(0.3, 9.7)).containsExactly(0, 2, 4, 6, 8, 10);
        assertThat(AblationPlot.ticks(71.2, 73.9)).containsExactly(71, 71.5, 72, 72.5, 73, 73.5, 74);
    }
}
