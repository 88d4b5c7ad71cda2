package org.cgm4j.api.testing;

import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need something beyond JDK 17 and Maven (a Debian dataset package, a browser, git)
 * call {@link #assumeInstalled}: on a machine without it the test is skipped with a printed
 * reason, so {@code mvn -B verify} passes with JDK and Maven alone, as the README promises. CI sets
 * {@value #REQUIRE}{@code =1} (see {@code .ci/run}, which installs them), and there a missing
 * package fails the test instead of hiding it behind a skip.
 */
public final class OptionalPackages {
    /** Environment variable that turns a missing optional package from a skip into a failure. */
    public static final String REQUIRE = "CGM4J_REQUIRE_OPTIONAL";

    private OptionalPackages() {}

    /**
     * Skips the calling test (or fails it, under {@value #REQUIRE}{@code =1}) unless {@code installed}.
     *
     * @param what the package, as a user would install it ("Debian's dataset-fashion-mnist")
     * @param install how to install it ("apt-get install dataset-fashion-mnist")
     */
    public static void assumeInstalled(boolean installed, String what, String install) {
        check(installed, what, install, System.getenv());
    }

    /** {@link #assumeInstalled} against the given environment (for its own test). */
    static void check(boolean installed, String what, String install, Map<String, String> env) {
        if (installed) {
            return;
        }
        String reason = what + " is not installed (" + install + ")";
        if ("1".equals(env.get(REQUIRE))) {
            Assertions.fail(reason + "; " + REQUIRE + "=1 requires it");
        }
        // Printed as well as carried by the skip: the reason then shows in the test's output file
        // next to its report, not only inside the XML.
        String line = "skipped, " + reason + "; set " + REQUIRE + "=1 to make this a failure";
        System.err.println(line);
        Assumptions.abort(line);
    }
}
