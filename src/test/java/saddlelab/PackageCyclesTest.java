package saddlelab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rooms a newcomer can read one at a time: inside server/ and each room of experiment/ no class takes part in a
 * reference cycle with another class of its package (a class uses another when it names it in code;
 * comments and strings do not count). A cycle means two files that can only be understood together.
 */
class PackageCyclesTest {
    static final Pattern WORD = Pattern.compile("\\b[A-Z]\\w*\\b");

    /** Code without comments and string or character literals. */
    static String code(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                i = text.indexOf('\n', i) < 0 ? text.length() : text.indexOf('\n', i);
            } else if (text.startsWith("/*", i)) {
                i = text.indexOf("*/", i + 2) < 0 ? text.length() : text.indexOf("*/", i + 2) + 2;
                out.append(' ');
            } else if (text.startsWith("\"\"\"", i)) {
                i = text.indexOf("\"\"\"", i + 3) + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c) {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.append(c).append(c);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Class (file) → the classes of the same package it names. */
    static Map<String, Set<String>> uses(Path dir) throws IOException {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String name = f.getFileName().toString().replace(".java", "");
                if (!name.equals("package-info")) {
                    sources.put(name, code(Files.readString(f, StandardCharsets.UTF_8)));
                }
            }
        }
        Map<String, Set<String>> out = new TreeMap<>();
        for (var e : sources.entrySet()) {
            Set<String> used = new TreeSet<>();
            Matcher m = WORD.matcher(e.getValue());
            while (m.find()) {
                if (sources.containsKey(m.group()) && !m.group().equals(e.getKey())) {
                    used.add(m.group());
                }
            }
            out.put(e.getKey(), used);
        }
        return out;
    }

    /** The strongly connected components with more than one class (Tarjan). */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, graph, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void strongConnect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, graph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }

    /** The packages whose classes must not form cycles: the server and each room of experiment/. */
    static final String[] PACKAGES = {"server", "experiment/spec", "experiment/run", "experiment/readings",
        "experiment/figures", "experiment/documents"};

    @Test
    void noClassOfExperimentOrServerIsInACycleWithAnotherOfItsPackage() throws IOException {
        for (String pkg : PACKAGES) {
            Map<String, Set<String>> graph = uses(LayeringTest.MAIN.resolve(pkg));
            assertFalse(graph.isEmpty(), pkg + " has classes");
            assertEquals(List.of(), cycles(graph), pkg + "/ has classes that can only be read together");
        }
        assertTrue(uses(LayeringTest.MAIN.resolve("server")).get("LabServer").contains("Links"), "the graph is read");
        assertTrue(uses(LayeringTest.MAIN.resolve("experiment/run")).get("Run").contains("Trace"), "the graph is read");
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> g = new TreeMap<>(Map.of("A", Set.of("B"), "B", Set.of("C"), "C", Set.of("A"), "D", Set.of("A")));
        assertEquals(List.of(Set.of("A", "B", "C")), cycles(g));
        assertEquals("x(\"\", ''); y", code("x(\"Run\", 'R'); // Run\n/* Run */y").replace("\n", "").replace("  ", " "));
    }
}
