package org.cgm4j.experiments.report;

/** Escaping of text for the SVG plots and the HTML report, which show names and values from definitions. */
public final class Markup {
    private Markup() {}

    /**
     * {@code text} escaped for XML and HTML content and quoted attribute values; control
     * characters other than tab and line breaks become spaces; null becomes the empty string.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
