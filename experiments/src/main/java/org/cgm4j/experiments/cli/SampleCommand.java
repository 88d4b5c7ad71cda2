package org.cgm4j.experiments.cli;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataFileException;
import org.cgm4j.api.data.DataSpec;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.data.IdxFile;
import org.cgm4j.api.data.ImageShape;
import org.cgm4j.api.io.ImageGrid;
import org.cgm4j.api.data.LabeledImages;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.experiments.report.ConditionalPictures;
import org.cgm4j.experiments.trained.Condition;
import org.cgm4j.experiments.trained.TrainedModel;
import org.cgm4j.experiments.trained.TrainedModelException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgm4j sample RUN_DIR [--n N] [--condition class=K | --condition IMAGE] [--seed S] [--out FILE]}:
 * draws samples from a trained model ({@link TrainedModel#sample}) into a PNG grid or IDX files.
 * A quadrant model is conditioned on an image (a PNG or the first image of an IDX file, of the
 * model's image size) whose hidden quadrants the task derives; a latent-constraints model on a class.
 */
@Command(name = "sample", description = "Draw samples from a trained run into a PNG grid or IDX files.")
public final class SampleCommand implements Callable<Integer> {
    /** Samples per grid row of the PNG. */
    static final int PER_ROW = 8;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a complete run directory")
    Path directory;

    @Option(names = "--n", defaultValue = "16", description = "number of samples (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--condition", paramLabel = "class=K|IMAGE", description = "class=K for a class-conditional model;"
            + " an image file (.png, or the first image of an .idx file) whose given pixels condition a quadrant model")
    String condition;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the samples' noise (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "samples.png", description = "a .png grid, or .idx images (with"
            + " <name>-labels.idx when a class is given) (default: ${DEFAULT-VALUE})")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (n < 1) {
            throw new TrainedModelException("--n must be >= 1, got " + n);
        }
        String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".idx")) {
            throw new TrainedModelException("--out " + out + ": expected a .png or .idx file");
        }
        TrainedModel trained = TrainedModel.open(directory, PluginRegistry.discover(), DatasetRegistry.defaults());
        DataSpec s = trained.spec();
        Condition c = Condition.none();
        Batch given = null;
        Integer label = null;
        if (condition != null) {
            if (condition.startsWith("class=")) {
                label = parseClass(condition);
                c = Condition.ofClass(label);
            } else {
                given = trained.examples(readImage(Path.of(condition), s.shape()));
                c = Condition.given(given);
            }
        }
        INDArray samples = trained.sample(n, c, seed);
        float[][] images = given == null ? floats(samples) : ConditionalPictures.completion(given.repeat(n), samples);
        if (name.endsWith(".idx")) {
            IdxFile.writeImages(out, images, s.shape());
            if (label != null) {
                int[] labels = new int[n];
                Arrays.fill(labels, label);
                IdxFile.writeLabels(labelsFile(out), labels);
            }
        } else {
            List<float[][]> rows = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            if (given != null) {
                float[][] in = ConditionalPictures.inputs(given);
                if (in != null) {
                    rows.add(in);
                    captions.add("input");
                }
            }
            for (int i = 0; i < images.length; i += PER_ROW) {
                rows.add(Arrays.copyOfRange(images, i, Math.min(images.length, i + PER_ROW)));
                captions.add(i > 0 ? "" : label != null ? "class " + label : given != null ? "samples" : "prior");
            }
            ImageGrid.writeLabelled(rows, captions, List.of(), s.shape(), out);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.println("wrote " + n + " samples of " + trained.type() + " (seed " + seed + ") to " + out
                + (label != null && name.endsWith(".idx") ? " and " + labelsFile(out) : ""));
        w.flush();
        return 0;
    }

    private static int parseClass(String spec) {
        try {
            return Integer.parseInt(spec.substring("class=".length()).trim());
        } catch (NumberFormatException e) {
            throw new TrainedModelException("--condition " + spec + ": expected class=K with K a class number, e.g. class=7");
        }
    }

    /**
     * One image of {@code shape} from a PNG (turned grey for one channel, RGB for three) or the
     * first image of an IDX file ({@code [n, rows, cols]} for one channel, {@code [n, channels,
     * rows, cols]} for more), as unlabelled images.
     */
    static LabeledImages readImage(Path file, ImageShape shape) {
        if (!Files.isRegularFile(file)) {
            throw new TrainedModelException("--condition " + file + ": no such file (expected class=K or an image file)");
        }
        int rows = shape.height();
        int cols = shape.width();
        byte[] pixels = new byte[shape.size()];
        int h;
        int w;
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".idx")) {
            IdxFile.IdxArray a;
            try {
                a = IdxFile.read(file);
            } catch (DataFileException e) {
                throw new TrainedModelException("--condition " + file + ": " + e.getMessage(), e);
            }
            int[] d = a.dims();
            boolean grey = shape.channels() == 1;
            if (d.length != (grey ? 3 : 4) || (!grey && d[1] != shape.channels())) {
                throw new TrainedModelException("--condition " + file + ": expected IDX images "
                        + (grey ? "[n, rows, cols]" : "[n, " + shape.channels() + ", rows, cols]") + ", got "
                        + Arrays.toString(d));
            }
            h = d[d.length - 2];
            w = d[d.length - 1];
            if (h == rows && w == cols) {
                System.arraycopy(a.data(), 0, pixels, 0, pixels.length);
            }
        } else {
            BufferedImage img;
            try {
                img = ImageIO.read(file.toFile());
            } catch (IOException e) {
                throw new TrainedModelException("--condition " + file + ": cannot read the image: " + e.getMessage(), e);
            }
            if (img == null) {
                throw new TrainedModelException("--condition " + file + ": not an image file ImageIO can read (PNG)");
            }
            if (shape.channels() != 1 && shape.channels() != 3) {
                throw new TrainedModelException("--condition " + file + ": the model's images have "
                        + shape.channels() + " channels; a PNG gives 1 (grey) or 3 (RGB): use an IDX file");
            }
            h = img.getHeight();
            w = img.getWidth();
            if (h == rows && w == cols) {
                if (shape.channels() == 1) {
                    BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                    grey.getGraphics().drawImage(img, 0, 0, null);
                    Raster r = grey.getRaster();
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            pixels[y * cols + x] = (byte) r.getSample(x, y, 0);
                        }
                    }
                } else {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int rgb = img.getRGB(x, y);
                            pixels[shape.index(0, y, x)] = (byte) (rgb >> 16);
                            pixels[shape.index(1, y, x)] = (byte) (rgb >> 8);
                            pixels[shape.index(2, y, x)] = (byte) rgb;
                        }
                    }
                }
            }
        }
        if (h != rows || w != cols) {
            throw new TrainedModelException("--condition " + file + ": the image is " + h + "x" + w + " pixels, the model's"
                    + " are " + rows + "x" + cols);
        }
        return LabeledImages.unlabelled(shape, 1, pixels);
    }

    /** {@code out} with {@code -labels} before its extension. */
    static Path labelsFile(Path out) {
        String f = out.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return out.resolveSibling(f.substring(0, dot) + "-labels" + f.substring(dot));
    }

    static float[][] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).toFloatMatrix();
    }
}
