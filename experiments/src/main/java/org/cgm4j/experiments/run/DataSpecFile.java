package org.cgm4j.experiments.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cgm4j.api.data.DataSpec;
import org.cgm4j.api.io.AtomicFiles;

/**
 * A run's {@link RunDirectory#DATA_SPEC}: the data sizes its model was built for, as JSON, written
 * by the runner and read when a trained model is opened without its data.
 */
public final class DataSpecFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DataSpecFile() {}

    /** Writes {@code spec} as JSON to {@code file} atomically. */
    public static void write(DataSpec spec, Path file) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(spec);
            AtomicFiles.write(file, out -> {
                out.write(bytes);
                out.write('\n');
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads a file written by {@link #write}. */
    public static DataSpec read(Path file) throws IOException {
        return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), DataSpec.class);
    }
}
