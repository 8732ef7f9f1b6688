package saddlelab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering (README, "Map of the code"): engine ← experiment ← (browser, server, cli). The engine
 * and the experiment spec are plain Java (no TeaVM, Javalin, Jetty or DOM), so the very same classes
 * run in the browser, on the server and on the command line; and the training path stays off the
 * browser's Math.log/exp/pow, whose results differ between engines. EJML serves the analyses' dense
 * linear algebra through the classes listed in {@link #EJML}, which use only + − × ÷ sqrt in a fixed
 * order (checked bit for bit against the browser builds by CrossEngineBrowserTest); nothing else of it.
 */
class LayeringTest {
    static final Path MAIN = Path.of("src", "main", "java", "saddlelab");
    static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    /** The EJML classes the experiment layer may use (Tasks: products, Cholesky, triangular solves). */
    static final List<String> EJML = List.of("org.ejml.data.DMatrixRMaj", "org.ejml.dense.row.CommonOps_DDRM",
            "org.ejml.dense.row.decomposition.TriangularSolver_DDRM",
            "org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM");

    static List<String> violations(String layer, String... forbiddenPrefixes) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve(layer))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                Matcher m = IMPORT.matcher(text);
                while (m.find()) {
                    if (layer.equals("experiment") && EJML.contains(m.group(2))) {
                        continue;
                    }
                    for (String prefix : forbiddenPrefixes) {
                        if (m.group(2).startsWith(prefix)) {
                            out.add(f + " imports " + m.group(2));
                        }
                    }
                }
                for (String prefix : forbiddenPrefixes) {
                    if (text.contains(" " + prefix) && !text.contains("import " + prefix)) {
                        // fully qualified use without an import
                        for (String line : text.split("\n")) {
                            if (line.contains(prefix) && !line.trim().startsWith("*") && !line.trim().startsWith("//")) {
                                out.add(f + " uses " + line.trim());
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void engineAndExperimentArePlainJava() throws IOException {
        String[] platforms = {"org.teavm", "io.javalin", "org.eclipse.jetty", "jakarta.", "org.ejml", "java.io.",
            "java.nio.", "java.util.concurrent", "java.util.Random", "java.util.SplittableRandom"};
        List<String> v = violations("engine", platforms);
        v.addAll(violations("experiment", platforms));
        v.addAll(violations("engine", "saddlelab.experiment", "saddlelab.browser", "saddlelab.server", "saddlelab.cli"));
        v.addAll(violations("experiment", "saddlelab.browser", "saddlelab.server", "saddlelab.cli"));
        assertTrue(v.isEmpty(), String.join("\n", v));
    }

    /**
     * experiment/'s rooms, lowest first (README, "Map of the code"): a room may use the rooms before it,
     * never one after it, so each can be read knowing only what is below.
     */
    static final List<String> ROOMS = List.of("spec", "run", "readings", "figures", "documents");

    @Test
    void experimentsRoomsPointOneWay() throws IOException {
        List<String> v = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(MAIN.resolve("experiment"))) {
            List<String> found = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
            assertTrue(found.equals(ROOMS.stream().sorted().toList()), "experiment/ has exactly the rooms " + ROOMS + ": " + found);
        }
        for (int i = 0; i < ROOMS.size(); i++) {
            List<String> above = new ArrayList<>();
            for (String r : ROOMS.subList(i + 1, ROOMS.size())) {
                above.add("saddlelab.experiment." + r + ".");
            }
            v.addAll(violations("experiment/" + ROOMS.get(i), above.toArray(String[]::new)));
        }
        try (Stream<Path> files = Files.list(MAIN.resolve("experiment"))) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".java")), "every class of experiment/ is in a room");
        }
        assertTrue(v.isEmpty(), String.join("\n", v));
        // the check reads imports: the documents room does use the spec room
        assertTrue(violations("experiment/documents", "saddlelab.experiment.spec.").size() > 0, "imports are read");
    }

    @Test
    void adaptersDoNotReachIntoEachOther() throws IOException {
        List<String> v = violations("browser", "saddlelab.server", "saddlelab.cli", "io.javalin");
        v.addAll(violations("server", "saddlelab.browser", "saddlelab.cli", "org.teavm"));
        assertTrue(v.isEmpty(), String.join("\n", v));
    }

    @Test
    void sharedCodeUsesOnlyDeterministicElementaryFunctions() throws IOException {
        Pattern transcendental = Pattern.compile("(?<![A-Za-z])Math\\.(log|exp|pow|sin|cos|tan|tanh|log1p|expm1|cbrt|hypot|atan2)\\(");
        List<String> out = new ArrayList<>();
        for (String layer : new String[] {"engine", "experiment", "browser"}) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(layer))) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    String[] lines = Files.readString(f, StandardCharsets.UTF_8).split("\n");
                    for (int i = 0; i < lines.length; i++) {
                        String line = lines[i].trim();
                        if (!line.startsWith("*") && !line.startsWith("//") && transcendental.matcher(line).find()) {
                            out.add(f + ":" + (i + 1) + ": " + line);
                        }
                    }
                }
            }
        }
        assertTrue(out.isEmpty(), "use DetMath instead:\n" + String.join("\n", out));
    }
}
