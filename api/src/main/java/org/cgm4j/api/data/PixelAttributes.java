package org.cgm4j.api.data;

import java.util.Arrays;
import java.util.List;

/**
 * Binary attributes measured from the pixels of grey, class-labelled images (MNIST's digits): each
 * image gets three measures from its intensity moments, and an attribute is 1 where the measure
 * lies strictly above the median of the image's class on the <em>training</em> split. Thresholds
 * per class make every attribute about half 1 in every class, so an attribute says something about
 * the style of a digit, not which digit it is: it can be changed while keeping the digit (what
 * identity-preserving edits need), and a random image with the same attributes is usually another
 * digit.
 *
 * <p>With intensities p(r, c) in [0, 1] (r the row, growing downwards, c the column), the ink mass
 * m = sum p, the centroid and the central second moments mu_cc, mu_rr, mu_rc (each sum p * (...)
 * / m):
 *
 * <ul>
 *   <li>{@value #BOLD}: the ink mass m. MNIST's digits are scaled to a fixed box, so more ink
 *       means thicker strokes;
 *   <li>{@value #SLANTED}: the shear -mu_rc / mu_rr, how far the columns move right per row
 *       upwards (positive for a digit leaning right, 0 for an upright one);
 *   <li>{@value #WIDE}: the horizontal variance left once the shear is taken out, mu_cc -
 *       mu_rc^2 / mu_rr (the width of the digit set upright), so that slanting does not count
 *       as width.
 * </ul>
 *
 * An image without ink, or with all its ink in one row (mu_rr = 0), measures 0 shear and width.
 */
public final class PixelAttributes {
    /** More ink than the class's median: thicker strokes. */
    public static final String BOLD = "bold";
    /** More shear to the right than the class's median. */
    public static final String SLANTED = "slanted";
    /** Wider, once upright, than the class's median. */
    public static final String WIDE = "wide";
    /** The attributes, in the order of each image's vector. */
    public static final List<String> NAMES = List.of(BOLD, SLANTED, WIDE);

    private PixelAttributes() {}

    /**
     * The three measures of image {@code image} of {@code images} (one channel): ink mass, shear and
     * upright width, in the order of {@link #NAMES}.
     */
    public static double[] measure(LabeledImages images, int image) {
        if (images.channels() != 1) {
            throw new IllegalArgumentException("pixel attributes need grey images, got " + images.shape());
        }
        int rows = images.rows();
        int cols = images.cols();
        double m = 0;
        double sr = 0;
        double sc = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double p = images.pixel(image, r * cols + c);
                m += p;
                sr += p * r;
                sc += p * c;
            }
        }
        if (m == 0) {
            return new double[] {0, 0, 0};
        }
        double rBar = sr / m;
        double cBar = sc / m;
        double mrr = 0;
        double mcc = 0;
        double mrc = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double p = images.pixel(image, r * cols + c);
                double dr = r - rBar;
                double dc = c - cBar;
                mrr += p * dr * dr;
                mcc += p * dc * dc;
                mrc += p * dr * dc;
            }
        }
        mrr /= m;
        mcc /= m;
        mrc /= m;
        if (mrr <= 1e-12) {
            return new double[] {m, 0, 0};
        }
        return new double[] {m, -mrc / mrr, mcc - mrc * mrc / mrr};
    }

    /** The measures of every image, {@code [count][3]}. */
    public static double[][] measureAll(LabeledImages images) {
        double[][] out = new double[images.count()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = measure(images, i);
        }
        return out;
    }

    /**
     * The thresholds: per class and measure, the median of the measure over {@code train}'s
     * images of that class (the mean of the two middle values for an even count), {@code
     * [numClasses][3]}; a class without images gets the median over all images.
     */
    public static double[][] classMedians(LabeledImages train) {
        if (train.labelKind() != LabelKind.CLASS) {
            throw new IllegalArgumentException("pixel attributes need class-labelled images, got labels "
                    + train.labelKind().displayName());
        }
        double[][] measures = measureAll(train);
        int k = train.numClasses();
        double[][] medians = new double[k][NAMES.size()];
        for (int a = 0; a < NAMES.size(); a++) {
            double[] all = new double[measures.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = measures[i][a];
            }
            double overall = median(all);
            for (int cls = 0; cls < k; cls++) {
                int n = 0;
                double[] v = new double[measures.length];
                for (int i = 0; i < measures.length; i++) {
                    if (train.label(i) == cls) {
                        v[n++] = measures[i][a];
                    }
                }
                medians[cls][a] = n == 0 ? overall : median(Arrays.copyOf(v, n));
            }
        }
        return medians;
    }

    /** The median of {@code v} (sorted in place); 0 for none. */
    static double median(double[] v) {
        if (v.length == 0) {
            return 0;
        }
        Arrays.sort(v);
        int h = v.length / 2;
        return v.length % 2 == 1 ? v[h] : 0.5 * (v[h - 1] + v[h]);
    }

    /**
     * {@code images} with the attribute vector of each image (1 where its measure is strictly
     * above its class's threshold in {@code medians}) in place of its class.
     */
    public static LabeledImages label(LabeledImages images, double[][] medians) {
        int k = NAMES.size();
        byte[] attributes = new byte[images.count() * k];
        for (int i = 0; i < images.count(); i++) {
            int cls = images.label(i);
            if (cls < 0 || cls >= medians.length) {
                throw new IllegalArgumentException("image " + i + " has class " + cls + ", outside the "
                        + medians.length + " classes of the thresholds");
            }
            double[] m = measure(images, i);
            for (int a = 0; a < k; a++) {
                attributes[i * k + a] = (byte) (m[a] > medians[cls][a] ? 1 : 0);
            }
        }
        return LabeledImages.withAttributes(images.shape(), images.count(), images.pixels(), attributes, NAMES);
    }

    /** Both splits labelled with the thresholds of the training split. */
    public static DatasetSplits label(DatasetSplits classes, String name, String origin) {
        double[][] medians = classMedians(classes.train());
        return new DatasetSplits(name, label(classes.train(), medians), label(classes.test(), medians),
                classes.sha256(), origin);
    }
}
