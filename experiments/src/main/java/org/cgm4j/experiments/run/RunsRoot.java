package org.cgm4j.experiments.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cgm4j.api.UserError;
import org.cgm4j.api.io.FileErrors;

/**
 * The {@code --runs} folder of {@code cgm4j run} and {@code cgm4j sweep}, checked once before
 * anything is trained: made if missing, and written to once. A root under a regular file or on a
 * read-only file system is then one error naming it, not a failure in each run of a sweep.
 */
public final class RunsRoot {
    private RunsRoot() {}

    /**
     * Makes {@code runs} if needed and checks that files can be created in it.
     *
     * @throws UserError naming {@code runs} and why it cannot hold runs
     */
    public static void prepare(Path runs) {
        try {
            Files.createDirectories(runs);
            // Writing is the only reliable test: the permission bits say yes to root on a read-only mount.
            Files.delete(Files.createTempFile(runs, ".write-check-", ".tmp"));
        } catch (IOException e) {
            throw new UserError("--runs " + runs + " cannot hold runs: "
                    + FileErrors.describe(e).orElse(e.toString()), e);
        }
    }
}
