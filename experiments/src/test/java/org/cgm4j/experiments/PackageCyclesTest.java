package org.cgm4j.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages of {@code experiments} depend one way: no package reaches itself again through the
 * packages it uses, and the command line ({@code cli}) is used by no other package. Dependencies are
 * read from the sources: imports and fully qualified names in code (comments and strings do not count).
 */
class PackageCyclesTest {
    private static final String ROOT = "org.cgm4j.experiments";
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(" + Pattern.quote(ROOT) + "(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern COMMENT_OR_STRING = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])'", Pattern.DOTALL);

    @Test
    void theMainSourcesHaveNoPackageCycleAndNothingUsesTheCommandLine() throws IOException {
        Map<String, Map<String, Set<String>>> graph = dependencies(Path.of("src/main/java"));
        assertThat(graph).containsKeys(ROOT + ".cli", ROOT + ".config", ROOT + ".run", ROOT + ".sweep");
        assertThat(cycles(graph)).as("package cycles (package -> package: classes)").isEmpty();
        graph.forEach((from, to) -> assertThat(to.keySet()).as(from + " uses").doesNotContain(ROOT + ".cli"));
    }

    @Test
    void aCycleThroughTwoPackagesIsFoundWithTheClassesThatMakeIt(@TempDir Path dir) throws IOException {
        write(dir, "a/A.java", "package " + ROOT + ".a;\nimport " + ROOT + ".b.B;\nclass A { B b; }\n");
        write(dir, "b/B.java", "package " + ROOT + ".b;\n// " + ROOT + ".c.C in a comment is no dependency\n"
                + "class B { " + ROOT + ".a.A a; String s = \"" + ROOT + ".c.C\"; }\n");
        write(dir, "c/C.java", "package " + ROOT + ".c;\nimport " + ROOT + ".a.A;\nclass C {}\n");
        List<String> found = cycles(dependencies(dir));
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).contains(ROOT + ".a -> " + ROOT + ".b", ROOT + ".b -> " + ROOT + ".a", "B", "A");
    }

    private static void write(Path dir, String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    /** package -> (package it uses -> the classes of the first that use the second). */
    private static Map<String, Map<String, Set<String>>> dependencies(Path sources) throws IOException {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(sources)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            Matcher pm = PACKAGE.matcher(text);
            if (!pm.find()) {
                continue;
            }
            String from = pm.group(1);
            Map<String, Set<String>> uses = graph.computeIfAbsent(from, k -> new TreeMap<>());
            Matcher m = REFERENCE.matcher(COMMENT_OR_STRING.matcher(text.substring(pm.end())).replaceAll(" "));
            while (m.find()) {
                String to = m.group(1);
                if (!to.equals(from)) {
                    uses.computeIfAbsent(to, k -> new TreeSet<>()).add(f.getFileName().toString().replace(".java", ""));
                }
            }
        }
        return graph;
    }

    /** Each strongly connected set of two or more packages, with its edges and the classes behind them. */
    private static List<String> cycles(Map<String, Map<String, Set<String>>> graph) {
        List<String> out = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String p : graph.keySet()) {
            if (done.contains(p)) {
                continue;
            }
            Set<String> component = new TreeSet<>();
            for (String q : graph.keySet()) {
                if (reaches(graph, p, q) && reaches(graph, q, p)) {
                    component.add(q);
                }
            }
            done.addAll(component);
            if (component.size() > 1) {
                StringBuilder b = new StringBuilder();
                for (String a : component) {
                    graph.get(a).forEach((to, classes) -> {
                        if (component.contains(to)) {
                            b.append(a).append(" -> ").append(to).append(": ").append(classes).append("; ");
                        }
                    });
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private static boolean reaches(Map<String, Map<String, Set<String>>> graph, String from, String to) {
        Set<String> seen = new TreeSet<>();
        List<String> todo = new ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            String p = todo.remove(todo.size() - 1);
            if (p.equals(to)) {
                return true;
            }
            if (seen.add(p)) {
                todo.addAll(graph.getOrDefault(p, Map.of()).keySet());
            }
        }
        return false;
    }
}
