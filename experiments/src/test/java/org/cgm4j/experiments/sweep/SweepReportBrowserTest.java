package org.cgm4j.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.cgm4j.api.testing.OptionalPackages;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real headless browser (Debian's {@code chromium}): the page of a small
 * fabricated sweep with real PNGs is loaded from the file system, and the DOM it dumps after the
 * load event shows the tables and that every image loaded (the page's own script counts images
 * with a natural width). Skipped only when no chromium binary is installed.
 */
class SweepReportBrowserTest {
    @TempDir
    Path dir;

    /** The chromium binary: {@code $CHROMIUM}, else {@code chromium} or {@code chromium-browser} on the path. */
    static Path chromium() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("CHROMIUM");
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty()) {
                candidates.add(Path.of(d, "chromium"));
                candidates.add(Path.of(d, "chromium-browser"));
            }
        }
        candidates.add(Path.of("/usr/bin/chromium"));
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** Loads {@code html} in headless chromium and returns the DOM after the load event. */
    static String dumpDom(Path chromium, Path html, Path profile) throws IOException, InterruptedException {
        Files.createDirectories(profile);
        Path out = profile.resolve("dom.html");
        Path err = profile.resolve("stderr.txt");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile.resolve("profile"), "--virtual-time-budget=5000",
                "--dump-dom", html.toUri().toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s");
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("chromium's exit code; stderr: %s", Files.readString(err)).isZero();
        return dom;
    }

    @Test
    void theReportLoadsInHeadlessChromiumWithItsTablesAndEveryImage() throws Exception {
        Path chromium = chromium();
        OptionalPackages.assumeInstalled(chromium != null, "a chromium binary (for the browser check of the HTML report)",
                "apt-get install chromium, or set CHROMIUM");
        SweepReportTest.setUp();
        SweepReportTest t = new SweepReportTest();
        t.dir = dir;
        SweepPlan plan = t.twoByTwo("  plots: {metrics: [test/negativeElbo, test/other]}\n");
        Path root = dir.resolve("runs with space");
        SweepReportTest.fabricateAll(plan, root);
        SweepReport.Written w = SweepReportTest.report(plan, root);
        String source = Files.readString(w.html());
        int images = count(source, "<img ");
        assertThat(images).isEqualTo(2 + 11 + 6);

        String dom = dumpDom(chromium, w.html(), dir.resolve("chromium"));
        assertThat(dom).contains("<table class=\"aggregate\" data-metric=\"test/negativeElbo\">")
                .contains("<table class=\"runs\">")
                .contains("a__latentDim=2__seed=1")
                .doesNotContain("<script>alert");
        Matcher check = Pattern.compile("id=\"" + SweepHtml.IMAGE_CHECK_ID + "\"[^>]*data-loaded=\"(\\d+)\""
                + " data-total=\"(\\d+)\"").matcher(dom);
        assertThat(check.find()).as("the page's image count in %s", dom).isTrue();
        assertThat(Integer.parseInt(check.group(2))).isEqualTo(images);
        assertThat(Integer.parseInt(check.group(1))).as("images loaded").isEqualTo(images);
        assertThat(dom).contains(images + " of " + images + " images loaded.");
        assertThat(count(dom, "<tr")).isGreaterThan(12);

        // a missing picture is noticed: the check is not vacuous
        Path samples = plan.runs().get(0).directory(root).path().resolve("samples/samples.png");
        Files.delete(samples);
        String broken = dumpDom(chromium, w.html(), dir.resolve("chromium2"));
        assertThat(broken).contains((images - 1) + " of " + images + " images loaded");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
