package org.cgm4j.api.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing optional package skips a test with its reason, or fails it where CI requires it. */
class OptionalPackagesTest {
    @Test
    void anInstalledPackageNeitherSkipsNorFails() {
        assertThatCode(() -> OptionalPackages.check(true, "x", "apt-get install x", Map.of(OptionalPackages.REQUIRE, "1")))
                .doesNotThrowAnyException();
    }

    @Test
    void aMissingPackageSkipsNamingItAndHowToInstallIt() {
        assertThatThrownBy(() -> OptionalPackages.check(false, "somepackage", "apt-get install somepackage", Map.of()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("somepackage is not installed (apt-get install somepackage)")
                .hasMessageContaining(OptionalPackages.REQUIRE);
    }

    @Test
    void aMissingPackageFailsWhereItIsRequired() {
        assertThatThrownBy(() -> OptionalPackages.check(false, "somepackage", "apt-get install somepackage",
                        Map.of(OptionalPackages.REQUIRE, "1")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("somepackage is not installed");
    }
}
