package saddlelab.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Temporary directories and files for the browser tests and benchmarks, deleted (contents and all) when
 * the JVM exits: Chromium profiles, preset databases and static copies would otherwise pile up in /tmp
 * with every test run. Deleted at exit rather than after each test because Chromium and the server hold
 * files in them until they stop.
 */
public final class TempDirs {
    private static final List<Path> CREATED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "temp-dirs-cleanup"));
    }

    private TempDirs() {
    }

    public static synchronized Path directory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        CREATED.add(dir);
        return dir;
    }

    static synchronized Path file(String prefix, String suffix) throws IOException {
        Path file = Files.createTempFile(prefix, suffix);
        CREATED.add(file);
        return file;
    }

    private static synchronized void deleteAll() {
        for (Path p : CREATED) {
            deleteTree(p);
        }
        CREATED.clear();
    }

    /** Deletes a file or a directory with everything under it; what cannot be deleted is left. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a file still held open: leave it, the rest goes
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // the tree changed under us: nothing more to do at exit
        }
    }
}
