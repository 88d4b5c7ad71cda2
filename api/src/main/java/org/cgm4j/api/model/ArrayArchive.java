package org.cgm4j.api.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.cgm4j.api.io.AtomicFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A zip file of named arrays and named text entries: the format of model weights and of training
 * checkpoints. Writes are atomic (a temporary file in the same directory, then a rename), so a
 * run killed while writing leaves the previous file intact and never a partial one.
 */
public final class ArrayArchive {
    private static final String ARRAY_PREFIX = "arrays/";
    private static final String TEXT_PREFIX = "text/";

    /** The contents of an archive. */
    public record Contents(Map<String, INDArray> arrays, Map<String, String> texts) {}

    private ArrayArchive() {}

    /** Writes {@code arrays} and {@code texts} to {@code file} atomically. */
    public static void write(Path file, Map<String, INDArray> arrays, Map<String, String> texts) {
        try {
            AtomicFiles.write(file, os -> {
                ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(os));
                for (Map.Entry<String, String> e : texts.entrySet()) {
                    zip.putNextEntry(entry(TEXT_PREFIX + e.getKey()));
                    zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
                for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                    zip.putNextEntry(entry(ARRAY_PREFIX + e.getKey()));
                    DataOutputStream out = new DataOutputStream(zip);
                    Nd4j.write(e.getValue(), out);
                    out.flush();
                    zip.closeEntry();
                }
                zip.finish();
                zip.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static ZipEntry entry(String name) {
        ZipEntry z = new ZipEntry(name);
        z.setTime(0); // identical content gives identical bytes
        return z;
    }

    /** Reads an archive written by {@link #write}. */
    public static Contents read(Path file) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        try (InputStream is = Files.newInputStream(file);
                ZipInputStream zip = new ZipInputStream(new BufferedInputStream(is))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.getName().startsWith(ARRAY_PREFIX)) {
                    arrays.put(e.getName().substring(ARRAY_PREFIX.length()), Nd4j.read(new DataInputStream(zip)));
                } else if (e.getName().startsWith(TEXT_PREFIX)) {
                    texts.put(e.getName().substring(TEXT_PREFIX.length()),
                            new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + file + " (missing or corrupt): " + e.getMessage(), e);
        }
        return new Contents(arrays, texts);
    }
}
