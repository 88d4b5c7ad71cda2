package org.cgm4j.api.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.cgm4j.api.rng.Rng;

/**
 * The training images cut into what is trained on and a held-out validation part: in every class
 * (all images as one group when they have no classes),
 * {@code round(fraction * classCount)} images chosen by a permutation of a fixed seed (the same
 * for every run, whatever its seed, so runs of different seeds validate on the same images), kept
 * in their original order. The two parts are disjoint and together are the training images.
 *
 * @param train the images trained on
 * @param validation the held-out images
 * @param validationIndices the held-out images' positions in the training images given, ascending
 * @param indicesSha256 SHA-256 of {@code validationIndices} (4-byte big-endian each), for provenance
 */
public record ValidationSplit(LabeledImages train, LabeledImages validation, int[] validationIndices,
        String indicesSha256) {
    /** The seed of the per-class permutations: fixed, so the split is a function of the images alone. */
    static final long SEED = 0x7A11_DA7EL;

    /** Splits {@code images}; {@code fraction} in (0, 1). */
    public static ValidationSplit of(LabeledImages images, double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("a validation fraction is in (0, 1), got " + fraction);
        }
        // Images without classes are one group: a plain random part of them is held out.
        boolean byLabel = images.labelKind() == LabelKind.CLASS;
        int classes = byLabel ? Math.max(1, images.numClasses()) : 1;
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < images.count(); i++) {
            byClass.get(byLabel ? images.label(i) : 0).add(i);
        }
        boolean[] held = new boolean[images.count()];
        int n = 0;
        for (int c = 0; c < classes; c++) {
            List<Integer> members = byClass.get(c);
            int take = (int) Math.round(fraction * members.size());
            int[] perm = Rng.derive(SEED, "validation/" + c).permutation(members.size());
            for (int k = 0; k < take; k++) {
                held[members.get(perm[k])] = true;
                n++;
            }
        }
        int[] validationIdx = new int[n];
        int[] trainIdx = new int[images.count() - n];
        int v = 0;
        int t = 0;
        for (int i = 0; i < held.length; i++) {
            if (held[i]) {
                validationIdx[v++] = i;
            } else {
                trainIdx[t++] = i;
            }
        }
        return new ValidationSplit(images.select(trainIdx), images.select(validationIdx), validationIdx,
                sha256(validationIdx));
    }

    private static String sha256(int[] indices) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer b = ByteBuffer.allocate(4 * indices.length);
            for (int i : indices) {
                b.putInt(i);
            }
            return HexFormat.of().formatHex(md.digest(b.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidationSplit s && train.equals(s.train) && validation.equals(s.validation)
                && Arrays.equals(validationIndices, s.validationIndices);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(validationIndices);
    }

    @Override
    public String toString() {
        return "ValidationSplit[" + train.count() + " train, " + validation.count() + " validation, sha256 "
                + indicesSha256 + "]";
    }
}
