package org.cgm4j.experiments.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of one worker of a sweep ({@code cgm4j sweep-worker}): the main class and
 * arguments that every executor starts a run with, and the worker's exit codes. It lives beside the
 * executors that build it, so that planning and running a sweep need nothing from the command-line
 * classes; the {@code sweep-worker} command reads what this writes.
 */
public final class WorkerArguments {
    /** The main class of the {@code cgm4j} command line, which a worker process starts with. */
    public static final String MAIN_CLASS = "org.cgm4j.experiments.cli.Cgm4j";
    /** The name of the worker's subcommand. */
    public static final String NAME = "sweep-worker";
    /** Exit code when the run's directory is not the expected one. */
    public static final int WRONG_DIRECTORY = 3;
    /** Exit code when the parent process went away. */
    public static final int PARENT_GONE = 4;

    /** JSON with every non-ASCII character escaped: the value survives any locale's argument encoding. */
    private static final ObjectMapper COMMAND_JSON = new ObjectMapper()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());

    private WorkerArguments() {}

    /**
     * The arguments (after the main class) that start the worker of one run: {@code sweep-worker},
     * the overrides as {@code --set=KEY=VALUE}, {@code --runs}, {@code --run}, {@code --expect},
     * {@code --exit-with-parent}, the recorded command as one {@code --command=<JSON array>}, then
     * {@code --} and the definition. Every value is attached to its option or follows the end of
     * options, so no word of the user's command line (an option name such as {@code --set} among
     * them) can be read as an option of the worker.
     *
     * @param command the command line the run's provenance records (the label is added by the worker)
     */
    public static List<String> of(Path definition, List<String> overrides, Path runsRoot, String label,
            Path expect, List<String> command) {
        List<String> args = new ArrayList<>();
        args.add(NAME);
        overrides.forEach(o -> args.add("--set=" + o));
        args.add("--runs=" + runsRoot.toAbsolutePath());
        args.add("--run=" + label);
        args.add("--expect=" + expect.toAbsolutePath());
        args.add("--exit-with-parent");
        try {
            args.add("--command=" + COMMAND_JSON.writeValueAsString(command));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the command " + command, e);
        }
        args.add("--");
        args.add(definition.toString());
        return args;
    }

    /** The words of a {@code --command} value; none when it is absent. */
    public static List<String> commandWords(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return List.of(COMMAND_JSON.readValue(json, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--command must be a JSON array of strings, got " + json, e);
        }
    }
}
