package org.cgm4j.api.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cgm4j.api.model.ModelWeights;
import org.cgm4j.api.objective.UpdaterConfig;
import org.cgm4j.api.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainerTest {
    private static final TrainConfig CONFIG = new TrainConfig(3, UpdaterConfig.adam(1e-2), 4);

    private static TinyModel model() {
        return model(false);
    }

    private static TinyModel model(boolean staged) {
        return ExecutionComparison.model(staged);
    }

    private static List<StepRecord> fit(TinyModel m, Path ckpt, boolean resume, TrainingListener... extra) {
        return ExecutionComparison.fit(new Trainer(CONFIG, 16, 42, ckpt), m, resume, extra);
    }

    @Test
    void lossFalls() {
        List<StepRecord> r = fit(model(), null, false);
        assertThat(r).hasSize(3 * 6);
        double first = r.get(0).values().get("reconstruction");
        double last = r.get(r.size() - 1).values().get("reconstruction");
        assertThat(last).isLessThan(first * 0.9);
        assertThat(r.get(0).values()).containsKeys("reconstruction", "penalty", "loss");
    }

    @Test
    void aResumedRunEndsWithTheWeightsOfAnUninterruptedOne(@TempDir Path dir) {
        TinyModel full = model();
        List<StepRecord> fullRecords = fit(full, dir.resolve("a.ckpt"), false);

        TinyModel first = model();
        Path ckpt = dir.resolve("b.ckpt");
        // Killed after iteration 9: the last checkpoint is the one written after iteration 8.
        assertThatThrownBy(() -> fit(first, ckpt, false, new TrainingListener() {
                    @Override
                    public void onStep(StepRecord r) {
                        if (r.iteration() == 9) {
                            throw new IllegalStateException("killed");
                        }
                    }
                }))
                .hasMessage("killed");
        assertThat(Checkpoint.read(ckpt).state().iteration()).isEqualTo(8);

        TinyModel resumed = model(); // fresh weights: everything must come from the checkpoint
        List<StepRecord> rest = fit(resumed, ckpt, true);
        assertThat(rest.get(0).iteration()).isEqualTo(8);
        assertThat(rest).hasSize(fullRecords.size() - 8);
        for (int i = 0; i < rest.size(); i++) {
            assertThat(rest.get(i).values()).isEqualTo(fullRecords.get(i + 8).values());
        }
        Map<String, INDArray> a = ModelWeights.of(full.graph());
        Map<String, INDArray> b = ModelWeights.of(resumed.graph());
        a.forEach((k, v) -> assertThat(b.get(k)).as(k).isEqualTo(v));
    }

    @Test
    void aNanLossStopsTrainingWithoutApplyingTheUpdateAndKeepsTheLastCheckpoint(@TempDir Path dir) throws Exception {
        TinyModel m = model().poisonFrom(10);
        Path ckpt = dir.resolve("c.ckpt");
        assertThatThrownBy(() -> fit(m, ckpt, false))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessageContaining("iteration 10")
                .hasMessageContaining("NaN")
                .hasMessageContaining(ckpt.toString());
        ModelWeights.of(m.graph()).forEach((k, v) -> assertThat(v.isNaN().any()).as(k).isFalse());
        assertThat(Checkpoint.read(ckpt).state().iteration()).isEqualTo(8);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("c.ckpt");
        }
    }

    @Test
    void aCheckpointFromAnotherSeedIsRefused(@TempDir Path dir) {
        Path ckpt = dir.resolve("d.ckpt");
        fit(model(), ckpt, false);
        assertThatThrownBy(() -> new Trainer(CONFIG, 16, 43, ckpt).fit(model(), ExecutionComparison.DATA, List.of(),
                        true))
                .hasMessageContaining("seed 42");
    }

    @Test
    void aCheckpointRecordsItsOwnerAndAnotherOwnersIsRefusedWhileOneRecordingNoneIsAccepted(@TempDir Path dir) {
        Path ckpt = dir.resolve("o.ckpt");
        Checkpoint.Owner mine = new Checkpoint.Owner("tiny", "a".repeat(64));
        Checkpoint.Owner other = new Checkpoint.Owner("tiny", "b".repeat(64));
        ExecutionComparison.fit(new Trainer(CONFIG, 16, 42, ckpt).withOwner(other), model(), false);
        assertThat(Checkpoint.read(ckpt).owner()).isEqualTo(other);
        assertThatThrownBy(() -> new Trainer(CONFIG, 16, 42, ckpt).withOwner(mine).fit(model(),
                        ExecutionComparison.DATA, List.of(), true))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(ckpt + " was written for another run (model tiny, resolved definition sha256 bbbbbbbbbbbb)"
                        + " than this one (model tiny, resolved definition sha256 aaaaaaaaaaaa), so this run cannot"
                        + " continue from it");

        // a checkpoint of before owners were recorded: accepted, and rewritten with the owner
        Checkpoint.Loaded old = Checkpoint.read(ckpt);
        Checkpoint.write(ckpt, old.state(), old.weights(), old.updaterStates());
        assertThat(Checkpoint.read(ckpt).owner()).isNull();
        new Trainer(CONFIG, 16, 42, ckpt).withOwner(mine).fit(model(), ExecutionComparison.DATA, List.of(), true);
        assertThat(Checkpoint.read(ckpt).owner()).isNull(); // training was over: nothing new was written
    }

    @Test
    void aTruncatedCheckpointIsACheckpointErrorNamingIt(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("t.ckpt");
        fit(model(), ckpt, false);
        byte[] bytes = java.nio.file.Files.readAllBytes(ckpt);
        java.nio.file.Files.write(ckpt, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Checkpoint.read(ckpt)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("cannot read " + ckpt + " (missing or corrupt)");
    }

    @Test
    void stagesRunInOrderCycleTheirPhasesAndResumeInsideALaterStage(@TempDir Path dir) {
        TinyModel full = model(true);
        List<StepRecord> all = fit(full, dir.resolve("s.ckpt"), false);
        assertThat(full.stagesSeen).containsExactly(0, 1);
        // Epoch 0 (6 batches) is the first stage; then "decoder, decoder, encoder" from its start.
        assertThat(all.subList(0, 6)).allSatisfy(r -> assertThat(r.step()).isEqualTo("encoder"));
        assertThat(all.subList(6, 12).stream().map(StepRecord::step))
                .containsExactly("decoder", "decoder", "encoder", "decoder", "decoder", "encoder");
        assertThat(all.get(6).values()).containsOnlyKeys("decoderReconstruction", "loss");

        TinyModel first = model(true);
        Path ckpt = dir.resolve("t.ckpt");
        assertThatThrownBy(() -> fit(first, ckpt, false, new TrainingListener() {
                    @Override
                    public void onStep(StepRecord r) {
                        if (r.iteration() == 14) {
                            throw new IllegalStateException("killed");
                        }
                    }
                }))
                .hasMessage("killed");
        TinyModel resumed = model(true);
        List<StepRecord> rest = fit(resumed, ckpt, true);
        assertThat(resumed.stagesSeen).containsExactly(1);
        assertThat(rest.get(0).iteration()).isEqualTo(12);
        for (int i = 0; i < rest.size(); i++) {
            assertThat(rest.get(i).step()).isEqualTo(all.get(i + 12).step());
            assertThat(rest.get(i).values()).isEqualTo(all.get(i + 12).values());
        }
        ModelWeights.of(full.graph()).forEach((k, v) -> assertThat(ModelWeights.of(resumed.graph()).get(k)).as(k)
                .isEqualTo(v));
    }
}
