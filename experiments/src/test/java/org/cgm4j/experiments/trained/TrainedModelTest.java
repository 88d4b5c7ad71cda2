package org.cgm4j.experiments.trained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.cgm4j.api.UserError;
import org.cgm4j.api.data.Batch;
import org.cgm4j.api.data.DataSource;
import org.cgm4j.api.data.DatasetRegistry;
import org.cgm4j.api.data.IdxFile;
import org.cgm4j.api.data.Split;
import org.cgm4j.api.model.ArrayArchive;
import org.cgm4j.api.model.ConditionalGenerativeModel;
import org.cgm4j.api.plugin.PluginRegistry;
import org.cgm4j.api.train.Trainer;
import org.cgm4j.experiments.cli.CommandLineRun;
import org.cgm4j.experiments.cli.ExploreCommand;
import org.cgm4j.experiments.config.DefinitionException;
import org.cgm4j.experiments.config.DefinitionLoader;
import org.cgm4j.experiments.config.ExperimentDefinition;
import org.cgm4j.experiments.config.ResolvedDefinition;
import org.cgm4j.experiments.report.MetricsFile;
import org.cgm4j.experiments.run.ExperimentRunner;
import org.cgm4j.experiments.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trained models as objects: a run opened from its directory behaves bit for bit like the model
 * that trained; re-evaluation reproduces metrics.json and leaves the run alone; bad run
 * directories give one line naming what is missing; the three commands write their files.
 */
class TrainedModelTest {
    /** The shipped Sohn et al. definition at a tiny size: the CVAE on the 1-quadrant task. */
    static final Path QUADRANTS = Path.of("definitions/sohn2015/mnist-quadrants.yaml").toAbsolutePath();
    static final List<String> TINY_CVAE = List.of("train.epochs=1", "data.limit=256", "data.testLimit=32",
            "data.batchSize=32", "model.hidden=[32]", "model.latentDim=4",
            "evaluate=[{type: conditionalLogLikelihood, estimator: importance, samples: 10},"
                    + " {type: conditionalLogLikelihood, estimator: monteCarlo, samples: 5}]",
            "output.samples=2", "output.reconstructions=4");

    static PluginRegistry registry;
    static ResolvedDefinition cvae;
    static Path cvaeRun;

    @BeforeAll
    static void trainTinyCvae(@TempDir Path runs) throws Exception {
        registry = PluginRegistry.discover();
        cvae = new DefinitionLoader(registry).load(QUADRANTS, TINY_CVAE);
        cvaeRun = new ExperimentRunner(registry, DatasetRegistry.defaults()).run(cvae, runs, false, List.of("test"))
                .directory().path();
    }

    @Test
    void anOpenedRunSamplesAndScoresBitForBitLikeTheModelThatTrained(@TempDir Path tmp) throws Exception {
        // the model that trained, trained again in this process exactly as the runner trains it
        ExperimentDefinition def = cvae.definition();
        DataSource data = DataSource.create(def.data(), DatasetRegistry.defaults());
        ConditionalGenerativeModel live = registry.create(cvae.modelType(), def.model(), ExperimentRunner.modelContext(cvae, data.spec()));
        new Trainer(def.train(), def.data().batchSize(), def.seed(), tmp.resolve("ckpt")).fit(live, data, List.of(),
                false);
        TrainedModel trained = TrainedModel.of(live, cvae, data);
        TrainedModel opened = TrainedModel.open(cvaeRun);

        assertThat(opened.type()).isEqualTo("cvae");
        assertThat(opened.spec()).isEqualTo(data.spec());
        Batch given = opened.examples(data.splits().test().head(1));
        INDArray a = trained.sample(6, Condition.given(given), 11);
        INDArray b = opened.sample(6, Condition.given(given), 11);
        assertThat(b.shape()).containsExactly(6, data.spec().yDim());
        assertThat(bits(b)).isEqualTo(bits(a)); // INDArray.equals allows 1e-5: compare the floats exactly
        assertThat(bits(opened.sample(6, Condition.given(given), 12))).isNotEqualTo(bits(b));
        Batch test = data.batch(Split.TEST, new int[] {0, 1, 2}, live.dataType());
        assertThat(bits(opened.predict(test))).isEqualTo(bits(trained.predict(test)));

        // the definition's own metric list reproduces metrics.json exactly
        Map<String, Double> recorded = MetricsFile.read(cvaeRun.resolve(RunDirectory.METRICS));
        assertThat(new TreeMap<>(opened.evaluate(def.evaluate()))).isEqualTo(recorded);
        assertThat(new TreeMap<>(trained.evaluate(def.evaluate()))).isEqualTo(recorded);

        // a CVAE has no encoder q(z | y) of its own: the capability error names what it needs
        assertThatThrownBy(() -> opened.encode(test.y())).isInstanceOf(TrainedModelException.class)
                .hasMessageContaining("model.type cvae").hasMessageContaining("latent-variable model");
    }

    @Test
    void aRunWrittenBeforeDataSpecExistedOpensFromItsData(@TempDir Path tmp) throws Exception {
        Path copy = copyRun(cvaeRun, tmp);
        Files.delete(copy.resolve(RunDirectory.DATA_SPEC));
        TrainedModel old = TrainedModel.open(copy);
        TrainedModel now = TrainedModel.open(cvaeRun);
        Batch given = now.examples(now.data().splits().test().head(1));
        assertThat(old.spec()).isEqualTo(now.spec());
        assertThat(bits(old.sample(3, Condition.given(given), 5))).isEqualTo(bits(now.sample(3, Condition.given(given), 5)));
    }

    @Test
    void evaluateWritesItsOwnFolderReproducesTheRunsMetricsAndNeverTouchesTheRun(@TempDir Path tmp)
            throws Exception {
        Path run = copyRun(cvaeRun, tmp);
        Map<String, byte[]> before = contents(run);
        Path def = tmp.resolve("def.yaml");
        Files.writeString(def, "extends: " + QUADRANTS + "\n"
                + "evaluate: [{type: conditionalLogLikelihood, estimator: importance, samples: 10},"
                + " {type: conditionalLogLikelihood, estimator: monteCarlo, samples: 5}]\n");

        CommandLineRun same = CommandLineRun.of("evaluate", run.toString(), "--from", def.toString());
        assertThat(same.code()).as(same.err()).isZero();
        Path[] folders;
        try (Stream<Path> s = Files.list(run.resolve(RunDirectory.EVALUATIONS))) {
            folders = s.toArray(Path[]::new);
        }
        assertThat(folders).hasSize(1);
        assertThat(folders[0].getFileName().toString()).matches("[0-9a-f]{8}");
        assertThat(Files.readString(folders[0].resolve(RunDirectory.METRICS)))
                .isEqualTo(Files.readString(run.resolve(RunDirectory.METRICS)));
        assertThat(folders[0].resolve(RunDirectory.PROVENANCE)).isRegularFile();
        assertThat(Files.readString(folders[0].resolve(Reevaluations.LIST))).contains("conditionalLogLikelihood");

        CommandLineRun more = CommandLineRun.of("evaluate", run.toString(), "--metric",
                "{type: conditionalLogLikelihood, estimator: importance, samples: 20}");
        assertThat(more.code()).as(more.err()).isZero();
        assertThat(more.out()).contains("test/cllSamples_importance").contains("20.0000");
        try (Stream<Path> s = Files.list(run.resolve(RunDirectory.EVALUATIONS))) {
            assertThat(s.count()).isEqualTo(2);
        }
        CommandLineRun again = CommandLineRun.of("evaluate", run.toString(), "--metric",
                "{type: conditionalLogLikelihood, estimator: importance, samples: 20}");
        assertThat(again.out()).contains("evaluated before");

        // the run's own files are as they were
        Map<String, byte[]> after = contents(run);
        after.keySet().removeIf(k -> k.startsWith(RunDirectory.EVALUATIONS + "/"));
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v));

        CommandLineRun bad = CommandLineRun.of("evaluate", run.toString(), "--metric", "{type: noSuchMetric}");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: --metric {type: noSuchMetric}: ").contains("unknown type 'noSuchMetric'")
                .doesNotContain("\tat ");
    }

    @Test
    void badRunDirectoriesNameWhatIsMissing(@TempDir Path tmp) throws Exception {
        assertThatThrownBy(() -> TrainedModel.open(tmp.resolve("nowhere")))
                .isInstanceOf(TrainedModelException.class).hasMessageContaining("no such directory");
        assertThatThrownBy(() -> TrainedModel.open(tmp)).isInstanceOf(TrainedModelException.class)
                .hasMessageContaining("it has no " + RunDirectory.RESOLVED);

        Path noWeights = copyRun(cvaeRun, tmp.resolve("a"));
        Files.delete(noWeights.resolve(RunDirectory.WEIGHTS));
        assertThatThrownBy(() -> TrainedModel.open(noWeights)).isInstanceOf(TrainedModelException.class)
                .hasMessageContaining(RunDirectory.WEIGHTS + " is missing");

        Path unfinished = copyRun(cvaeRun, tmp.resolve("b"));
        Files.delete(unfinished.resolve(RunDirectory.COMPLETE));
        assertThatThrownBy(() -> TrainedModel.open(unfinished)).isInstanceOf(TrainedModelException.class)
                .hasMessageContaining("is not complete").hasMessageContaining("cgm4j resume");

        Path unknown = copyRun(cvaeRun, tmp.resolve("c"));
        Path resolved = unknown.resolve(RunDirectory.RESOLVED);
        Files.writeString(resolved, Files.readString(resolved).replace("type: cvae", "type: noSuchModel"));
        assertThatThrownBy(() -> TrainedModel.open(unknown)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("noSuchModel").hasMessageContaining(RunDirectory.RESOLVED);

        Path misfit = copyRun(cvaeRun, tmp.resolve("d"));
        Path weights = misfit.resolve(RunDirectory.WEIGHTS);
        ArrayArchive.Contents c = ArrayArchive.read(weights);
        Map<String, INDArray> arrays = new LinkedHashMap<>(c.arrays());
        String name = arrays.keySet().iterator().next();
        long[] shape = arrays.get(name).shape().clone();
        shape[shape.length - 1] += 1;
        arrays.put(name, Nd4j.zeros(arrays.get(name).dataType(), shape));
        ArrayArchive.write(weights, arrays, c.texts());
        assertThatThrownBy(() -> TrainedModel.open(misfit)).isInstanceOf(TrainedModelException.class)
                .hasMessageContaining("variable " + name + " has shape");

        // on the command line: one line, exit code 2, no stack trace
        for (Path bad : List.of(tmp.resolve("nowhere"), noWeights, unfinished, misfit)) {
            for (String command : List.of("sample", "evaluate", "explore")) {
                CommandLineRun r = command.equals("evaluate")
                        ? CommandLineRun.of(command, bad.toString(), "--metric", "{type: elbo}")
                        : CommandLineRun.of(command, bad.toString());
                assertThat(r.code()).as(command + " " + bad).isEqualTo(2);
                assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
                assertThat(r.err()).startsWith("error: ").contains(bad.getFileName().toString());
            }
        }
        assertThat(UserError.class).isAssignableFrom(TrainedModelException.class);
    }

    @Test
    void sampleWritesAGridOrIdxGivenAnImageAndExploreNeedsALatentSpace(@TempDir Path tmp) throws Exception {
        TrainedModel opened = TrainedModel.open(cvaeRun);
        Path image = tmp.resolve("digit.idx");
        var test = opened.data().splits().test().head(1);
        IdxFile.writeUnsignedBytes(image, new int[] {1, test.rows(), test.cols()}, test.pixels(), false);

        Path png = tmp.resolve("grid.png");
        CommandLineRun r = CommandLineRun.of("sample", cvaeRun.toString(), "--n", "8", "--condition", image.toString(),
                "--seed", "3", "--out", png.toString());
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage grid = ImageIO.read(png.toFile());
        assertThat(grid.getHeight()).isGreaterThan(2 * 28);

        Path idx = tmp.resolve("samples.idx");
        r = CommandLineRun.of("sample", cvaeRun.toString(), "--n", "8", "--condition", image.toString(), "--out",
                idx.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(IdxFile.read(idx).dims()).containsExactly(8, 28, 28);

        r = CommandLineRun.of("sample", cvaeRun.toString(), "--out", png.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("needs its inputs x");
        r = CommandLineRun.of("explore", cvaeRun.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("latent-variable model");
    }

    @Test
    void aVaeSamplesEncodesAndExploresWithCaptionedPictures(@TempDir Path tmp) throws Exception {
        Path file = CommandLineRun.tinyDefinition(tmp, "explored", "", 1);
        CommandLineRun done = CommandLineRun.of("run", file.toString(), "--runs", tmp.resolve("runs").toString());
        assertThat(done.code()).as(done.err()).isZero();
        Path run;
        try (Stream<Path> s = Files.list(tmp.resolve("runs/explored"))) {
            run = s.findFirst().orElseThrow();
        }
        TrainedModel vae = TrainedModel.open(run);
        INDArray samples = vae.sample(5, Condition.none(), 9);
        assertThat(samples.shape()).containsExactly(5, 784);
        assertThat(bits(vae.sample(5, Condition.none(), 9))).isEqualTo(bits(samples));
        INDArray[] q = vae.encode(samples);
        assertThat(q[0].shape()).containsExactly(5, vae.latentDim());
        assertThat(vae.decode(q[0]).shape()).containsExactly(5, 784);
        assertThatThrownBy(() -> vae.sample(2, Condition.ofClass(3), 1)).isInstanceOf(TrainedModelException.class)
                .hasMessageContaining("latent-editing model");

        Path out = tmp.resolve("explore");
        CommandLineRun r = CommandLineRun.of("explore", run.toString(), "--out", out.toString(), "--steps", "5",
                "--images", "4");
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage traversals = ImageIO.read(out.resolve(ExploreCommand.TRAVERSALS).toFile());
        BufferedImage interpolations = ImageIO.read(out.resolve(ExploreCommand.INTERPOLATIONS).toFile());
        // captions widen the picture beyond its cells: 5 (traversals) and 7 (A, 5 steps, B) cells of 2 x 28 + 1 pixels
        assertThat(traversals.getWidth()).isGreaterThan(5 * 57 + 1);
        assertThat(interpolations.getWidth()).isGreaterThan(7 * 57 + 1);
        // two pairs of images, a linear and a spherical row each, under a caption row
        assertThat(interpolations.getHeight()).isGreaterThan(4 * 57 + 1);
        assertThat(out.resolve(ExploreCommand.EDITS)).doesNotExist();
    }

    @Test
    void theReadmeExampleRunsOnATrainedRun() {
        Map<String, Double> cll = org.cgm4j.examples.OpenTrainedModel.run(cvaeRun, 12);
        assertThat(cll.get("test/cllSamples_importance")).isEqualTo(12.0);
        assertThat(cll.get("test/negativeCll_importance")).isPositive().isFinite();
    }

    /** The values of {@code a} as floats, row-major (arrays of floats compare bit for bit). */
    static float[] bits(INDArray a) {
        return a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
    }

    /** A copy of {@code run} under {@code dir} at the same relative place (runs/experiment/name). */
    static Path copyRun(Path run, Path dir) throws Exception {
        Path target = dir.resolve(run.getParent().getFileName()).resolve(run.getFileName());
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : s.toList()) {
                Path t = target.resolve(run.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return target;
    }

    private static Map<String, byte[]> contents(Path dir) throws Exception {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }
}
