package org.cgm4j.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A batch larger than the training split is legal but warned about, with both numbers. */
class BatchSizeWarningTest {
    @Test
    void aBatchLargerThanTheTrainingSplitIsWarnedAboutWithBothNumbers() {
        Logger logger = (Logger) LoggerFactory.getLogger(ExperimentRunner.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            ExperimentRunner.warnIfBatchExceedsTrainingSplit(128, 128);
            assertThat(appender.list).isEmpty();
            ExperimentRunner.warnIfBatchExceedsTrainingSplit(512, 100);
            assertThat(appender.list).hasSize(1);
            assertThat(appender.list.get(0).getFormattedMessage())
                    .contains("data.batchSize 512").contains("training split (100 examples)");
        } finally {
            logger.detachAppender(appender);
        }
    }
}
