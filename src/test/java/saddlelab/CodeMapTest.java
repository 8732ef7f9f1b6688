package saddlelab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's map of the code is the code: every Java class of src/main and every ES module of web/js
 * is named there, and every name there with a .js ending is a module that exists. A file added without
 * its line in the map (or removed with its line left) fails here.
 */
class CodeMapTest {
    static String map() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int from = readme.indexOf("## Map of the code");
        int to = readme.indexOf("\n## ", from + 5);
        return readme.substring(from, to < 0 ? readme.length() : to);
    }

    @Test
    void everyClassAndModuleIsOnTheMap() throws IOException {
        String map = map();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String name = f.getFileName().toString().replace(".java", "");
                if (!name.equals("package-info") && !map.matches("(?s).*\\b" + name + "\\b.*")) {
                    missing.add(f.toString());
                }
            }
        }
        try (Stream<Path> files = Files.walk(Path.of("web", "js"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".js"))::iterator) {
                if (!map.contains(f.getFileName().toString())) {
                    missing.add(f.toString());
                }
            }
        }
        assertEquals(List.of(), missing, "files the README's map does not name");
    }

    @Test
    void everyModuleTheMapNamesExists() throws IOException {
        List<String> gone = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([\\w-]+\\.js)\\b").matcher(map());
        while (m.find()) {
            String js = m.group(1);
            if (js.equals("Chart.js")) {
                continue; // the library, from its webjar
            }
            boolean found;
            try (Stream<Path> files = Files.walk(Path.of("web"))) {
                found = files.anyMatch(p -> p.getFileName().toString().equals(js));
            }
            if (!found) {
                gone.add(js);
            }
        }
        assertEquals(List.of(), gone, "modules the README's map names that do not exist");
    }
}
