package saddlelab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import saddlelab.engine.Sha256;
import saddlelab.experiment.run.Run;

/**
 * Which build computed a part: the first 64 bits of SHA-256 over the class files of the engine and
 * the experiment layer (what decides a run's bits, its summary and its checks), in name order. Two
 * parts merge only when they name the same build; the adapters (server, page, this command line) may
 * differ without changing a number.
 */
final class Build {
    private Build() {
    }

    private static final String[] PACKAGES = {"saddlelab/engine/", "saddlelab/experiment/"};
    private static String id;

    static synchronized String id() {
        if (id == null) {
            try {
                id = compute();
            } catch (IOException | URISyntaxException e) {
                id = "unknown";
            }
        }
        return id;
    }

    private static boolean inPackages(String entry) {
        for (String pkg : PACKAGES) {
            if (entry.startsWith(pkg) && entry.endsWith(".class") && entry.indexOf('/', pkg.length()) < 0) {
                return true;
            }
        }
        return false;
    }

    private static String compute() throws IOException, URISyntaxException {
        Path where = Path.of(Run.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        if (Files.isDirectory(where)) {
            for (String pkg : PACKAGES) {
                Path dir = where.resolve(pkg);
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> f.toString().endsWith(".class"))
                            .forEach(f -> names.add(pkg + f.getFileName().toString()));
                }
            }
            Collections.sort(names);
            for (String n : names) {
                bytes.add(Files.readAllBytes(where.resolve(n)));
            }
        } else {
            try (JarFile jar = new JarFile(where.toFile())) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                    String n = e.nextElement().getName();
                    if (inPackages(n)) {
                        names.add(n);
                    }
                }
                Collections.sort(names);
                for (String n : names) {
                    try (InputStream in = jar.getInputStream(jar.getJarEntry(n))) {
                        bytes.add(in.readAllBytes());
                    }
                }
            }
        }
        Sha256 sha = new Sha256();
        for (int i = 0; i < names.size(); i++) {
            sha.updateUtf8(names.get(i)).updateLong(bytes.get(i).length).update(bytes.get(i));
        }
        return Sha256.hex(sha.digest(), 8);
    }
}
