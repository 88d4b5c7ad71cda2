package org.cgm4j.api.train;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A graph's gradient function, built once. SameDiff 1.0.0-M2.1 prints a line to standard output
 * for every op it differentiates ("Added differentiated op ...": 50 to 300 lines a model, in every
 * run log and sweep worker log); while it builds, those lines are dropped and every other line
 * passes through.
 */
final class GradientFunction {
    /** The name SameDiff gives a graph's gradient function. */
    static final String NAME = "grad";
    private static final String NOISE = "Added differentiated op ";

    private GradientFunction() {}

    /** {@code sd}'s gradient function, built now if it does not exist yet. */
    static synchronized SameDiff of(SameDiff sd) {
        if (sd.getFunction(NAME) == null) {
            PrintStream out = System.out;
            PrintStream filtered = new PrintStream(new DropLines(out, NOISE), true, StandardCharsets.UTF_8);
            System.setOut(filtered);
            try {
                sd.createGradFunction();
            } finally {
                System.setOut(out);
                filtered.close(); // passes on a partial line; System.out stays open
            }
        }
        return sd.getFunction(NAME);
    }

    /** Passes whole lines to {@code target} except those starting with {@code prefix}; closing it leaves the target open. */
    static final class DropLines extends OutputStream {
        private final PrintStream target;
        private final byte[] prefix;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        DropLines(PrintStream target, String prefix) {
            this.target = target;
            this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        /** Flushes what has passed; a partial line waits for its end (PrintStream flushes on every write). */
        @Override
        public synchronized void flush() {
            target.flush();
        }

        /** Passes on a last partial line; leaves the target open. */
        @Override
        public synchronized void close() {
            if (line.size() > 0) {
                emit();
            }
            target.flush();
        }

        private void emit() {
            byte[] bytes = line.toByteArray();
            line.reset();
            boolean noise = bytes.length >= prefix.length;
            for (int i = 0; noise && i < prefix.length; i++) {
                noise = bytes[i] == prefix[i];
            }
            if (!noise) {
                target.write(bytes, 0, bytes.length);
            }
        }
    }
}
