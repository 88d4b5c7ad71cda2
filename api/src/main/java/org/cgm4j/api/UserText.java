package org.cgm4j.api;

/**
 * Values echoed in {@link UserError} messages, cut to a readable length: a message stays one line
 * however long the value the user gave (a 100,000-digit number, a text file named as a definition).
 */
public final class UserText {
    /** The most characters of a value a message echoes. */
    public static final int MAX = 80;

    private UserText() {}

    /**
     * {@code value} itself when at most {@link #MAX} characters, else its first characters followed
     * by {@code "... (N characters)"}; line breaks become {@code \n} so the message stays one line.
     */
    public static String clip(String value) {
        if (value == null) {
            return "null";
        }
        String oneLine = value.replace("\r", "\\r").replace("\n", "\\n");
        if (oneLine.length() <= MAX) {
            return oneLine;
        }
        return oneLine.substring(0, MAX - 3) + "... (" + value.length() + " characters)";
    }
}
