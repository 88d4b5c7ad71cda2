package org.cgm4j.experiments.report;

import org.cgm4j.api.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.cgm4j.api.train.StepRecord;
import org.cgm4j.api.train.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's {@code history.csv}: one row per update with the epoch, the iteration, the step's
 * name and every unweighted term plus the weighted {@code loss} of that step.
 *
 * <p>The header is {@code epoch,iteration,step,<columns>}, each column named {@code <step>/<term>}
 * (e.g. {@code train/kl}, {@code critic/gradientPenalty}). A row fills only the columns of its own
 * step and leaves the others empty, so alternating steps (critic, actor) share one file. Values are
 * printed with {@link Double#toString(double)}, which reads back to the same double.
 *
 * <p>Each row is flushed as it is written, so a killed run keeps every row it logged. A fresh run
 * (first event an {@link #onStep}) replaces any file already there; a resumed run ({@link
 * #onResume}) keeps exactly the rows of iterations before the resume point and appends from there,
 * so its history equals that of a run never interrupted.
 */
public final class HistoryWriter implements TrainingListener, AutoCloseable {
    /** Header of the 0-based epoch column. */
    public static final String EPOCH = "epoch";

    /** Header of the 0-based global iteration column. */
    public static final String ITERATION = "iteration";

    /** Header of the update step's name column. */
    public static final String STEP = "step";

    /** The columns every history starts with, in order. */
    public static final List<String> FIXED_COLUMNS = List.of(EPOCH, ITERATION, STEP);

    /** Separates the step from the term in a column name. */
    public static final String SEPARATOR = "/";

    private static final Logger LOG = LoggerFactory.getLogger(HistoryWriter.class);

    // '\n' whatever the platform: the file is compared and diffed across machines.
    private static final CSVFormat FORMAT =
            CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();

    private final Path csv;
    private final List<String> columns;
    private final List<String> header;
    private final Map<String, Integer> columnIndex = new HashMap<>();
    private CSVPrinter printer;
    private boolean closed;

    /**
     * A writer for the given value columns; nothing is written until the first event.
     *
     * @param csv the history file, usually {@code <run>/history.csv}
     * @param columns the value columns in order, each {@code <step>/<term>} (see {@link #column})
     */
    public HistoryWriter(Path csv, List<String> columns) {
        this.csv = Objects.requireNonNull(csv, "csv");
        this.columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        for (int i = 0; i < this.columns.size(); i++) {
            String c = this.columns.get(i);
            int slash = c.indexOf(SEPARATOR);
            if (slash <= 0 || slash == c.length() - 1) {
                throw new IllegalArgumentException("history column '" + c + "' is not <step>/<term>");
            }
            if (columnIndex.put(c, i) != null) {
                throw new IllegalArgumentException("history column '" + c + "' is given twice in " + columns);
            }
        }
        List<String> h = new ArrayList<>(FIXED_COLUMNS);
        h.addAll(this.columns);
        this.header = Collections.unmodifiableList(h);
    }

    /** The column name of one term of one step: {@code <step>/<term>}. */
    public static String column(String step, String term) {
        return step + SEPARATOR + term;
    }

    /** The file's header: {@link #FIXED_COLUMNS} then the value columns. */
    public List<String> header() {
        return header;
    }

    /** The history file. */
    public Path path() {
        return csv;
    }

    /**
     * Appends the step's row and flushes it.
     *
     * @throws IllegalArgumentException when the step logs a term that is not a column
     * @throws UncheckedIOException when the file cannot be written
     */
    @Override
    public synchronized void onStep(StepRecord record) {
        checkOpen();
        String[] cells = new String[header.size()];
        cells[0] = Integer.toString(record.epoch());
        cells[1] = Long.toString(record.iteration());
        cells[2] = record.step();
        for (Map.Entry<String, Double> e : record.values().entrySet()) {
            String name = column(record.step(), e.getKey());
            Integer i = columnIndex.get(name);
            if (i == null) {
                throw new IllegalArgumentException("step '" + record.step() + "' logged '" + e.getKey()
                        + "', but '" + name + "' is not a history column; the columns are " + columns);
            }
            // null prints as an empty cell without quotes, the same as a column the step leaves out.
            cells[FIXED_COLUMNS.size() + i] = e.getValue() == null ? null : Double.toString(e.getValue());
        }
        try {
            if (printer == null) {
                startFresh();
            }
            printer.printRecord((Object[]) cells);
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + csv, e);
        }
    }

    /**
     * Cuts the file back to the rows of iterations before {@code iteration} (rewritten atomically)
     * and appends after them from now on. A last line left incomplete by a killed run is dropped.
     *
     * @throws IllegalStateException when the file there has another header
     * @throws UncheckedIOException when the file cannot be read or written
     */
    @Override
    public synchronized void onResume(int epoch, long iteration) {
        checkOpen();
        try {
            closePrinter();
            List<CSVRecord> kept = keptRows(iteration);
            AtomicFiles.write(csv, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                CSVPrinter p = new CSVPrinter(w, FORMAT);
                p.printRecord(header);
                for (CSVRecord r : kept) {
                    p.printRecord((Object[]) r.values());
                }
                p.flush();
            });
            LOG.debug("history {}: kept {} rows before iteration {}", csv, kept.size(), iteration);
            printer = new CSVPrinter(
                    Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND), FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume " + csv, e);
        }
    }

    /**
     * Flushes and closes the file. If no event came, writes a file with the header alone unless one
     * is already there (it is left as it is).
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (printer == null && !Files.exists(csv)) {
            startFresh();
        }
        closePrinter();
    }

    private void startFresh() throws IOException {
        Path parent = csv.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        printer = new CSVPrinter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8), FORMAT);
        printer.printRecord(header);
        printer.flush();
    }

    private List<CSVRecord> keptRows(long iteration) throws IOException {
        if (!Files.exists(csv)) {
            LOG.warn("resuming at iteration {}, but {} is missing: its history starts again here", iteration, csv);
            return List.of();
        }
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1;
        if (end < text.length()) {
            LOG.warn("{}: dropping an incomplete last line left by an interrupted run", csv);
        }
        text = text.substring(0, end);
        List<CSVRecord> kept = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), FORMAT)) {
            boolean first = true;
            for (CSVRecord r : parser) {
                if (first) {
                    first = false;
                    if (!r.toList().equals(header)) {
                        throw new IllegalStateException(csv + " has header " + r.toList() + ", but this run logs "
                                + header + "; move the old history away or resume with the same definition");
                    }
                    continue;
                }
                if (r.size() != header.size()) {
                    throw new IllegalStateException(csv + " line " + r.getRecordNumber() + " has " + r.size()
                            + " cells, expected " + header.size());
                }
                long it;
                try {
                    it = Long.parseLong(r.get(1));
                } catch (NumberFormatException e) {
                    throw new IllegalStateException(csv + " line " + r.getRecordNumber() + ": iteration '"
                            + r.get(1) + "' is not a number", e);
                }
                if (it < iteration) {
                    kept.add(r);
                }
            }
        }
        return kept;
    }

    private void closePrinter() throws IOException {
        if (printer != null) {
            CSVPrinter p = printer;
            printer = null;
            p.close(true);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("history writer for " + csv + " is closed");
        }
    }
}
