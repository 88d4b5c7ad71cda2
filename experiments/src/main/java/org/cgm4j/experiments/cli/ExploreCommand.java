package org.cgm4j.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.model.LatentEditingModel;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.io.ImageGrid;
import org.cgm4j.experiments.report.ConditionalPictures;
import org.cgm4j.experiments.trained.TrainedModel;
import org.cgm4j.experiments.trained.TrainedModelException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgm4j explore RUN_DIR [--out DIR]}: pictures of a latent-variable model's latent space, each
 * with captioned rows and columns:
 *
 * <ul>
 *   <li>{@value #TRAVERSALS}: one row per active latent dimension (posterior means varying over the
 *       test set by more than {@value #ACTIVE_VARIANCE}, as the active-units metric counts them),
 *       ordered by their mean KL to the prior, largest first; along a row the dimension goes from -3
 *       to +3 (prior standard deviations) while the others keep the posterior mean of one test image;
 *   <li>{@value #INTERPOLATIONS}: pairs of test images A and B, encoded (posterior means), decoded
 *       along the straight line and along the great circle (slerp) between their codes;
 *   <li>{@value #EDITS}, for a model with a class-conditional editor (the latent constraints'
 *       attribute actor): test images, their reconstructions, and their codes moved by the editor
 *       to every class, one column per target class.
 * </ul>
 */
@Command(name = "explore", description = "Pictures of a trained latent-variable model's latent space: traversals,"
        + " linear and spherical interpolations, and edits to every class (latent constraints).")
public final class ExploreCommand implements Callable<Integer> {
    /** Latent traversals. */
    public static final String TRAVERSALS = "traversals.png";
    /** Linear and spherical interpolations. */
    public static final String INTERPOLATIONS = "interpolations.png";
    /** Edits of test images to every class. */
    public static final String EDITS = "edits.png";
    /** The variance over the test set of a dimension's posterior mean above which it counts as active (Burda et al. 2016). */
    public static final double ACTIVE_VARIANCE = 0.01;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a complete run of a latent-variable model")
    Path directory;

    @Option(names = "--out", paramLabel = "DIR", description = "where the pictures go (default: RUN_DIR/explore)")
    Path out;

    @Option(names = "--dims", defaultValue = "10", description = "at most this many traversal rows (default: ${DEFAULT-VALUE})")
    int dims;

    @Option(names = "--steps", defaultValue = "7", description = "images per traversal and interpolation (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--images", defaultValue = "6", description = "test images to interpolate (in pairs) and edit (default: ${DEFAULT-VALUE})")
    int images;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (dims < 1 || steps < 2 || images < 2) {
            throw new TrainedModelException("explore needs --dims >= 1, --steps >= 2 and --images >= 2; got " + dims
                    + ", " + steps + ", " + images);
        }
        TrainedModel trained = TrainedModel.open(directory, PluginRegistry.discover(), DatasetRegistry.defaults());
        Path dir = out != null ? out : trained.directory().path().resolve("explore");
        List<Path> written = write(trained, dir, dims, steps, images);
        PrintWriter w = spec.commandLine().getOut();
        written.forEach(p -> w.println("wrote " + p));
        w.flush();
        return 0;
    }

    /**
     * Writes the pictures of {@code trained} into {@code dir}.
     *
     * @return the files written
     * @throws TrainedModelException when the model has no encoder and decoder
     */
    public static List<Path> write(TrainedModel trained, Path dir, int dims, int steps, int images) throws IOException {
        int d = trained.latentDim(); // fails for a model without a latent space, naming it
        DataSource data = trained.data();
        ImageShape shape = trained.spec().shape();
        DataType type = trained.model().dataType();
        List<Path> written = new ArrayList<>();

        // posterior statistics of the test set: mean KL per dimension and the variance of its mean
        double[] kl = new double[d];
        double[] sum = new double[d];
        double[] sumSq = new double[d];
        int count = 0;
        for (int[] idx : data.sequentialBatches(Split.TEST, 250)) {
            INDArray[] q = trained.encode(data.batch(Split.TEST, idx, type).y());
            double[][] mu = q[0].castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] lv = q[1].castTo(DataType.DOUBLE).toDoubleMatrix();
            for (int i = 0; i < mu.length; i++) {
                for (int j = 0; j < d; j++) {
                    kl[j] += 0.5 * (Math.exp(lv[i][j]) + mu[i][j] * mu[i][j] - 1 - lv[i][j]);
                    sum[j] += mu[i][j];
                    sumSq[j] += mu[i][j] * mu[i][j];
                }
            }
            count += mu.length;
        }
        final int n = count;
        for (int j = 0; j < d; j++) {
            kl[j] /= n;
        }
        List<Integer> byKl = IntStream.range(0, d).boxed()
                .sorted(Comparator.comparingDouble((Integer j) -> -kl[j]).thenComparing(j -> j)).toList();
        List<Integer> active = byKl.stream()
                .filter(j -> sumSq[j] / n - (sum[j] / n) * (sum[j] / n) > ACTIVE_VARIANCE).toList();
        List<Integer> shown = (active.isEmpty() ? byKl : active).subList(0, Math.min(dims,
                (active.isEmpty() ? byKl : active).size()));

        int[] picked = ConditionalPictures.spread(data.size(Split.TEST), images);
        INDArray y = data.batch(Split.TEST, picked, type).y();
        float[][] originals = y.castTo(DataType.FLOAT).toFloatMatrix();
        double[][] codes = trained.encode(y)[0].castTo(DataType.DOUBLE).toDoubleMatrix();

        // traversals around the first picked image's code
        double[] values = new double[steps];
        List<String> valueCaptions = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            values[s] = -3 + 6.0 * s / (steps - 1);
            valueCaptions.add(String.format(Locale.ROOT, "%+.1f", values[s]) + "\u03c3");
        }
        List<float[][]> rowsOut = new ArrayList<>();
        List<String> rowCaptions = new ArrayList<>();
        for (int j : shown) {
            double[][] z = new double[steps][];
            for (int s = 0; s < steps; s++) {
                z[s] = codes[0].clone();
                z[s][j] = values[s];
            }
            rowsOut.add(decode(trained, z));
            rowCaptions.add(String.format(Locale.ROOT, "z%d  KL %.2f", j, kl[j]));
        }
        Path traversals = dir.resolve(TRAVERSALS);
        ImageGrid.writeLabelled(rowsOut, rowCaptions, valueCaptions, shape, traversals);
        written.add(traversals);

        // linear and spherical interpolation between pairs of test images
        rowsOut = new ArrayList<>();
        rowCaptions = new ArrayList<>();
        List<String> tCaptions = new ArrayList<>(List.of("A"));
        for (int s = 0; s < steps; s++) {
            tCaptions.add(String.format(Locale.ROOT, "t=%.2f", s / (double) (steps - 1)));
        }
        tCaptions.add("B");
        for (int p = 0; p + 1 < codes.length; p += 2) {
            for (boolean spherical : new boolean[] {false, true}) {
                double[][] z = new double[steps][];
                for (int s = 0; s < steps; s++) {
                    double t = s / (double) (steps - 1);
                    z[s] = spherical ? slerp(codes[p], codes[p + 1], t) : lerp(codes[p], codes[p + 1], t);
                }
                float[][] row = new float[steps + 2][];
                row[0] = originals[p];
                System.arraycopy(decode(trained, z), 0, row, 1, steps);
                row[steps + 1] = originals[p + 1];
                rowsOut.add(row);
                rowCaptions.add("pair " + (p / 2 + 1) + (spherical ? ": slerp" : ": linear"));
            }
        }
        Path interpolations = dir.resolve(INTERPOLATIONS);
        ImageGrid.writeLabelled(rowsOut, rowCaptions, tCaptions, shape, interpolations);
        written.add(interpolations);

        // the class-conditional editor moving each test image to every class
        if (trained.model() instanceof LatentEditingModel editing
                && editing.editors().stream().anyMatch(editing::classConditional)) {
            int k = editing.numClasses();
            int[] labels = data.batch(Split.TEST, picked, type).labels();
            float[][] recon = decode(trained, codes);
            rowsOut = new ArrayList<>();
            rowCaptions = new ArrayList<>();
            List<String> colCaptions = new ArrayList<>(List.of("source", "recon."));
            for (int c = 0; c < k; c++) {
                colCaptions.add("\u2192 " + c);
            }
            INDArray z = Nd4j.create(codes).castTo(type);
            for (int i = 0; i < codes.length; i++) {
                float[][] row = new float[k + 2][];
                row[0] = originals[i];
                row[1] = recon[i];
                INDArray zi = z.getRow(i, true).repeat(0, k);
                INDArray moved = trained.transform(zi, IntStream.range(0, k).toArray());
                System.arraycopy(trained.decode(moved).castTo(DataType.FLOAT).toFloatMatrix(), 0, row, 2, k);
                rowsOut.add(row);
                rowCaptions.add("label " + labels[i]);
            }
            Path edits = dir.resolve(EDITS);
            ImageGrid.writeLabelled(rowsOut, rowCaptions, colCaptions, shape, edits);
            written.add(edits);
        }
        return written;
    }

    private static float[][] decode(TrainedModel trained, double[][] z) {
        return trained.decode(Nd4j.create(z)).castTo(DataType.FLOAT).toFloatMatrix();
    }

    /** (1 - t) a + t b. */
    static double[] lerp(double[] a, double[] b, double t) {
        double[] out = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = (1 - t) * a[j] + t * b[j];
        }
        return out;
    }

    /**
     * Spherical interpolation: along the great circle from a to b, sin((1 - t) w) / sin w a + sin(t w)
     * / sin w b with w the angle between them (White 2016, "Sampling generative networks"), so
     * intermediate codes keep a norm typical of the prior instead of shrinking towards its mode; the
     * straight line when a and b are (nearly) parallel.
     */
    static double[] slerp(double[] a, double[] b, double t) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < a.length; j++) {
            dot += a[j] * b[j];
            na += a[j] * a[j];
            nb += b[j] * b[j];
        }
        double cos = na == 0 || nb == 0 ? 1 : Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
        double w = Math.acos(cos);
        if (Math.sin(w) < 1e-6) {
            return lerp(a, b, t);
        }
        double ca = Math.sin((1 - t) * w) / Math.sin(w);
        double cb = Math.sin(t * w) / Math.sin(w);
        double[] out = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = ca * a[j] + cb * b[j];
        }
        return out;
    }
}
