package org.cgm4j.executors.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cgm4j.experiments.sweep.WorkerJvm;
import org.junit.jupiter.api.Assumptions;

/**
 * A Spark standalone cluster on the loopback address: a master and workers, each a child JVM started
 * from this JVM's class path (Spark's jars are on it), with no Spark installation. The worker
 * builds its executors' command from {@code SPARK_HOME}: an empty folder with a {@code jars}
 * directory stands in for it (the executors' class path comes from {@code
 * spark.executor.extraClassPath} instead), and {@code SPARK_SCALA_VERSION} spares it looking for
 * build directories.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final int masterPort;

    private StandaloneCluster(Path dir, int masterPort) {
        this.dir = dir;
        this.masterPort = masterPort;
    }

    /**
     * Starts a master and {@code workers} workers of 1 core and 1 GiB each under {@code dir}; skips
     * the calling test when no loopback port can be bound.
     */
    static StandaloneCluster start(Path dir, int workers) throws IOException, InterruptedException {
        int masterPort = freePort();
        StandaloneCluster c = new StandaloneCluster(dir, masterPort);
        try {
            Files.createDirectories(dir.resolve("spark-home").resolve("jars"));
            c.launch("master", "org.apache.spark.deploy.master.Master", "I have been elected leader", "--host",
                    "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort()));
            for (int i = 1; i <= workers; i++) {
                Path work = Files.createDirectories(dir.resolve("work-" + i));
                c.launch("worker-" + i, "org.apache.spark.deploy.worker.Worker", "Successfully registered with master",
                        c.masterUrl(), "--host", "127.0.0.1", "--port", String.valueOf(freePort()), "--webui-port",
                        String.valueOf(freePort()), "--cores", "1", "--memory", "1g", "--work-dir", work.toString());
            }
            return c;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    /** {@code spark://127.0.0.1:<port>}. */
    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The worker JVMs (the Spark workers, not their executors). */
    List<Process> workers() {
        return processes.subList(1, processes.size());
    }

    private void launch(String name, String mainClass, String ready, String... args)
            throws IOException, InterruptedException {
        WorkerJvm self = WorkerJvm.current();
        List<String> options = new ArrayList<>(List.of("-Xmx256m"));
        options.addAll(Arrays.asList(System.getProperty("cgm4j.spark.addOpens", "").trim().split("\\s+")));
        options.removeIf(String::isBlank);
        // its own logging configuration: the readiness lines are INFO, which the tests' configuration hides
        Path logback = dir.resolve("logback-cluster.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.sparkproject" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        options.add("-Dlogback.configurationFile=" + logback);
        ProcessBuilder pb = new WorkerJvm(self.executable(), self.classPath(), options).configure(mainClass,
                List.of(args));
        pb.environment().put("SPARK_HOME", dir.resolve("spark-home").toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Path log = dir.resolve(name + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        processes.add(p);
        long end = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < end) {
            if (Files.readString(log).contains(ready)) {
                return;
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("the Spark " + name + " exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the Spark " + name + " did not start in " + START_LIMIT + ": "
                + Files.readString(log));
    }

    /** A free TCP port on the loopback address; the test is skipped when none can be bound. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            Assumptions.abort("cannot bind a port on 127.0.0.1 for a Spark cluster: " + e);
            throw new IllegalStateException(e);
        }
    }

    /** Stops the workers (with their executors and runs) and the master. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
