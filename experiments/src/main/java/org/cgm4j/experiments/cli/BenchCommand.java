package org.cgm4j.experiments.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.cgm4j.api.io.AtomicFiles;
import org.cgm4j.experiments.bench.BenchChild;
import org.cgm4j.experiments.bench.BenchEnvironment;
import org.cgm4j.experiments.bench.BenchSettings;
import org.cgm4j.experiments.bench.BenchTable;
import org.cgm4j.experiments.bench.HostInfo;
import org.cgm4j.experiments.bench.Workload;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cgm4j bench}: measures each case in its own child JVM ({@link BenchChild}), one after the
 * other, and writes a table to standard output and every figure to a JSON file. By default: the
 * GEMM rate and the CVAE in both environments ({@code tuned}, {@code samediff-defaults}), the
 * GSNN, hybrid, VAE and the importance-sampled CLL in {@code tuned}. With {@code --peer} it then
 * alternates the tuned CVAE with a peer script (A B A B ...) and reports both and their ratio.
 */
@Command(name = "bench", description = "Measure training and evaluation speed, GEMM rate, FLOPs and peak RSS,"
        + " each case in its own JVM; optionally against a peer script.")
public final class BenchCommand implements Callable<Integer> {
    /** The schema name written into the JSON. */
    public static final String SCHEMA = "cgm4j-bench/1";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    @Option(names = "--quick", description = "fewer iterations and 400 CLL pairs (a smoke run or a busy machine)")
    boolean quick;

    @Option(names = "--case", split = ",", paramLabel = "CASE",
            description = "cases to run: gemm, cvae, gsnn, hybrid, vae, cll (default: all)")
    List<String> cases = new ArrayList<>();

    @Option(names = "--env", split = ",", paramLabel = "ENV",
            description = "environments: tuned, tuned-session, samediff-defaults (default: tuned for every"
                    + " case, tuned-session too for cvae, samediff-defaults too for gemm and cvae)")
    List<String> envs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", description = "the JSON file (default: runs/bench/<timestamp>.json)")
    Path out;

    @Option(names = "--warmup", description = "warm-up iterations of a training case (discarded)")
    Integer warmup;

    @Option(names = "--iterations", description = "iterations per timed repeat of a training case")
    Integer iterations;

    @Option(names = "--repeats", description = "timed repeats of a training case")
    Integer repeats;

    @Option(names = "--cll-pairs", description = "test pairs of the cll case (at most the test split)")
    Integer cllPairs;

    @Option(names = "--synthetic", description = "train on random binary images instead of mnist-10k")
    boolean synthetic;

    @Option(names = "--peer", paramLabel = "SCRIPT",
            description = "a peer script (scripts/peer/cvae_torch.py) to alternate with the tuned CVAE")
    Path peer;

    @Option(names = "--peer-rounds", defaultValue = "2", description = "rounds of (CVAE, peer) (default: ${DEFAULT-VALUE})")
    int peerRounds;

    @Option(names = "--python", paramLabel = "PYTHON",
            description = "the interpreter of the peer script (default: /usr/bin/python3 when present, else python3)")
    String python;

    @Option(names = "--timeout", defaultValue = "900", description = "seconds a child may run (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** One case: what is measured, in which environment. */
    public record BenchCase(Workload workload, BenchEnvironment environment) {
        /** {@code cvae@tuned}. */
        public String name() {
            return workload.id() + "@" + environment.id();
        }
    }

    /** The settings these options select. */
    BenchSettings settings() {
        BenchSettings s = quick ? BenchSettings.quick() : BenchSettings.full();
        s = s.withIterations(warmup == null ? s.warmup() : warmup, iterations == null ? s.iterations() : iterations,
                repeats == null ? s.repeats() : repeats);
        if (cllPairs != null) {
            s = s.withCllPairs(cllPairs);
        }
        return s.withSynthetic(synthetic);
    }

    /** The cases these options select, in the order they run. */
    static List<BenchCase> plan(List<String> caseIds, List<String> envIds) {
        List<Workload> workloads = new ArrayList<>();
        if (caseIds.isEmpty()) {
            workloads.addAll(List.of(Workload.values()));
        } else {
            for (String id : caseIds) {
                Workload w = Workload.of(id.strip());
                if (!workloads.contains(w)) {
                    workloads.add(w);
                }
            }
        }
        List<BenchEnvironment> chosen = new ArrayList<>();
        envIds.forEach(e -> chosen.add(BenchEnvironment.of(e.strip())));
        List<BenchCase> plan = new ArrayList<>();
        for (Workload w : workloads) {
            if (chosen.isEmpty()) {
                plan.add(new BenchCase(w, BenchEnvironment.TUNED));
                if (w == Workload.CVAE) {
                    plan.add(new BenchCase(w, BenchEnvironment.TUNED_SESSION));
                }
                if (w == Workload.GEMM || w == Workload.CVAE) {
                    plan.add(new BenchCase(w, BenchEnvironment.SAMEDIFF_DEFAULTS));
                }
            } else {
                for (BenchEnvironment e : chosen) {
                    plan.add(new BenchCase(w, e));
                }
            }
        }
        return plan;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        BenchSettings settings = settings();
        List<BenchCase> plan = plan(cases, envs);
        Path target = out != null ? out : Path.of("runs", "bench",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        Path work = Files.createTempDirectory("cgm4j-bench");
        Path settingsFile = work.resolve("settings.json");
        BenchChild.JSON.writeValue(settingsFile.toFile(), settings);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("schema", SCHEMA);
        report.put("mode", quick ? "quick" : "full");
        report.put("started", Instant.now().toString());
        report.put("settings", settings);
        report.put("machine", HostInfo.machine());
        report.put("launcherOmpNumThreads", System.getenv(BenchEnvironment.OMP_NUM_THREADS));
        long t0 = System.nanoTime();
        boolean failed = false;
        List<Map<String, Object>> results = new ArrayList<>();
        for (BenchCase c : plan) {
            console.printf("bench: %-26s ...%n", c.name());
            console.flush();
            Map<String, Object> r = runChild(c, settingsFile, work);
            failed |= r.containsKey("error");
            results.add(r);
            console.printf("bench: %-26s %s%n", c.name(), BenchTable.oneLine(r));
            console.flush();
        }
        report.put("cases", results);
        if (peer != null) {
            report.put("peer", runPeer(settings, settingsFile, work, console));
        }
        report.put("comparisons", BenchTable.comparisons(results));
        report.put("machineLoadAtEnd", HostInfo.loadAverage());
        report.put("wallSeconds", (System.nanoTime() - t0) / 1e9);
        report.put("finished", Instant.now().toString());

        AtomicFiles.write(target, BenchChild.JSON.writeValueAsBytes(report));
        console.println();
        BenchTable.print(report, console);
        console.println("json: " + target);
        console.flush();
        if (!failed) {
            deleteWork(work);
        } else {
            console.println("child logs kept in " + work);
        }
        return failed ? 1 : 0;
    }

    /** Runs one case in a child JVM; on failure the result holds {@code error} and the log's tail. */
    Map<String, Object> runChild(BenchCase c, Path settingsFile, Path work) throws IOException, InterruptedException {
        Path result = work.resolve(c.name() + ".json");
        Path log = work.resolve(c.name() + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(c.environment().jvmFlags());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchChild.class.getName());
        cmd.add(c.workload().id());
        cmd.add(settingsFile.toString());
        cmd.add(result.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        c.environment().applyTo(pb.environment());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", c.name());
        r.put("workload", c.workload().id());
        r.put("environmentName", c.environment().id());
        r.put("childCommand", cmd.subList(1, cmd.size()).stream()
                .map(a -> a.length() > 120 ? a.substring(0, 60) + "..." : a).toList());
        long t0 = System.nanoTime();
        int code = run(pb, r);
        r.put("wallSeconds", (System.nanoTime() - t0) / 1e9);
        collect(code, result, log, r);
        return r;
    }

    private Map<String, Object> runPeer(BenchSettings settings, Path settingsFile, Path work, PrintWriter console)
            throws IOException, InterruptedException {
        String interpreter = python != null ? python : Files.isExecutable(Path.of("/usr/bin/python3"))
                ? "/usr/bin/python3" : "python3";
        List<Map<String, Object>> ours = new ArrayList<>();
        List<Map<String, Object>> theirs = new ArrayList<>();
        BenchCase cvae = new BenchCase(Workload.CVAE, BenchEnvironment.TUNED);
        for (int round = 0; round < peerRounds; round++) {
            console.printf("bench: peer round %d/%d: %s ...%n", round + 1, peerRounds, cvae.name());
            console.flush();
            Map<String, Object> a = runChild(cvae, settingsFile, work);
            ours.add(a);
            console.printf("bench:   %s%n", BenchTable.oneLine(a));
            console.printf("bench: peer round %d/%d: %s ...%n", round + 1, peerRounds, peer);
            console.flush();
            Path result = work.resolve("peer-" + round + ".json");
            Path log = work.resolve("peer-" + round + ".log");
            List<String> cmd = new ArrayList<>(List.of(interpreter, peer.toString(),
                    "--warmup", Integer.toString(settings.warmup()),
                    "--iterations", Integer.toString(settings.iterations()),
                    "--repeats", Integer.toString(settings.repeats()),
                    "--seed", Long.toString(settings.seed()),
                    "--out", result.toString()));
            if (settings.synthetic()) {
                cmd.add("--synthetic");
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("name", "peer");
            b.put("command", cmd);
            int code = run(pb, b);
            collect(code, result, log, b);
            theirs.add(b);
            console.printf("bench:   %s%n", BenchTable.oneLine(b));
            console.flush();
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("script", peer.toString());
        p.put("python", interpreter);
        p.put("order", "alternating: cgm4j cvae@tuned, peer, cgm4j cvae@tuned, peer, ...");
        p.put("cgm4j", ours);
        p.put("peer", theirs);
        double a = BenchTable.medianOf(ours, "examplesPerSecond");
        double b = BenchTable.medianOf(theirs, "examplesPerSecond");
        p.put("cgm4jExamplesPerSecond", a);
        p.put("peerExamplesPerSecond", b);
        p.put("cgm4jOverPeer", a / b);
        return p;
    }

    private int run(ProcessBuilder pb, Map<String, Object> r) throws IOException, InterruptedException {
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            r.put("error", "timed out after " + timeoutSeconds + " s");
            return -1;
        }
        return p.exitValue();
    }

    /**
     * Adds to {@code r} what a finished child left: the entries of its result file when it exited
     * with 0 and wrote one; otherwise, unless {@code r} already holds an {@code error} (a timeout),
     * the exit code as {@code error} and the last lines of its log as {@code logTail}.
     */
    private static void collect(int code, Path result, Path log, Map<String, Object> r) throws IOException {
        if (code == 0 && Files.isRegularFile(result)) {
            r.putAll(BenchChild.JSON.readValue(result.toFile(), MAP));
        } else if (!r.containsKey("error")) {
            r.put("error", "exit code " + code + "; log " + log);
            r.put("logTail", tail(log, 20));
        }
    }

    private static List<String> tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(no log: " + e + ")");
        }
    }

    private static void deleteWork(Path work) {
        try (var paths = Files.walk(work)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
