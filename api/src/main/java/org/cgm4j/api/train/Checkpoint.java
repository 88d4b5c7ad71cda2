package org.cgm4j.api.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** Writes atomically: the previous checkpoint stays whole until the new one is complete. */
    public static void write(Path file, State state, Map<String, INDArray> weights,
            Map<String, Map<String, INDArray>> updaterStates) {
        write(file, state, weights, updaterStates, null, Map.of());
    }

    /**
     * As {@link #write(Path, State, Map, Map)}, with early stopping's state and the best weights so
     * far (both absent from the file when {@code protocol} is null).
     */
    public static void write(Path file, State state, Map<String, INDArray> weights,
            Map<String, Map<String, INDArray>> updaterStates, Protocol protocol, Map<String, INDArray> bestWeights) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        weights.forEach((k, v) -> arrays.put(WEIGHTS + k, v));
        updaterStates.forEach((step, m) -> m.forEach((k, v) -> arrays.put(UPDATERS + step + "/" + k, v)));
        bestWeights.forEach((k, v) -> arrays.put(BEST + k, v));
        try {
            Map<String, String> texts = new LinkedHashMap<>();
            texts.put(STATE, JSON.writeValueAsString(state));
            if (protocol != null) {
                texts.put(PROTOCOL, JSON.writeValueAsString(protocol));
            }
            ArrayArchive.write(file, arrays, texts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A checkpoint read back.
     *
     * @param protocol early stopping's state; null when the run has none
     * @param bestWeights the weights of the best validation so far; empty when none
     */
    public record Loaded(State state, Map<String, INDArray> weights, Map<String, Map<String, INDArray>> updaterStates,
            Protocol protocol, Map<String, INDArray> bestWeights) {
        /** A checkpoint without early stopping. */
        public Loaded(State state, Map<String, INDArray> weights, Map<String, Map<String, INDArray>> updaterStates) {
            this(state, weights, updaterStates, null, Map.of());
        }
    }

    /** Reads a checkpoint; a missing or corrupt file is an error naming it. */
    public static Loaded read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no checkpoint at " + file);
        }
        ArrayArchive.Contents c = ArrayArchive.read(file);
        String json = c.texts().get(STATE);
        if (json == null) {
            throw new IllegalStateException(file + " is not a training checkpoint: it has no " + STATE);
        }
        State state;
        try {
            state = JSON.readValue(json, State.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(file + ": corrupt " + STATE + ": " + e.getOriginalMessage(), e);
        }
        Protocol protocol = null;
        String protocolJson = c.texts().get(PROTOCOL);
        if (protocolJson != null) {
            try {
                protocol = JSON.readValue(protocolJson, Protocol.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(file + ": corrupt " + PROTOCOL + ": " + e.getOriginalMessage(), e);
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
        return new Loaded(state, weights, updaters, protocol, best);
    }
}
