package org.cgm4j.experiments.report;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.cgm4j.api.io.AtomicFiles;
import org.cgm4j.api.train.TrainingListener;

/**
 * Writes a run's {@code validation.csv}: one row per validation ({@code train.validate}) with the
 * epoch, the iteration of the epoch's last update and every validation metric
 * ({@code validation/<key>}). The header is taken from the first validation's keys. The file is
 * small and rewritten whole (atomically) at every row; a resumed run keeps the rows before its
 * resume point, so its file equals that of a run never interrupted. {@link LossCurvePlot#fromHistory}
 * reads it.
 */
public final class ValidationHistory implements TrainingListener {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();

    private final Path csv;
    private List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** A writer of {@code csv}; nothing is written before the first validation. */
    public ValidationHistory(Path csv) {
        this.csv = csv;
    }

    @Override
    public synchronized void onResume(int epoch, long iteration) {
        rows.clear();
        header = null;
        if (!Files.exists(csv)) {
            return;
        }
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser p = CSVParser.parse(r, FORMAT)) {
            for (CSVRecord rec : p) {
                if (header == null) {
                    header = rec.toList();
                } else if (rec.size() == header.size() && Long.parseLong(rec.get(1)) < iteration) {
                    rows.add(rec.toList());
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot resume " + csv + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void onValidation(int epoch, long iteration, Map<String, Double> values) {
        if (header == null) {
            header = new ArrayList<>(List.of(HistoryWriter.EPOCH, HistoryWriter.ITERATION));
            header.addAll(values.keySet());
        }
        List<String> row = new ArrayList<>(List.of(Integer.toString(epoch), Long.toString(iteration)));
        for (String key : header.subList(2, header.size())) {
            Double v = values.get(key);
            row.add(v == null ? "" : Double.toString(v));
        }
        rows.add(row);
        try {
            AtomicFiles.write(csv, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(w, FORMAT);
                printer.printRecord(header);
                for (List<String> r : rows) {
                    printer.printRecord(r);
                }
                printer.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + csv, e);
        }
    }
}
