package org.cgm4j.experiments.report;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.cgm4j.api.train.StepRecord;
import org.cgm4j.api.train.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows how training is going: on a terminal a progress bar (iterations done of the total, examples
 * per second, the latest {@code loss}); elsewhere (CI, a log file, {@code TERM=dumb}) one plain
 * INFO line per interval with the epoch, iteration/total, the latest value of every term of every
 * step and examples per second, so logs stay readable. See {@link #interactiveConsole()} to choose.
 */
public final class ProgressListener implements TrainingListener, AutoCloseable {
    /** The term a step's weighted total is logged under (see {@link StepRecord#values()}). */
    public static final String LOSS = "loss";

    private static final Logger LOG = LoggerFactory.getLogger(ProgressListener.class);

    private final long totalIterations;
    private final boolean interactive;
    private final long intervalNanos;
    private final LongSupplier nanoClock;

    /** Latest value per {@code <step>/<term>}, in first-seen order. */
    private final Map<String, Double> latest = new LinkedHashMap<>();

    private ProgressBar bar;
    private int epoch;
    private long done; // iterations completed, counting those before a resume
    private long startNanos = -1;
    private long examples; // in this process
    private long examplesAtStart;
    private long lastLogNanos;
    private long examplesAtLastLog;
    private long doneAtLastLog = -1;
    private boolean closed;

    /**
     * A listener for a run of {@code totalIterations} updates.
     *
     * @param totalIterations updates in the whole run (epochs times batches per epoch)
     * @param interactive a progress bar when true, periodic log lines when false
     * @param logInterval the least time between two log lines (non-interactive mode)
     */
    public ProgressListener(long totalIterations, boolean interactive, Duration logInterval) {
        this(totalIterations, interactive, logInterval, System::nanoTime);
    }

    ProgressListener(long totalIterations, boolean interactive, Duration logInterval, LongSupplier nanoClock) {
        if (totalIterations < 0) {
            throw new IllegalArgumentException("totalIterations must be >= 0, got " + totalIterations);
        }
        this.totalIterations = totalIterations;
        this.interactive = interactive;
        this.intervalNanos = Objects.requireNonNull(logInterval, "logInterval").toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Whether a progress bar makes sense here: a console is attached, the environment variable
     * {@code CI} is not {@code true} and {@code TERM} is not {@code dumb}.
     */
    public static boolean interactiveConsole() {
        return System.console() != null
                && !"true".equalsIgnoreCase(System.getenv("CI"))
                && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public synchronized void onResume(int epoch, long iteration) {
        this.epoch = epoch;
        this.done = iteration;
        this.doneAtLastLog = iteration;
        if (interactive) {
            bar().stepTo(iteration);
        } else {
            LOG.info("resuming at epoch {}, iteration {}/{}", epoch, iteration, totalIterations);
        }
    }

    @Override
    public synchronized void onStep(StepRecord record) {
        if (closed) {
            return;
        }
        long now = nanoClock.getAsLong();
        epoch = record.epoch();
        done = record.iteration() + 1;
        examples += record.batchSize();
        if (startNanos < 0) {
            // Rates count from the end of the first update: its time (graph set-up, JIT) is unknown.
            startNanos = now;
            lastLogNanos = now;
            examplesAtStart = examples;
            examplesAtLastLog = examples;
        }
        record.values().forEach((term, v) -> latest.put(HistoryWriter.column(record.step(), term), v));
        if (interactive) {
            ProgressBar b = bar();
            b.stepTo(done);
            Double loss = record.values().get(LOSS);
            b.setExtraMessage(String.format(Locale.ROOT, "epoch %d  %s %s  %s ex/s", epoch, record.step(),
                    loss == null ? "" : LOSS + " " + format(loss), rate(examples - examplesAtStart, now - startNanos)));
        } else if (now - lastLogNanos >= intervalNanos || done == totalIterations) {
            logLine(now);
        }
    }

    /** Ends the bar, or logs the last line when steps came after the last one logged. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (bar != null) {
            bar.close();
            bar = null;
        } else if (!interactive && startNanos >= 0 && done != doneAtLastLog) {
            logLine(nanoClock.getAsLong());
        }
    }

    private void logLine(long now) {
        StringBuilder terms = new StringBuilder();
        latest.forEach((name, v) -> terms.append(' ').append(name).append('=').append(format(v)));
        String pct = totalIterations > 0
                ? String.format(Locale.ROOT, " (%.1f%%)", 100.0 * done / totalIterations)
                : "";
        LOG.info("epoch {} iteration {}/{}{}{} {} ex/s", epoch, done, totalIterations, pct, terms,
                rate(examples - examplesAtLastLog, now - lastLogNanos));
        lastLogNanos = now;
        examplesAtLastLog = examples;
        doneAtLastLog = done;
    }

    private ProgressBar bar() {
        if (bar == null) {
            bar = new ProgressBarBuilder()
                    .setTaskName("train")
                    .setInitialMax(totalIterations)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500)
                    .startsFrom(done, Duration.ZERO)
                    .build();
        }
        return bar;
    }

    private static String format(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.5g", v);
    }

    private static String rate(long examples, long nanos) {
        if (nanos <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f", examples * 1e9 / nanos);
    }
}
