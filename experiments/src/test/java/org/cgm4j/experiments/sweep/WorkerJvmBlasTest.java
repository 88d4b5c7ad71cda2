package org.cgm4j.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import org.cgm4j.experiments.report.NativeBlas;
import org.junit.jupiter.api.Test;

/** A worker JVM loads the BLAS library of its parent: results repeat bit for bit only with the same one. */
class WorkerJvmBlasTest {
    @Test
    void workersCopyTheOptionsThatChooseTheBlasLibrary() {
        for (String option : NativeBlas.LOADING_OPTIONS) {
            assertThat(WorkerJvm.COPIED_OPTIONS.stream().anyMatch((option + "x")::startsWith)).as(option).isTrue();
        }
    }
}
