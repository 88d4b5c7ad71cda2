package org.cgm4j.api.objective;

/**
 * How loss terms and step totals are named as graph variables ({@code term/kl},
 * {@code total/train}) and in logs ({@code train/kl}), in one place.
 */
public final class TermNames {
    /** The graph variable that holds the schedule's combined loss. */
    public static final String LOSS = "loss";
    /** Log name of the weighted total of a step's objective. */
    public static final String TOTAL = "loss";

    private TermNames() {}

    /** The graph variable of term {@code term}. */
    public static String variable(String term) {
        return "term/" + term;
    }

    /** The graph variable of step {@code step}'s weighted total. */
    public static String stepTotal(String step) {
        return "total/" + step;
    }

    /** The scalar placeholder that switches step {@code step} on (1) or off (0). */
    public static String stepSelector(String step) {
        return "schedule/" + step;
    }
}
