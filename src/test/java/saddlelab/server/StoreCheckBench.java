package saddlelab.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import saddlelab.experiment.documents.Link;

/**
 * What the start-up check of a SQLite link store costs on a large store: {@code integrity_check} (the
 * check the server runs: it finds index damage) beside {@code quick_check} (which does not), on a store
 * of 1 000 000 links of the size the page shares ({@code ./mvnw -q test-compile exec:java@store-check-bench});
 * prints the CPU model, the file's size and each check's time, best of three.
 */
public final class StoreCheckBench {
    private StoreCheckBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("saddle-lab-store-bench");
        Path file = dir.resolve("presets.sqlite");
        try {
            LinkStore.sqlite(dir).close(); // the schema, from the migrations
            String template = LinkStoreContract.preset(0, "a link").document;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                c.setAutoCommit(false);
                try (PreparedStatement st = c.prepareStatement("INSERT INTO presets (id, document, created_ms) VALUES (?, ?, ?)")) {
                    for (int i = 0; i < n; i++) {
                        String doc = template.replace("a link", "link " + i);
                        st.setString(1, Link.id(doc));
                        st.setString(2, doc);
                        st.setLong(3, i);
                        st.addBatch();
                        if (i % 10_000 == 9_999) {
                            st.executeBatch();
                        }
                    }
                    st.executeBatch();
                }
                c.commit();
            }
            System.out.printf("cpu: %s%nlinks: %d, file: %.0f MB%n", cpu(), n, Files.size(file) / 1e6);
            for (String check : new String[] {"quick_check", "integrity_check"}) {
                double best = Double.MAX_VALUE;
                String result = "";
                for (int round = 0; round < 3; round++) {
                    long t0 = System.nanoTime();
                    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                            PreparedStatement st = c.prepareStatement("PRAGMA " + check + "(1)");
                            ResultSet rs = st.executeQuery()) {
                        rs.next();
                        result = rs.getString(1);
                    }
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                }
                System.out.printf("%-16s %6.2f s (%s)%n", check, best, result);
            }
            long t0 = System.nanoTime();
            String problem = LinkStore.problem(file);
            System.out.printf("%-16s %6.2f s (%s)%n", "start-up check", (System.nanoTime() - t0) / 1e9,
                    problem == null ? "sound" : problem);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
