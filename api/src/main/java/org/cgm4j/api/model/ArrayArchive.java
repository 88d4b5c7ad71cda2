package org.cgm4j.api.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.cgm4j.api.io.AtomicFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A zip file of named arrays and named text entries: the format of model weights and of training
 * checkpoints. Writes are atomic (a temporary file in the same directory, then a rename), so a
 * run killed while writing leaves the previous file intact and never a partial one.
 */
public final class ArrayArchive {
    /** Arrays written by ND4J's {@code Nd4j.write} (archives of earlier versions; still read). */
    private static final String ARRAY_PREFIX = "arrays/";
    /** Arrays as raw little-endian bytes with a small header (see {@link #writeTensor}). */
    private static final String TENSOR_PREFIX = "tensors/";
    private static final int TENSOR_MAGIC = 0x43474d54; // "CGMT"
    private static final String TEXT_PREFIX = "text/";

    /** The contents of an archive. */
    public record Contents(Map<String, INDArray> arrays, Map<String, String> texts) {}

    private ArrayArchive() {}

    /** Writes {@code arrays} and {@code texts} to {@code file} atomically. */
    public static void write(Path file, Map<String, INDArray> arrays, Map<String, String> texts) {
        try {
            AtomicFiles.write(file, os -> {
                ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(os));
                // Trained weights barely compress (34.2 against 38.4 MB for a CVAE checkpoint), and deflating
                // them took seven times as long as writing them stored.
                zip.setLevel(Deflater.NO_COMPRESSION);
                for (Map.Entry<String, String> e : texts.entrySet()) {
                    zip.putNextEntry(entry(TEXT_PREFIX + e.getKey()));
                    zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
                for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                    zip.putNextEntry(entry(TENSOR_PREFIX + e.getKey()));
                    writeTensor(e.getValue(), zip);
                    zip.closeEntry();
                }
                zip.finish();
                zip.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * One array as {@value #TENSOR_PREFIX} entry: magic, data type name, rank, shape, then the
     * values in 'c' order as little-endian bytes, copied in bulk from native memory (ND4J's own
     * {@code Nd4j.write} goes element by element: 2.8 s for 34 MB of weights and optimiser state).
     */
    private static void writeTensor(INDArray array, OutputStream os) throws IOException {
        INDArray a = array.isView() || array.ordering() != 'c' ? array.dup('c') : array;
        DataOutputStream out = new DataOutputStream(os);
        out.writeInt(TENSOR_MAGIC);
        out.writeUTF(a.dataType().name());
        out.writeInt(a.rank());
        for (long d : a.shape()) {
            out.writeLong(d);
        }
        long bytes = a.length() * a.dataType().width();
        out.writeLong(bytes);
        if (bytes > 0) {
            ByteBuffer src = littleEndian(a).limit((int) bytes);
            byte[] chunk = new byte[(int) Math.min(bytes, 1 << 16)];
            while (src.hasRemaining()) {
                int n = Math.min(chunk.length, src.remaining());
                src.get(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        }
    }

    private static INDArray readTensor(InputStream is, String entry) throws IOException {
        DataInputStream in = new DataInputStream(is);
        int magic;
        try {
            magic = in.readInt();
        } catch (java.io.EOFException e) {
            throw new IOException("entry '" + entry + "' is not an array: it is shorter than an array header", e);
        }
        if (magic != TENSOR_MAGIC) {
            throw new IOException(String.format("entry '%s' is not an array: it starts with 0x%08x, an array"
                    + " entry with 0x%08x", entry, magic, TENSOR_MAGIC));
        }
        DataType type = DataType.valueOf(in.readUTF());
        long[] shape = new long[in.readInt()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = in.readLong();
        }
        long bytes = in.readLong();
        // Checked before allocating: a corrupt header must not cost a huge allocation first.
        long expected = byteCount(shape, type);
        if (expected < 0 || bytes != expected) {
            throw new IOException("entry '" + entry + "': array of shape " + Arrays.toString(shape) + " announces "
                    + bytes + " bytes");
        }
        INDArray a = Nd4j.createUninitialized(type, shape, 'c');
        if (bytes > 0) {
            ByteBuffer dst = littleEndian(a).limit((int) bytes);
            byte[] chunk = new byte[(int) Math.min(bytes, 1 << 16)];
            while (dst.hasRemaining()) {
                int n = Math.min(chunk.length, dst.remaining());
                in.readFully(chunk, 0, n);
                dst.put(chunk, 0, n);
            }
        }
        return a;
    }

    /** The array's native memory as bytes; the format is little-endian, as the native memory of x86 and ARM. */
    private static ByteBuffer littleEndian(INDArray a) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("array archives need a little-endian machine");
        }
        return a.data().asNio().position(0);
    }

    /** The bytes of an array of {@code shape} and {@code type}; -1 for a negative or overflowing size. */
    private static long byteCount(long[] shape, DataType type) {
        long n = 1;
        try {
            for (long d : shape) {
                if (d < 0) {
                    return -1;
                }
                n = Math.multiplyExact(n, d);
            }
            return Math.multiplyExact(n, (long) type.width());
        } catch (ArithmeticException e) {
            return -1;
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
                if (e.getName().startsWith(TENSOR_PREFIX)) {
                    arrays.put(e.getName().substring(TENSOR_PREFIX.length()), readTensor(zip, e.getName()));
                } else if (e.getName().startsWith(ARRAY_PREFIX)) {
                    arrays.put(e.getName().substring(ARRAY_PREFIX.length()), Nd4j.read(new DataInputStream(
                            new BufferedInputStream(zip, 1 << 16))));
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
