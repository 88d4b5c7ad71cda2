package org.cgm4j.experiments.report;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.cgm4j.api.train.StepRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ProgressListenerTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(ProgressListener.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level previousLevel;

    @BeforeEach
    void attach() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.INFO);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static StepRecord step(long iteration, String step, double loss) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("realism", loss / 2);
        values.put("loss", loss);
        return new StepRecord((int) (iteration / 5), iteration, step, values, 10);
    }

    @Test
    void notInteractiveUnderSurefire() {
        // Surefire's forked JVM has no console; CI sets CI=true besides.
        assertThat(ProgressListener.interactiveConsole()).isFalse();
    }

    @Test
    void logsOneLinePerIntervalWithLatestValuesOfEveryStep() {
        AtomicLong now = new AtomicLong();
        ProgressListener p = new ProgressListener(10, false, Duration.ofSeconds(10), now::get);
        for (long i = 0; i < 8; i++) {
            now.set(Duration.ofSeconds(4 * i).toNanos()); // one update every 4 s
            p.onStep(step(i, i % 2 == 0 ? "critic" : "actor", i));
        }
        // The first update starts the clock; lines at 12 s (iteration 4) and 24 s (iteration 7).
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(0))
                .startsWith("epoch 0 iteration 4/10 (40.0%)")
                .contains("critic/realism=1.0000", "critic/loss=2.0000", "actor/loss=3.0000")
                // 3 updates of 10 examples in 12 s.
                .endsWith(" 2.5 ex/s");
        assertThat(lines().get(1)).startsWith("epoch 1 iteration 7/10 (70.0%)").contains("actor/loss=5.0000",
                "critic/loss=6.0000");
        now.set(Duration.ofSeconds(30).toNanos());
        p.onStep(step(8, "critic", 8));
        p.close();
        assertThat(lines()).hasSize(3);
        assertThat(lines().get(2)).startsWith("epoch 1 iteration 9/10").contains("critic/loss=8.0000");
        p.close();
        assertThat(lines()).hasSize(3);
    }

    @Test
    void logsTheLastIterationAndResume() {
        AtomicLong now = new AtomicLong();
        ProgressListener p = new ProgressListener(4, false, Duration.ofHours(1), now::get);
        p.onResume(1, 2);
        p.onStep(step(2, "train", 1.5));
        p.onStep(step(3, "train", 1.25));
        p.close();
        assertThat(lines()).containsExactly(
                "resuming at epoch 1, iteration 2/4",
                "epoch 0 iteration 4/4 (100.0%) train/realism=0.62500 train/loss=1.2500 - ex/s");
    }

    @Test
    void interactiveModeRunsWithoutATerminal() {
        ProgressListener p = new ProgressListener(3, true, Duration.ofSeconds(1));
        for (long i = 0; i < 3; i++) {
            p.onStep(step(i, "train", 1.0 / (i + 1)));
        }
        p.close();
        assertThat(lines()).isEmpty();
    }
}
