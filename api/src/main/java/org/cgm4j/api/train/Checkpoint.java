package org.cgm4j.api.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.cgm4j.api.model.ArrayArchive;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A resumable snapshot of training: the weights, every optimiser's state, the position in the
 * data (epoch and batch; the batch order of an epoch is a function of the seed and the epoch),
 * the per-step update counts (Adam's bias correction depends on them) and the noise stream's
 * state; with early stopping also its counters and the best weights so far. Resuming from it
 * continues bit for bit as the uninterrupted run would have.
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE = "state.json";
    /** What the checkpoint was written for ({@link Owner}); a text entry of its own, which older readers skip. */
    private static final String OWNER = "owner.json";
    private static final String WEIGHTS = "weights/";
    private static final String UPDATERS = "updaters/";
    private static final String PROTOCOL = "protocol.json";
    private static final String BEST = "best/";

    /**
     * Where training stands.
     *
     * @param epoch the epoch to continue in
     * @param batch the first batch of that epoch not yet trained on
     * @param iteration updates applied so far
     * @param stageStartIteration the iteration at which the current stage of the schedule began
     * @param stepIterations updates applied so far per update step
     * @param rng the noise stream's state
     * @param seed the run's seed (a resume with another seed is refused)
     */
    public record State(int epoch, int batch, long iteration, long stageStartIteration,
            Map<String, Long> stepIterations, long[] rng, long seed) {}

    /**
     * The run a checkpoint belongs to, so that a checkpoint copied or left in another run's
     * directory is refused instead of silently continued under a definition it was not trained with.
     *
     * @param modelType the model's type ({@code vae}, {@code cvae}, ...)
     * @param definitionSha256 the SHA-256 (hex) of the run's resolved definition
     */
    public record Owner(String modelType, String definitionSha256) {
        /** Checks that nothing is missing. */
        public Owner {
            Objects.requireNonNull(modelType, "modelType");
            Objects.requireNonNull(definitionSha256, "definitionSha256");
        }

        @Override
        public String toString() {
            return "model " + modelType + ", resolved definition sha256 "
                    + definitionSha256.substring(0, Math.min(12, definitionSha256.length()));
        }
    }

    /**
     * Where early stopping stands ({@code train.earlyStopping}), so that a resumed run stops where
     * the uninterrupted one would.
     *
     * @param best the best value of the watched metric so far; null before the first validation
     * @param bestEpoch the epoch (0-based) of that value; -1 before the first validation
     * @param badValidations validations since the best without improvement (the patience counter)
     * @param stoppedEpoch the epoch after which training stopped early; -1 while it goes on
     */
    public record Protocol(Double best, int bestEpoch, int badValidations, int stoppedEpoch) {}

    private Checkpoint() {}

    /** A checkpoint of a run without an owner or early stopping (tests, tools). */
    public static void write(Path file, State state, Map<String, INDArray> weights,
            Map<String, Map<String, INDArray>> updaterStates) {
        write(file, state, weights, updaterStates, null, null, Map.of());
    }

    /**
     * Writes atomically: the previous checkpoint stays whole until the new one is complete.
     *
     * @param owner the run it belongs to, recorded in the file; null for none
     * @param protocol early stopping's state; null (and absent from the file) when the run has none
     * @param bestWeights the weights of the best validation so far; empty when none
     */
    public static void write(Path file, State state, Map<String, INDArray> weights,
            Map<String, Map<String, INDArray>> updaterStates, Owner owner, Protocol protocol,
            Map<String, INDArray> bestWeights) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        weights.forEach((k, v) -> arrays.put(WEIGHTS + k, v));
        updaterStates.forEach((step, m) -> m.forEach((k, v) -> arrays.put(UPDATERS + step + "/" + k, v)));
        bestWeights.forEach((k, v) -> arrays.put(BEST + k, v));
        Map<String, String> texts = new LinkedHashMap<>();
        try {
            texts.put(STATE, JSON.writeValueAsString(state));
            if (owner != null) {
                texts.put(OWNER, JSON.writeValueAsString(owner));
            }
            if (protocol != null) {
                texts.put(PROTOCOL, JSON.writeValueAsString(protocol));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ArrayArchive.write(file, arrays, texts);
    }

    /**
     * A checkpoint read back.
     *
     * @param owner the run it was written for; null for a checkpoint that records none (written
     *     before checkpoints recorded it, or by a trainer given no owner)
     * @param protocol early stopping's state; null when the run has none
     * @param bestWeights the weights of the best validation so far; empty when none
     */
    public record Loaded(State state, Map<String, INDArray> weights, Map<String, Map<String, INDArray>> updaterStates,
            Owner owner, Protocol protocol, Map<String, INDArray> bestWeights) {}

    /** Reads a checkpoint; a missing, truncated or corrupt file is a {@link CheckpointException} naming it. */
    public static Loaded read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("no checkpoint at " + file, null);
        }
        ArrayArchive.Contents c;
        try {
            c = ArrayArchive.read(file);
        } catch (IllegalStateException e) {
            throw new CheckpointException(e.getMessage(), e);
        }
        String json = c.texts().get(STATE);
        if (json == null) {
            throw new CheckpointException(file + " is not a training checkpoint: it has no " + STATE, null);
        }
        State state;
        Owner owner;
        try {
            state = JSON.readValue(json, State.class);
            String ownerJson = c.texts().get(OWNER);
            owner = ownerJson == null ? null : JSON.readValue(ownerJson, Owner.class);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file + ": corrupt " + STATE + " or " + OWNER + ": " + e.getOriginalMessage(),
                    e);
        }
        Protocol protocol = null;
        String protocolJson = c.texts().get(PROTOCOL);
        if (protocolJson != null) {
            try {
                protocol = JSON.readValue(protocolJson, Protocol.class);
            } catch (JsonProcessingException e) {
                throw new CheckpointException(file + ": corrupt " + PROTOCOL + ": " + e.getOriginalMessage(), e);
            }
        }
        Map<String, INDArray> weights = new LinkedHashMap<>();
        Map<String, INDArray> best = new LinkedHashMap<>();
        Map<String, Map<String, INDArray>> updaters = new LinkedHashMap<>();
        c.arrays().forEach((k, v) -> {
            if (k.startsWith(WEIGHTS)) {
                weights.put(k.substring(WEIGHTS.length()), v);
            } else if (k.startsWith(BEST)) {
                best.put(k.substring(BEST.length()), v);
            } else if (k.startsWith(UPDATERS)) {
                String rest = k.substring(UPDATERS.length());
                int slash = rest.indexOf('/');
                updaters.computeIfAbsent(rest.substring(0, slash), s -> new LinkedHashMap<>())
                        .put(rest.substring(slash + 1), v);
            }
        });
        return new Loaded(state, weights, updaters, owner, protocol, best);
    }
}
