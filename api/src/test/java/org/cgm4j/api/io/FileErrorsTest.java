package org.cgm4j.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.IIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File-system failures become one line naming the file. */
class FileErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aWriteThatFailsWithoutNamingAFileIsReportedWithTheFileBeingWritten() throws IOException {
        Path png = dir.resolve("samples/samples.png");
        // What ImageIO throws on a full disk: its message names no file, its cause says why.
        assertThatThrownBy(() -> AtomicFiles.write(png, out -> {
                    out.write(1);
                    throw new IIOException("I/O error writing PNG file!", new IOException("No space left on device"));
                }))
                .isInstanceOf(FileErrors.WriteFailed.class)
                .hasMessage("cannot write " + png + ": No space left on device");
        assertThat(png).doesNotExist();
        try (Stream<Path> s = Files.list(png.getParent())) {
            assertThat(s.toList()).as("no temporary file left").isEmpty();
        }
    }

    @Test
    void describeFindsTheFileAnywhereInTheCauses() {
        IOException inner = new FileErrors.WriteFailed(dir.resolve("last.ckpt"), new IOException("No space left on device"));
        assertThat(FileErrors.describe(new RuntimeException("training failed", new UncheckedIOException("x", inner))))
                .contains("cannot write " + dir.resolve("last.ckpt") + ": No space left on device");
        assertThat(FileErrors.describe(new NoSuchFileException(dir.resolve("gone").toString())))
                .contains(dir.resolve("gone") + ": no such file or directory");
        assertThat(FileErrors.describe(new UncheckedIOException("cannot write history.csv", new IOException("Disk quota exceeded"))))
                .contains("cannot write history.csv: Disk quota exceeded");
        assertThat(FileErrors.describe(new IllegalStateException("a bug"))).isEmpty();
    }

    @Test
    void aPathUnderARegularFileNamesTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        IOException e = failureCreating(file.resolve("runs/exp"));
        assertThat(FileErrors.describe(e).orElseThrow()).contains(file + " is a file, not a directory");
    }

    private static IOException failureCreating(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("created " + p);
    }
}
