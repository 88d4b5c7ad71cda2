package org.cgm4j.experiments.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which BLAS library ND4J's matrix products actually run in, as this process loaded it: its file,
 * its OpenBLAS version, the kernel table OpenBLAS picked for this CPU and its thread count.
 *
 * <p>JavaCPP's OpenBLAS preset of ND4J 1.0.0-M2.1 (0.3.19-1.5.7) maps the CBLAS and LAPACK
 * functions but not {@code openblas_get_config()} or {@code openblas_get_corename()}, so this reads
 * what OpenBLAS exports as data instead, through {@link Loader#addressof} (the symbol lookup that
 * the preset itself uses for {@code openblas_set_num_threads}): {@code gotoblas} points at the
 * kernel table in use, one of the exported {@code gotoblas_<CORE>} tables of a DYNAMIC_ARCH build
 * ({@code gotoblas_corename()} compares the same pointers), and {@code blas_cpu_number} is the
 * thread count OpenBLAS runs a product with. The library is the file JavaCPP loaded (symbolic links
 * resolved); the version is the one OpenBLAS compiled into its configuration string, read from the
 * file of {@code /proc/self/maps} that holds the {@code cblas_sgemm} every library of the process,
 * libnd4jcpu included, binds to.
 *
 * <p>Call it after ND4J's backend is loaded ({@link Provenance#capture} does); before, nothing
 * is found and the entries say {@value Provenance#UNKNOWN}.
 */
public final class NativeBlas {
    private static final Logger LOG = LoggerFactory.getLogger(NativeBlas.class);

    /**
     * The system property the {@code cgm4j} launcher sets to what it chose ({@code system} or
     * {@code bundled}) and why, for the record.
     */
    public static final String CHOICE_PROPERTY = "cgm4j.blas";

    /**
     * JVM options that decide which BLAS library JavaCPP loads: a worker or bench child JVM copies
     * them from its parent so that it runs the same library.
     */
    public static final List<String> LOADING_OPTIONS = List.of("-Dorg.bytedeco.openblas.load=",
            "-Dorg.bytedeco.openblas_nolapack.load=", "-Dorg.bytedeco.javacpp.pathsFirst=", "-Djava.library.path=",
            "-D" + CHOICE_PROPERTY + "=");

    /**
     * Environment variables that change which kernels or how many threads OpenBLAS and ND4J use,
     * recorded with the library.
     */
    public static final List<String> ENVIRONMENT = List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
            "OPENBLAS_NUM_THREADS", "ND4J_SKIP_BLAS_THREADS", "OMP_NUM_THREADS", "CGM4J_PLAN_THREADS");

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(?:\\.\\d+)?");
    /** Versions by library file: a file is read once a process. */
    private static final Map<String, String> VERSIONS = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The kernel tables of OpenBLAS's DYNAMIC_ARCH builds (its {@code driver/others/dynamic*.c}):
     * x86-64, then ARM64, then POWER.
     */
    static final List<String> CORES = List.of("KATMAI", "COPPERMINE", "NORTHWOOD", "PRESCOTT", "BANIAS", "ATOM",
            "CORE2", "PENRYN", "DUNNINGTON", "NEHALEM", "ATHLON", "OPTERON", "OPTERON_SSE3", "BARCELONA", "NANO",
            "SANDYBRIDGE", "BOBCAT", "BULLDOZER", "PILEDRIVER", "HASWELL", "STEAMROLLER", "EXCAVATOR", "ZEN",
            "SKYLAKEX", "COOPERLAKE", "SAPPHIRERAPIDS", "ARMV8", "CORTEXA53", "CORTEXA55", "CORTEXA57", "CORTEXA72",
            "CORTEXA73", "CORTEXX1", "CORTEXX2", "CORTEXA510", "CORTEXA710", "FALKOR", "THUNDERX", "THUNDERX2T99",
            "THUNDERX3T110", "TSV110", "EMAG8180", "NEOVERSEN1", "NEOVERSEN2", "NEOVERSEV1", "A64FX", "ARMV8SVE",
            "VORTEX", "POWER6", "POWER8", "POWER9", "POWER10");

    private NativeBlas() {}

    /**
     * What the BLAS in this process is.
     *
     * @param library the file of the loaded BLAS library (symbolic links resolved), or {@value
     *     Provenance#UNKNOWN}
     * @param version OpenBLAS's version from its configuration string, or {@value Provenance#UNKNOWN}
     * @param core the kernel table in use ({@code HASWELL}, {@code COOPERLAKE}, ...); {@value
     *     Provenance#UNKNOWN} for a build for one CPU only or a library that is not OpenBLAS
     * @param threads OpenBLAS's thread count for a product, or -1 when unknown
     */
    public record Info(String library, String version, String core, int threads) {
        /** The provenance entries: {@code blas.library}, {@code blas.version}, {@code blas.core}, {@code blas.openblasThreads}. */
        public Map<String, String> entries() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("blas.library", library);
            m.put("blas.version", version);
            m.put("blas.core", core);
            m.put("blas.openblasThreads", threads < 0 ? Provenance.UNKNOWN : Integer.toString(threads));
            return m;
        }
    }

    /** Reads the loaded BLAS; never fails (what cannot be found out says {@value Provenance#UNKNOWN}). */
    public static Info inspect() {
        String library = Provenance.UNKNOWN;
        String version = Provenance.UNKNOWN;
        String core = Provenance.UNKNOWN;
        int threads = -1;
        try {
            library = javacppPath();
            // The file whose cblas_sgemm the process binds to: JavaCPP loads OpenBLAS twice, as
            // itself and as a copy named libopenblas_nolapack.so.0 (the JNI library's dependency),
            // both with the soname libopenblas.so.0 that libnd4jcpu needs.
            String running = library;
            Pointer gemm = Loader.addressof("cblas_sgemm");
            if (gemm != null && !gemm.isNull()) {
                String mapped = mappedFile(gemm.address(), Path.of("/proc/self/maps"));
                running = mapped.equals(Provenance.UNKNOWN) ? library : mapped;
            }
            if (!running.equals(Provenance.UNKNOWN)) {
                version = VERSIONS.computeIfAbsent(running, NativeBlas::versionOf);
            }
            Pointer n = Loader.addressof("blas_cpu_number");
            if (n != null && !n.isNull()) {
                threads = new IntPointer(n).get();
            }
            core = coreInUse();
        } catch (RuntimeException | LinkageError | IOException e) {
            LOG.debug("cannot inspect the BLAS library", e);
        }
        return new Info(library, version, core, threads);
    }

    /** The version of {@link #scan}, or {@value Provenance#UNKNOWN} when the file cannot be read. */
    private static String versionOf(String file) {
        try {
            return scan(Path.of(file));
        } catch (IOException e) {
            return Provenance.UNKNOWN;
        }
    }

    /** The {@code gotoblas_<CORE>} table that {@code gotoblas} points at, among {@link #CORES}. */
    private static String coreInUse() {
        Pointer table = Loader.addressof("gotoblas");
        if (table == null || table.isNull()) {
            return Provenance.UNKNOWN;
        }
        long inUse = new PointerPointer<>(table).get(0).address();
        for (String c : CORES) {
            Pointer p = Loader.addressof("gotoblas_" + c);
            if (p != null && !p.isNull() && p.address() == inUse) {
                return c;
            }
        }
        return Provenance.UNKNOWN;
    }

    /** The file of the {@code /proc/self/maps} line whose address range holds {@code address}. */
    static String mappedFile(long address, Path maps) throws IOException {
        if (!Files.isReadable(maps)) {
            return Provenance.UNKNOWN;
        }
        for (String line : Files.readAllLines(maps, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 6 || !f[5].startsWith("/")) {
                continue;
            }
            String[] range = f[0].split("-");
            long lo = Long.parseUnsignedLong(range[0], 16);
            long hi = Long.parseUnsignedLong(range[1], 16);
            if (Long.compareUnsigned(address, lo) >= 0 && Long.compareUnsigned(address, hi) < 0) {
                try {
                    return Path.of(f[5]).toRealPath().toString();
                } catch (IOException e) {
                    return f[5]; // a file deleted since it was mapped
                }
            }
        }
        return Provenance.UNKNOWN;
    }

    /** Where JavaCPP says it loaded OpenBLAS from (macOS and Windows, which have no /proc). */
    private static String javacppPath() {
        Map<String, String> loaded = Loader.getLoadedLibraries();
        for (String key : List.of("openblas@.0", "openblas", "openblas_nolapack@.0", "openblas_nolapack")) {
            String p = loaded.get(key);
            if (p != null && !p.isBlank()) {
                try {
                    return Path.of(p).toRealPath().toString();
                } catch (IOException e) {
                    return p;
                }
            }
        }
        return Provenance.UNKNOWN;
    }

    /**
     * The version after the first {@code "OpenBLAS "} followed by a digit in the library file (the
     * configuration string OpenBLAS compiles in), or {@value Provenance#UNKNOWN}. Of an ELF file only
     * the read-only data section is read (some 100 KB of the 30-40 MB); of others the whole file.
     */
    static String scan(Path file) throws IOException {
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long[] rodata = elfSection(ch, ".rodata");
            long from = rodata == null ? 0 : rodata[0];
            long size = rodata == null ? ch.size() : rodata[1];
            bytes = read(ch, from, (int) Math.min(size, Integer.MAX_VALUE - 8));
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        for (int i = text.indexOf("OpenBLAS "); i >= 0; i = text.indexOf("OpenBLAS ", i + 1)) {
            int j = i + "OpenBLAS ".length();
            int k = j;
            while (k < text.length() && k - j < 16 && (Character.isDigit(text.charAt(k)) || text.charAt(k) == '.')) {
                k++;
            }
            if (VERSION.matcher(text.substring(j, k)).matches()) {
                return text.substring(j, k);
            }
        }
        return Provenance.UNKNOWN;
    }

    /**
     * The file offset and size of the section called {@code name} of a 64-bit little-endian ELF
     * file, from its section headers; null for another file or without such a section.
     */
    static long[] elfSection(FileChannel ch, String name) throws IOException {
        if (ch.size() < 64) {
            return null;
        }
        ByteBuffer h = ByteBuffer.wrap(read(ch, 0, 64)).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getInt(0) != 0x464c457f || h.get(4) != 2 || h.get(5) != 1) {
            return null; // not "\x7fELF", 64-bit, little-endian
        }
        long shoff = h.getLong(0x28);
        int shentsize = Short.toUnsignedInt(h.getShort(0x3a));
        int shnum = Short.toUnsignedInt(h.getShort(0x3c));
        int shstrndx = Short.toUnsignedInt(h.getShort(0x3e));
        if (shoff <= 0 || shentsize < 64 || shnum == 0 || shstrndx >= shnum
                || shoff + (long) shnum * shentsize > ch.size()) {
            return null;
        }
        ByteBuffer sh = ByteBuffer.wrap(read(ch, shoff, shnum * shentsize)).order(ByteOrder.LITTLE_ENDIAN);
        long strOff = sh.getLong(shstrndx * shentsize + 0x18);
        long strSize = sh.getLong(shstrndx * shentsize + 0x20);
        if (strOff < 0 || strSize <= 0 || strSize > 1 << 20 || strOff + strSize > ch.size()) {
            return null;
        }
        byte[] names = read(ch, strOff, (int) strSize);
        byte[] wanted = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < shnum; i++) {
            int at = sh.getInt(i * shentsize);
            if (at >= 0 && at + wanted.length <= names.length
                    && Arrays.equals(names, at, at + wanted.length, wanted, 0, wanted.length)) {
                long off = sh.getLong(i * shentsize + 0x18);
                long size = sh.getLong(i * shentsize + 0x20);
                return off >= 0 && size > 0 && off + size <= ch.size() ? new long[] {off, size} : null;
            }
        }
        return null;
    }

    private static byte[] read(FileChannel ch, long from, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, from + b.position()) < 0) {
                break;
            }
        }
        return b.array();
    }

    /**
     * The BLAS entries of provenance: {@link Info#entries()}, what the launcher chose ({@code
     * blas.choice}, from {@value #CHOICE_PROPERTY}; absent when not started by it) and the
     * environment variables of {@link #ENVIRONMENT} that are set ({@code env.<NAME>}).
     */
    public static Map<String, String> provenanceEntries() {
        Map<String, String> m = new LinkedHashMap<>(inspect().entries());
        String choice = System.getProperty(CHOICE_PROPERTY);
        if (choice != null) {
            m.put("blas.choice", choice);
        }
        for (String name : ENVIRONMENT) {
            String v = System.getenv(name);
            if (v != null) {
                m.put("env." + name, v);
            }
        }
        return m;
    }

    /** This JVM's options among {@link #LOADING_OPTIONS}, for a child JVM that must load the same BLAS. */
    public static List<String> loadingOptions(List<String> jvmArguments) {
        List<String> out = new ArrayList<>();
        for (String a : jvmArguments) {
            if (LOADING_OPTIONS.stream().anyMatch(a::startsWith)) {
                out.add(a);
            }
        }
        return out;
    }
}
