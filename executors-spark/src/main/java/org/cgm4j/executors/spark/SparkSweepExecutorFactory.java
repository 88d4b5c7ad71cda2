package org.cgm4j.executors.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.cgm4j.api.UserError;
import org.cgm4j.experiments.config.ExecutionConfig;
import org.cgm4j.experiments.sweep.SweepExecutor;
import org.cgm4j.experiments.sweep.SweepExecutorFactory;
import org.cgm4j.experiments.sweep.WorkerJvm;
import org.slf4j.LoggerFactory;

/**
 * {@code spark}: the runs of a sweep as Apache Spark tasks ({@link SparkSweepExecutor}), chosen with
 * {@code cgm4j sweep --executor spark --master URL} or {@code execution: {executor: spark, master:
 * URL}}.
 *
 * <p>The master is {@code execution.master} ({@code --master}), else the {@code spark.master} that
 * {@code spark-submit} gives the driver. {@code execution.conf} entries become Spark properties.
 * On a cluster master, unless {@code spark.jars} or {@code spark.executor.extraClassPath} is given,
 * the driver ships cgm4j's jars to the executors: those named by the system property {@value
 * #CLASSPATH_PROPERTY} (the launcher sets it to cgm4j's class path without Spark), else puts its own
 * class path on theirs ({@code spark.executor.extraClassPath}, for installations at the same path on
 * every machine).
 */
public final class SparkSweepExecutorFactory implements SweepExecutorFactory {
    /** This executor's name. */
    public static final String NAME = "spark";
    /** The system property holding cgm4j's class path without Spark, shipped to executors. */
    public static final String CLASSPATH_PROPERTY = "cgm4j.classpath";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "one Apache Spark task per run (--master local[N] or spark://host:7077, or under spark-submit)";
    }

    @Override
    public SweepExecutor create(Settings s) {
        ExecutionConfig e = s.execution();
        if (e.workers() != null) {
            throw new UserError("execution.workers: the spark executor runs as many runs at once as its executors have"
                    + " task slots; leave workers out (set spark.executor.cores, spark.cores.max in execution.conf)");
        }
        SparkConf conf = new SparkConf(); // with the spark.* system properties spark-submit sets
        String master = e.master() != null ? e.master() : conf.get("spark.master", null);
        if (master == null) {
            throw new UserError("execution.master: the spark executor needs a master: --master local[2] (this"
                    + " machine), --master spark://host:7077 (a standalone cluster), or run the driver with"
                    + " spark-submit");
        }
        conf.setMaster(master);
        if (!conf.contains("spark.app.name")) {
            conf.setAppName("cgm4j sweep " + s.plan().experiment());
        }
        e.conf().forEach(conf::set);
        if (!master.startsWith("local") && !conf.contains("spark.jars")
                && !conf.contains("spark.executor.extraClassPath")) {
            String shipped = System.getProperty(CLASSPATH_PROPERTY);
            if (shipped != null && !shipped.isBlank()) {
                conf.set("spark.jars", String.join(",", jars(shipped)));
            } else {
                conf.set("spark.executor.extraClassPath", WorkerJvm.current().classPathString());
            }
        }
        quietSpark();
        s.out().printf("running on Spark at %s, one task per run; the runs folder %s must be shared by every"
                + " executor; logs go to %s%n", master, s.runsRoot().toAbsolutePath().normalize(),
                s.runsRoot().resolve(s.plan().experiment()).resolve("logs"));
        s.out().flush();
        return new SparkSweepExecutor(conf, WorkerJvm.current().options(), System.getenv("OMP_NUM_THREADS"),
                s.command(), s.failFast());
    }

    /** The jar files of a class path string, a {@code dir/*} entry standing for the jars in {@code dir}. */
    static List<String> jars(String classPath) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.endsWith("*")) {
                Path dir = Path.of(entry.substring(0, entry.length() - 1));
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(p -> p.toString().endsWith(".jar")).sorted()
                            .forEach(p -> out.add(p.toAbsolutePath().toString()));
                } catch (IOException ex) {
                    throw new UserError(CLASSPATH_PROPERTY + ": cannot list " + dir + ": " + ex.getMessage());
                }
            } else if (entry.endsWith(".jar")) {
                out.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return out;
    }

    /** Spark's own progress goes to WARN: the sweep's lines stay readable. */
    private static void quietSpark() {
        for (String name : List.of("org.apache.spark", "org.sparkproject", "io.netty", "org.apache.hadoop")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l && l.getLevel() == null) {
                l.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }
}
